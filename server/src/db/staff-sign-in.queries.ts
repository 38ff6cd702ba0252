/** Staff sign-in protection: failed attempts and lockouts, two-factor secrets, recovery codes. */
import { sql } from 'kysely';
import type { Executor } from './executor.js';
import type { StaffSignInRow } from './staff-sign-in.tables.js';

/** Sign-in state of these accounts, by member id; accounts never seen have no row. */
export async function findSignInStates(
  db: Executor,
  memberIds: readonly string[],
): Promise<Map<string, StaffSignInRow>> {
  if (memberIds.length === 0) return new Map();
  const rows = await db.selectFrom('staff_sign_in').selectAll().where('member_id', 'in', memberIds).execute();
  return new Map(rows.map((row) => [row.member_id, row]));
}

/**
 * Counts one failed attempt on an account; the `limit`-th in a row locks it until `lockedUntil`
 * and starts the count again. One statement, so concurrent failures on several nodes all count.
 * Returns whether the account is locked now.
 */
export async function recordFailure(
  db: Executor,
  memberId: string,
  limit: number,
  lockedUntil: Date,
): Promise<boolean> {
  const row = await db
    .insertInto('staff_sign_in')
    .values({
      member_id: memberId,
      failures: limit <= 1 ? 0 : 1,
      locked_until: limit <= 1 ? lockedUntil : null,
    })
    .onConflict((oc) =>
      oc.column('member_id').doUpdateSet({
        failures: sql`case when staff_sign_in.failures + 1 >= ${limit} then 0 else staff_sign_in.failures + 1 end`,
        locked_until: sql`case when staff_sign_in.failures + 1 >= ${limit} then ${lockedUntil}::timestamptz else staff_sign_in.locked_until end`,
      }),
    )
    .returning('locked_until')
    .executeTakeFirstOrThrow();
  return row.locked_until !== null && row.locked_until.getTime() === lockedUntil.getTime();
}

/** A successful sign-in (or an owner's unlock): the failure count and any lockout are cleared. */
export async function clearFailures(db: Executor, memberId: string): Promise<void> {
  await db
    .updateTable('staff_sign_in')
    .set({ failures: 0, locked_until: null })
    .where('member_id', '=', memberId)
    .execute();
}

/** Keeps a secret shown for enrolment until its first code confirms it. */
export async function setPendingSecret(db: Executor, memberId: string, secret: string): Promise<void> {
  await db
    .insertInto('staff_sign_in')
    .values({ member_id: memberId, totp_pending_secret: secret })
    .onConflict((oc) => oc.column('member_id').doUpdateSet({ totp_pending_secret: secret }))
    .execute();
}

/** Turns two-factor on with the confirmed secret; `step` is the time step of the code that confirmed it. */
export async function enableTotp(db: Executor, memberId: string, secret: string, step: number, now: Date) {
  await db
    .updateTable('staff_sign_in')
    .set({ totp_secret: secret, totp_pending_secret: null, totp_enabled_at: now, totp_last_step: step })
    .where('member_id', '=', memberId)
    .execute();
}

/** Turns two-factor off and drops the recovery codes. */
export async function disableTotp(db: Executor, memberId: string): Promise<void> {
  await db
    .updateTable('staff_sign_in')
    .set({ totp_secret: null, totp_pending_secret: null, totp_enabled_at: null, totp_last_step: null })
    .where('member_id', '=', memberId)
    .execute();
  await db.deleteFrom('staff_recovery_codes').where('member_id', '=', memberId).execute();
}

/**
 * Takes a code's time step for an account, once: false when a code of this step or a later one
 * was already used, so a code seen over someone's shoulder cannot be replayed.
 */
export async function claimTotpStep(db: Executor, memberId: string, step: number): Promise<boolean> {
  const result = await db
    .updateTable('staff_sign_in')
    .set({ totp_last_step: step })
    .where('member_id', '=', memberId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', String(step))]))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Replaces an account's recovery codes with new ones (their hashes). */
export async function replaceRecoveryCodes(db: Executor, memberId: string, hashes: readonly string[]) {
  await db.deleteFrom('staff_recovery_codes').where('member_id', '=', memberId).execute();
  await db
    .insertInto('staff_recovery_codes')
    .values(hashes.map((code_hash) => ({ member_id: memberId, code_hash })))
    .execute();
}

/** Uses up one recovery code; false when it is unknown or was used before. */
export async function useRecoveryCode(db: Executor, memberId: string, hash: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('staff_recovery_codes')
    .set({ used_at: now })
    .where('member_id', '=', memberId)
    .where('code_hash', '=', hash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
