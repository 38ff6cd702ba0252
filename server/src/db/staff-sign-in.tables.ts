/**
 * Table types for staff sign-in protection (lockouts, two-factor, recovery codes), added to the
 * core Database type. Kept apart from database.ts so the feature extends the schema without
 * editing the core.
 */
import type { ColumnType, Generated, Kysely, Selectable, Transaction } from 'kysely';
import type { Database } from './database.js';
import type { Executor } from './executor.js';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface StaffSignInTable {
  member_id: string;
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
  code_hash: string;
  used_at: Timestamp | null;
  created_at: Generated<Date>;
}

export interface StaffSignInDatabase extends Database {
  staff_sign_in: StaffSignInTable;
  staff_recovery_codes: StaffRecoveryCodesTable;
}

export type StaffSignInRow = Selectable<StaffSignInTable>;
export type StaffSignInExecutor = Kysely<StaffSignInDatabase> | Transaction<StaffSignInDatabase>;

/** The same connection or transaction, typed with the tables of this file. */
export function signIns(db: Executor): StaffSignInExecutor {
  return db as unknown as StaffSignInExecutor;
}
