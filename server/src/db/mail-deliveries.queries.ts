import { sql } from 'kysely';
import type { Executor } from './executor.js';
import type { MailDeliveryRow, MailDeliveryStatus } from './mail.tables.js';
import { prepared } from './prepared-statements.js';

/** One piece of news in a thread email. */
export type MailItem =
  | { type: 'reply'; postId: string }
  | { type: 'accepted'; postId: string }
  | { type: 'moved'; from: string; to: string }
  | { type: 'hidden' }
  | { type: 'approved' };

/** One piece of news for the emails of a thread's followers. */
export interface ThreadNews {
  siteId: string;
  threadId: string;
  item: MailItem;
  /**
   * Who hears of it: everyone following the thread but this member (the author of the news), or
   * only the thread's author (moderation news), whether they follow it or not.
   */
  to: { followersExcept: string } | 'thread author';
}

export interface FannedOut {
  id: string;
  sendAt: Date;
  /** False when the news joined an email already waiting. */
  created: boolean;
}

/**
 * Adds pieces of thread news to the email of each recipient who has a confirmed address, has not
 * turned email off and whose address did not bounce: they join the email already waiting for that
 * person and thread, or start one, sent once the window since their last email on the thread has
 * passed. News on a thread that is gone is dropped. One statement, however many pieces and
 * followers: a worker fans out a batch of writes' news at once.
 *
 * Each person's news of a thread is gathered first (in the order given), since one statement
 * cannot update the same waiting email twice. A piece the email already holds is not added again,
 * nor a piece given twice, so a write fanned out again adds nothing.
 */
export async function fanOutThreadMail(
  db: Executor,
  news: ThreadNews[],
  window: { now: Date; windowMs: number },
): Promise<FannedOut[]> {
  if (news.length === 0) return [];
  const { now } = window;
  const { rows } = await sql<{ id: string; send_at: Date; created: boolean }>`
    with news as (
      select * from unnest(${news.map((n) => n.siteId)}::bigint[], ${news.map((n) => n.threadId)}::bigint[],
                           ${news.map((n) => JSON.stringify(n.item))}::jsonb[],
                           ${news.map((n) => n.to === 'thread author')}::boolean[],
                           ${news.map((n) => (n.to === 'thread author' ? '0' : n.to.followersExcept))}::bigint[])
        with ordinality as n(site_id, thread_id, item, to_thread_author, except_id, ord)
    ), told as (
      -- Each piece with each of its recipients; nth > 1 marks a piece someone was already given.
      select news.ord, news.site_id, news.thread_id, news.item, who.member_id,
        row_number() over (partition by who.member_id, news.thread_id, news.item order by news.ord) as nth
      from news
      join threads t on t.id = news.thread_id
      cross join lateral (
        select t.author_id as member_id where news.to_thread_author
        union all
        select f.member_id from follows f
        where not news.to_thread_author and f.thread_id = news.thread_id and f.member_id <> news.except_id
      ) who
    ), gathered as (
      -- One row per person and thread: their pieces in order (the site of the first, as all are one).
      select member_id, thread_id, (array_agg(site_id order by ord))[1] as site_id,
        jsonb_agg(item order by ord) as items
      from told where nth = 1
      group by member_id, thread_id
    )
    insert into mail_deliveries as d (site_id, member_id, thread_id, kind, items, status, send_at, created_at)
    select g.site_id, g.member_id, g.thread_id, 'thread', g.items, 'pending',
      greatest(${now}::timestamptz, coalesce(
        (select max(l.sent_at) from mail_deliveries l
          where l.member_id = g.member_id and l.thread_id = g.thread_id and l.status in ('sending', 'sent'))
          + make_interval(secs => ${window.windowMs / 1000}),
        ${now}::timestamptz)),
      ${now}
    from gathered g
    join member_emails e on e.member_id = g.member_id and e.confirmed_at is not null and e.all_off_at is null
    where not exists (select 1 from mail_suppressions s where s.address = lower(e.address))
    on conflict (member_id, thread_id, kind) where status = 'pending' and thread_id is not null
    -- The waiting email takes the pieces it does not hold yet, in order.
    do update set items = d.items || coalesce(
      (select jsonb_agg(x.item order by x.n) from jsonb_array_elements(excluded.items) with ordinality as x(item, n)
        where not d.items @> jsonb_build_array(x.item)),
      '[]'::jsonb)
    returning d.id, d.send_at, (xmax = 0) as created ${prepared()}`.execute(db);
  return rows.map((r) => ({ id: r.id, sendAt: new Date(r.send_at), created: r.created }));
}

/** Starts an email to one member outside any thread (an address confirmation…), sent at once. */
export async function insertDelivery(
  db: Executor,
  d: { siteId: string; memberId: string; kind: string; items?: unknown[]; threadId?: string | null; now: Date },
): Promise<string> {
  const row = await db
    .insertInto('mail_deliveries')
    .values({
      site_id: d.siteId,
      member_id: d.memberId,
      thread_id: d.threadId ?? null,
      kind: d.kind,
      items: JSON.stringify(d.items ?? []),
      send_at: d.now,
      created_at: d.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Takes pending emails that are due, so no other worker sends them too; returns those taken.
 * `sent_at` marks the start of the coalescing window from now on.
 */
export async function claimDeliveries(db: Executor, ids: string[], now: Date): Promise<MailDeliveryRow[]> {
  if (ids.length === 0) return [];
  return db
    .updateTable('mail_deliveries')
    .set((eb) => ({ status: 'sending', sent_at: now, attempts: eb('attempts', '+', 1) }))
    .where('id', 'in', ids)
    .where('status', '=', 'pending')
    .where('send_at', '<=', now)
    .returningAll()
    .execute();
}

/** Ends an attempt: sent, given up, or back to pending for the next retry. */
export async function finishDelivery(
  db: Executor,
  id: string,
  outcome: { status: MailDeliveryStatus; error?: string | null; messageId?: string | null; retryAt?: Date },
): Promise<void> {
  await db
    .updateTable('mail_deliveries')
    .set({
      status: outcome.status,
      last_error: outcome.error ?? null,
      ...(outcome.messageId ? { message_id: outcome.messageId } : {}),
      ...(outcome.status === 'pending' ? { sent_at: null } : {}),
      ...(outcome.retryAt ? { send_at: outcome.retryAt } : {}),
    })
    .where('id', '=', id)
    .execute();
}

/**
 * Pending emails whose time has come, and emails a worker took but never finished (its node
 * died): those are handed back as pending first.
 */
export async function dueDeliveries(db: Executor, now: Date, staleBefore: Date, limit: number): Promise<string[]> {
  await db
    .updateTable('mail_deliveries')
    .set({ status: 'pending', sent_at: null })
    .where('status', '=', 'sending')
    .where('sent_at', '<', staleBefore)
    .execute();
  const rows = await db
    .selectFrom('mail_deliveries')
    .select('id')
    .where('status', '=', 'pending')
    .where('send_at', '<=', now)
    .orderBy('send_at')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** A site's delivery log, newest first. */
export async function listDeliveries(db: Executor, siteId: string, limit: number): Promise<MailDeliveryRow[]> {
  return db
    .selectFrom('mail_deliveries')
    .selectAll()
    .where('site_id', '=', siteId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** Whether an email of `kind` to the member was recorded at or after `since`. */
export async function hasDeliverySince(db: Executor, memberId: string, kind: string, since: Date): Promise<boolean> {
  const row = await db
    .selectFrom('mail_deliveries')
    .select('id')
    .where('member_id', '=', memberId)
    .where('kind', '=', kind)
    .where('created_at', '>=', since)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
