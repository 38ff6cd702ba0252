import type { Executor } from './executor.js';
import type { SuppressionReason } from './mail.tables.js';

/** Stops all mail to an address (lower-cased); a second report keeps the first. */
export async function suppressAddress(
  db: Executor,
  s: { address: string; reason: SuppressionReason; detail: string | null; now: Date },
): Promise<boolean> {
  const row = await db
    .insertInto('mail_suppressions')
    .values({ address: s.address.trim().toLowerCase(), reason: s.reason, detail: s.detail, created_at: s.now })
    .onConflict((oc) => oc.column('address').doNothing())
    .returning('address')
    .executeTakeFirst();
  return row !== undefined;
}

/** Whether mail to an address is stopped. */
export async function isSuppressed(db: Executor, address: string): Promise<boolean> {
  const row = await db
    .selectFrom('mail_suppressions')
    .select('address')
    .where('address', '=', address.trim().toLowerCase())
    .executeTakeFirst();
  return row !== undefined;
}

/** Which of a list of addresses are suppressed, lower-cased. */
export async function suppressedAmong(db: Executor, addresses: string[]): Promise<Set<string>> {
  const keys = [...new Set(addresses.map((a) => a.trim().toLowerCase()))];
  if (keys.length === 0) return new Set();
  const rows = await db.selectFrom('mail_suppressions').select('address').where('address', 'in', keys).execute();
  return new Set(rows.map((r) => r.address));
}

/** Sends to an address again (an operator's decision after a mistaken report). */
export async function unsuppressAddress(db: Executor, address: string): Promise<boolean> {
  const result = await db
    .deleteFrom('mail_suppressions')
    .where('address', '=', address.trim().toLowerCase())
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
