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

export interface ThreadMailFanOut {
  siteId: string;
  threadId: string;
  item: MailItem;
  /** Everyone following the thread but this member (the author of the news). */
  followersExcept?: string;
  /** Only this member (moderation news goes to the thread's author). */
  only?: string;
  now: Date;
  /** At most one email per person and thread in this window, in ms. */
  windowMs: number;
}

export interface FannedOut {
  id: string;
  sendAt: Date;
  /** False when the news joined an email already waiting. */
  created: boolean;
}

/**
 * Adds a piece of thread news to the email of each recipient who has a confirmed address,
 * has not turned email off and whose address did not bounce: it joins the email already waiting
 * for that person and thread, or starts one, sent once the window since their last email on the
 * thread has passed. One statement, however many follow.
 */
export async function fanOutThreadMail(db: Executor, f: ThreadMailFanOut): Promise<FannedOut[]> {
  const item = JSON.stringify([f.item]);
  const windowSeconds = f.windowMs / 1000;
  const recipients =
    f.only !== undefined
      ? sql`select ${f.only}::bigint as member_id`
      : sql`select member_id from follows where thread_id = ${f.threadId} and member_id <> ${f.followersExcept ?? '0'}`;
  const { rows } = await sql<{ id: string; send_at: Date; created: boolean }>`
    with r as (${recipients})
    insert into mail_deliveries as d (site_id, member_id, thread_id, kind, items, status, send_at, created_at)
    select ${f.siteId}, r.member_id, ${f.threadId}, 'thread', ${item}::jsonb, 'pending',
      greatest(${f.now}::timestamptz, coalesce(
        (select max(l.sent_at) from mail_deliveries l
          where l.member_id = r.member_id and l.thread_id = ${f.threadId} and l.status in ('sending', 'sent'))
          + make_interval(secs => ${windowSeconds}),
        ${f.now}::timestamptz)),
      ${f.now}
    from r
    join member_emails e on e.member_id = r.member_id and e.confirmed_at is not null and e.all_off_at is null
    where not exists (select 1 from mail_suppressions s where s.address = lower(e.address))
    on conflict (member_id, thread_id, kind) where status = 'pending' and thread_id is not null
    do update set items = case when d.items @> excluded.items then d.items else d.items || excluded.items end
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
