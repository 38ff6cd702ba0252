import type { Executor } from './executor.js';
import { prepared } from './prepared-statements.js';

/**
 * Claims an idempotency key inside the write's transaction, with the type and fingerprint of
 * the request claiming it. Returns false when the key was used before; a concurrent retry
 * waits on the row lock until the first one commits.
 */
export async function claimKey(
  db: Executor,
  memberId: string,
  key: string,
  requestType: string,
  fingerprint: string,
): Promise<boolean> {
  const inserted = await db
    .insertInto('idempotency_keys')
    .values({
      member_id: memberId,
      key,
      request_type: requestType,
      request_fingerprint: fingerprint,
      response: null,
    })
    .onConflict((oc) => oc.columns(['member_id', 'key']).doNothing())
    .returning('key')
    .modifyEnd(prepared())
    .executeTakeFirst();
  return inserted !== undefined;
}

/** The statement that stores a write's response under its key: run alone, or within another (see appendEvents). */
export function saveResponseQuery(db: Executor, memberId: string, key: string, response: unknown) {
  return db
    .updateTable('idempotency_keys')
    .set({ response: JSON.stringify(response) })
    .where('member_id', '=', memberId)
    .where('key', '=', key);
}

export async function findResponse(
  db: Executor,
  memberId: string,
  key: string,
): Promise<{ requestType: string; fingerprint: string | null; response: unknown } | undefined> {
  const row = await db
    .selectFrom('idempotency_keys')
    .select(['request_type', 'request_fingerprint', 'response'])
    .where('member_id', '=', memberId)
    .where('key', '=', key)
    .executeTakeFirst();
  return row
    ? { requestType: row.request_type, fingerprint: row.request_fingerprint, response: row.response }
    : undefined;
}
