import type { Generated } from 'kysely';

/** Table type of a staff member's preferences for the moderation view; part of `Database` (database.ts). */
export interface StaffPreferencesTable {
  member_id: string;
  /** The site, for sharding by site; filled from the parent row when an insert leaves it out. */
  site_id: Generated<string>;
  /** A language Booth ships (`LANGUAGES`), checked by the application. */
  language: string;
}
