/**
 * Table types for staff sign-in protection (lockouts, two-factor, recovery codes). They are part
 * of the one `Database` interface (database.ts).
 */
import type { ColumnType, Generated, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface StaffSignInTable {
  member_id: string;
  /** The site, for sharding by site; filled from the parent row when an insert leaves it out. */
  site_id: Generated<string>;
  failures: Generated<number>;
  locked_until: Timestamp | null;
  totp_secret: string | null;
  totp_pending_secret: string | null;
  totp_enabled_at: Timestamp | null;
  totp_last_step: ColumnType<string | null, string | number | null, string | number | null>;
}

export interface StaffRecoveryCodesTable {
  id: Generated<string>;
  member_id: string;
  /** The site, for sharding by site; filled from the parent row when an insert leaves it out. */
  site_id: Generated<string>;
  code_hash: string;
  used_at: Timestamp | null;
  created_at: Generated<Date>;
}

export type StaffSignInRow = Selectable<StaffSignInTable>;
