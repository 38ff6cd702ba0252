import { sql } from 'kysely';
import type { Executor } from './executor.js';
import type { FollowReason } from './mail.tables.js';
import { prepared } from './prepared-statements.js';

/**
 * Makes a member follow a thread. A follow by the asker or by choice ("I have this question
 * too") counts the member as waiting for an answer; an automatic one by a replier does not,
 * until they choose it.
 */
export async function followThread(
  db: Executor,
  follow: { memberId: string; threadId: string; reason: FollowReason; now: Date },
): Promise<void> {
  // One statement: the follow and the thread's waiting count change together.
  await sql`
    with f as (
      insert into follows (member_id, thread_id, reason, created_at)
      values (${follow.memberId}, ${follow.threadId}, ${follow.reason}, ${follow.now})
      on conflict (member_id, thread_id) do update set reason = excluded.reason
        where follows.reason = 'replier' and excluded.reason <> 'replier'
      returning reason
    )
    update threads set waiting_count = waiting_count + 1
    where id = ${follow.threadId} and exists (select 1 from f where f.reason <> 'replier')
  `.execute(db);
}

/** Stops a member following a thread; returns whether they did. */
export async function unfollowThread(db: Executor, memberId: string, threadId: string): Promise<boolean> {
  const { rows } = await sql<{ gone: number }>`
    with f as (
      delete from follows where member_id = ${memberId} and thread_id = ${threadId} returning reason
    ), counted as (
      update threads set waiting_count = greatest(0, waiting_count - 1)
      where id = ${threadId} and exists (select 1 from f where f.reason <> 'replier')
    )
    select count(*)::int as gone from f
  `.execute(db);
  return (rows[0]?.gone ?? 0) > 0;
}

/** How a member follows a thread, or null. */
export async function findFollow(db: Executor, memberId: string, threadId: string): Promise<FollowReason | null> {
  const row = await db
    .selectFrom('follows')
    .select('reason')
    .where('member_id', '=', memberId)
    .where('thread_id', '=', threadId)
    .executeTakeFirst();
  return row?.reason ?? null;
}

/** Which of a list of member and thread pairs are follows, as `member:thread` keys. */
export async function findFollowPairs(
  db: Executor,
  pairs: Array<{ memberId: string; threadId: string }>,
): Promise<Set<string>> {
  if (pairs.length === 0) return new Set();
  const rows = await db
    .selectFrom('follows')
    .select(['member_id', 'thread_id'])
    .where('member_id', 'in', [...new Set(pairs.map((p) => p.memberId))])
    .where('thread_id', 'in', [...new Set(pairs.map((p) => p.threadId))])
    .execute();
  const wanted = new Set(pairs.map((p) => `${p.memberId}:${p.threadId}`));
  return new Set(rows.map((r) => `${r.member_id}:${r.thread_id}`).filter((key) => wanted.has(key)));
}

/** Stops every thread email to a member by leaving all their follows of one site's threads. */
export async function unfollowAll(db: Executor, memberId: string): Promise<string[]> {
  const rows = await db.selectFrom('follows').select('thread_id').where('member_id', '=', memberId).execute();
  for (const row of rows) await unfollowThread(db, memberId, row.thread_id);
  return rows.map((r) => r.thread_id);
}

/**
 * Counts replies as news for everyone following their thread but each reply's author (two replies
 * count two); returns who got news. One statement for a whole batch of replies.
 */
export async function addUnread(
  db: Executor,
  replies: Array<{ threadId: string; authorId: string }>,
): Promise<string[]> {
  if (replies.length === 0) return [];
  const { rows } = await sql<{ member_id: string }>`
    with news as (
      select f.member_id, f.thread_id, count(*)::int as n
      from unnest(${replies.map((r) => r.threadId)}::bigint[], ${replies.map((r) => r.authorId)}::bigint[])
        as r(thread_id, author_id)
      join follows f on f.thread_id = r.thread_id and f.member_id <> r.author_id
      group by f.member_id, f.thread_id
    )
    update follows f set unread = f.unread + news.n
    from news where f.member_id = news.member_id and f.thread_id = news.thread_id
    returning f.member_id ${prepared()}`.execute(db);
  return rows.map((r) => r.member_id);
}

/** Clears a member's unread news of a thread; returns whether there was any. */
export async function clearUnread(db: Executor, memberId: string, threadId: string): Promise<boolean> {
  const result = await db
    .updateTable('follows')
    .set({ unread: 0 })
    .where('member_id', '=', memberId)
    .where('thread_id', '=', threadId)
    .where('unread', '>', 0)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export interface UnreadThread {
  threadId: string;
  boardSlug: string;
  title: string;
  unread: number;
}

/** A member's followed threads with news, newest activity first (the widget's bell). */
export async function unreadThreads(db: Executor, memberId: string, limit: number): Promise<UnreadThread[]> {
  const rows = await db
    .selectFrom('follows')
    .innerJoin('threads', 'threads.id', 'follows.thread_id')
    .innerJoin('boards', 'boards.id', 'threads.board_id')
    .select(['follows.thread_id', 'boards.slug', 'threads.title', 'follows.unread'])
    .where('follows.member_id', '=', memberId)
    .where('follows.unread', '>', 0)
    .where('threads.hidden', '=', false)
    .orderBy('threads.last_activity_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ threadId: r.thread_id, boardSlug: r.slug, title: r.title, unread: r.unread }));
}

/** The thread the member followed last, or null when they follow none. */
export async function latestFollowedThread(db: Executor, memberId: string): Promise<string | null> {
  const row = await db
    .selectFrom('follows')
    .select('thread_id')
    .where('member_id', '=', memberId)
    .orderBy('created_at', 'desc')
    .orderBy('thread_id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.thread_id ?? null;
}
