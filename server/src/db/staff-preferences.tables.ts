/** Table type of a staff member's preferences for the moderation view; part of `Database` (database.ts). */
export interface StaffPreferencesTable {
  member_id: string;
  /** A language Booth ships (`LANGUAGES`), checked by the application. */
  language: string;
}
