import { sql } from 'kysely';
import { MEMBER_COLUMNS, memberOf, prefixedMemberColumns } from './actor.queries.js';
import type { MemberRow } from './database.js';
import type { Executor } from './executor.js';
import { prepared } from './prepared-statements.js';

/** A write's idempotency key, as a member claims it for a request. */
export interface KeyClaim {
  memberId: string;
  key: string;
  requestType: string;
  fingerprint: string;
}

/** A new claim, with its writer as stored now (read under the writer's row lock). */
export interface Claimed {
  member: MemberRow;
  /** Whether the writer's site takes guests' posts now. */
  guestsAllowed: boolean;
}

/**
 * Claims the idempotency keys of the writes committed together, inside their transaction, with
 * the type and fingerprint of each request. Returns the claims that were new (by `claimId`),
 * each with its writer's row and site setting as stored now, so the writes check them under the
 * lock; the others are retries of keys used before. A concurrent retry waits on the key's row
 * until the first claim commits.
 *
 * The same statement first locks the writing members' rows (`FOR NO KEY UPDATE`), in id order:
 * a member's row is the first lock of every write (see `runWrite`), taken before the key's foreign
 * key check takes its own share lock, so two writes of one member queue here instead of
 * deadlocking later, and two groups of writes take their members in the same order.
 */
export async function claimKeys(
  db: Executor,
  claims: readonly KeyClaim[],
  /**
   * Also sets the rest of the transaction to plan its prepared statements once (`plan_cache_mode`
   * = `force_generic_plan`), in the same round trip; it takes effect when a key is claimed.
   */
  options: { genericPlans?: boolean } = {},
): Promise<Map<string, Claimed>> {
  const memberIds = claims.map((c) => c.memberId);
  const planSetting = options.genericPlans
    ? sql`, set_config('plan_cache_mode', 'force_generic_plan', true) as plan_cache_mode`
    : sql``;
  const { rows } = await sql<Record<string, unknown> & { key: string; site_guests_allowed: boolean }>`
    with writer as (
      select ${sql.join(MEMBER_COLUMNS.map((c) => sql.id(c)))} from members
      where id = any(${memberIds}::bigint[]) order by id for no key update
    ), claimed as (
      insert into idempotency_keys (member_id, key, request_type, request_fingerprint, response)
      select writer.id, c.key, c.request_type, c.fingerprint, null
      from writer
      join unnest(${memberIds}::bigint[], ${claims.map((c) => c.key)}::text[],
                  ${claims.map((c) => c.requestType)}::text[], ${claims.map((c) => c.fingerprint)}::text[])
        as c(member_id, key, request_type, fingerprint) on c.member_id = writer.id
      on conflict (member_id, key) do nothing
      returning member_id, key
    )
    select claimed.key, ${prefixedMemberColumns('w')}, s.guests_allowed as site_guests_allowed ${planSetting}
    from claimed
    join writer w on w.id = claimed.member_id
    join sites s on s.id = w.site_id ${prepared()}`.execute(db);
  const claimed = new Map<string, Claimed>();
  for (const row of rows) {
    const member = memberOf(row) as MemberRow;
    claimed.set(claimId(member.id, row.key), { member, guestsAllowed: row.site_guests_allowed });
  }
  return claimed;
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
