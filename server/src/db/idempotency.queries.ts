import { sql } from 'kysely';
import type { Executor } from './executor.js';
import { prepared } from './prepared-statements.js';

/** A write's idempotency key, as a member claims it for a request. */
export interface KeyClaim {
  memberId: string;
  key: string;
  requestType: string;
  fingerprint: string;
}

/**
 * Claims the idempotency keys of the writes committed together, inside their transaction, with
 * the type and fingerprint of each request; returns the claims that were new (as `member:key`),
 * so the others are retries of keys used before. A concurrent retry waits on the key's row until
 * the first claim commits.
 *
 * The same statement first locks the writing members' rows (`FOR NO KEY UPDATE`), in id order:
 * a member's row is the first lock of every write (see `runWrite`), taken before the key's foreign
 * key check takes its own share lock, so two writes of one member queue here instead of
 * deadlocking later, and two groups of writes take their members in the same order.
 */
export async function claimKeys(db: Executor, claims: readonly KeyClaim[]): Promise<Set<string>> {
  const { rows } = await sql<{ member_id: string; key: string }>`
    with writer as (
      select id from members where id = any(${claims.map((c) => c.memberId)}::bigint[]) order by id for no key update
    )
    insert into idempotency_keys (member_id, key, request_type, request_fingerprint, response)
    select writer.id, c.key, c.request_type, c.fingerprint, null
    from writer
    join unnest(${claims.map((c) => c.memberId)}::bigint[], ${claims.map((c) => c.key)}::text[],
                ${claims.map((c) => c.requestType)}::text[], ${claims.map((c) => c.fingerprint)}::text[])
      as c(member_id, key, request_type, fingerprint) on c.member_id = writer.id
    on conflict (member_id, key) do nothing
    returning member_id, key ${prepared()}`.execute(db);
  return new Set(rows.map((r) => claimId(String(r.member_id), r.key)));
}

/** How `claimKeys` names a claim in what it returns. */
export function claimId(memberId: string, key: string): string {
  return `${memberId}:${key}`;
}

/**
 * The statement that stores the responses of writes under their keys: run alone, or within
 * another (see appendEvents).
 */
export function saveResponsesQuery(responses: readonly { memberId: string; key: string; response: unknown }[]) {
  return sql`
    update idempotency_keys k set response = r.response
    from unnest(${responses.map((r) => r.memberId)}::bigint[], ${responses.map((r) => r.key)}::text[],
                ${responses.map((r) => JSON.stringify(r.response))}::jsonb[]) as r(member_id, key, response)
    where k.member_id = r.member_id and k.key = r.key`;
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
