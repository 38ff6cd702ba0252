import { type Kysely, sql } from 'kysely';

/**
 * Staff sign-in protection: failed attempts and lockouts per account, TOTP two-factor secrets,
 * and hashed recovery codes. Kept out of `members`, so no query that reads member rows (exports,
 * lists, sessions) can carry a second factor along.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('staff_sign_in')
    .addColumn('member_id', 'bigint', (c) => c.primaryKey().references('members.id').onDelete('cascade'))
    // Failed attempts since the last success or lockout.
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'timestamptz')
    // Base32 secret of the authenticator app; null until enrolment is confirmed with a code.
    .addColumn('totp_secret', 'text')
    // A secret shown for enrolment, waiting for its first code.
    .addColumn('totp_pending_secret', 'text')
    .addColumn('totp_enabled_at', 'timestamptz')
    // The last 30-second step a code was accepted for: the same code cannot be used twice.
    .addColumn('totp_last_step', 'bigint')
    .execute();
  await db.schema
    .createTable('staff_recovery_codes')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('member_id', 'bigint', (c) => c.notNull().references('members.id').onDelete('cascade'))
    // SHA-256 of the code: codes are random and long, so a fast hash is enough.
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('staff_recovery_codes_member_idx')
    .on('staff_recovery_codes')
    .columns(['member_id', 'code_hash'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('staff_recovery_codes').execute();
  await db.schema.dropTable('staff_sign_in').execute();
}
