import type { Executor } from './executor.js';
import { prepared } from './prepared-statements.js';

/**
 * Claims an idempotency key inside the write's transaction, with the type and fingerprint of
 * the request claiming it. Returns false when the key was used before; a concurrent retry
 * waits on the row lock until the first one commits.
 *
 * The same statement first locks the member's row (`FOR NO KEY UPDATE`): the member's row is
 * the first lock of every write (see `runWrite`), taken before the key's foreign key check
 * takes its own share lock, so two writes of one member queue here instead of deadlocking later.
 */
export async function claimKey(
  db: Executor,
  memberId: string,
  key: string,
  requestType: string,
  fingerprint: string,
): Promise<boolean> {
  const inserted = await db
    .with('writer', (qb) => qb.selectFrom('members').select('id').where('id', '=', memberId).forNoKeyUpdate())
    .insertInto('idempotency_keys')
    .columns(['member_id', 'key', 'request_type', 'request_fingerprint', 'response'])
    .expression((eb) =>
      eb
        .selectFrom('writer')
        .select((s) => [
          'writer.id',
          s.val(key).as('key'),
          s.val(requestType).as('request_type'),
          s.val(fingerprint).as('request_fingerprint'),
          s.lit(null).as('response'),
        ]),
    )
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
