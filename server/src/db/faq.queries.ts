/**
 * The FAQ's rows: answered questions of a board or a site with the post that answers them (the
 * accepted answer, else the first visible staff reply), staff's curation, and the ranking
 * figures. Also the batched view counts that feed the ranking.
 */
import { sql } from 'kysely';
import type { Executor } from './executor.js';
import { type SearchScope, scopeBoards } from './search.queries.js';
import { selectThreadViews } from './threads.queries.js';

/**
 * The ranking figure of an FAQ entry: votes on the question, plus the people who said they have
 * it too (everyone waiting but the asker), plus one for every ten views. Votes and "me too" are
 * deliberate acts; a view is a weaker signal, so ten of them weigh as much as one vote.
 */
const HELPFULNESS = sql<number>`(threads.score + greatest(threads.waiting_count - 1, 0) + threads.view_count / 10)::int`;

/** The post answering a thread: its visible accepted answer, else its first visible staff reply. */
const ANSWER_POST = sql<string | null>`coalesce(
  (select p.id from posts p where p.id = threads.accepted_post_id and p.status = 'visible'),
  (select p.id from posts p join members m on m.id = p.author_id
    where p.thread_id = threads.id and p.root = false and p.status = 'visible' and m.role in ('staff', 'owner')
    order by p.created_at, p.id limit 1))`;

export interface FaqQuery {
  scope: SearchScope;
  /** Staff see entries they left out too. */
  withExcluded: boolean;
  /** Only these threads (search hits); null for all. */
  threadIds: string[] | null;
  limit: number;
}

/**
 * Answered questions of the scope in FAQ order: pinned positions first (1 first), then by
 * helpfulness, then the most recently answered.
 */
export async function listFaqRows(db: Executor, q: FaqQuery) {
  if (q.threadIds !== null && q.threadIds.length === 0) return [];
  let query = selectThreadViews(db)
    .leftJoin('faq_entries', 'faq_entries.thread_id', 'threads.id')
    .select([
      'faq_entries.included',
      'faq_entries.position',
      'faq_entries.summary',
      sql<string>`threads.view_count`.as('view_count'),
      HELPFULNESS.as('helpfulness'),
      ANSWER_POST.as('answer_post_id'),
    ])
    .where(sql<boolean>`threads.board_id in (${scopeBoards(q.scope)})`)
    .where('threads.hidden', '=', false)
    .where('threads.kind', '=', 'question')
    .where(ANSWER_POST, 'is not', null);
  if (!q.withExcluded) query = query.where(sql<boolean>`coalesce(faq_entries.included, true)`);
  if (q.threadIds !== null) query = query.where('threads.id', 'in', q.threadIds);
  return query
    .orderBy(sql`faq_entries.position asc nulls last`)
    .orderBy(HELPFULNESS, 'desc')
    .orderBy(sql`coalesce(threads.answered_at, threads.first_staff_reply_at) desc nulls last`)
    .orderBy('threads.id', 'desc')
    .limit(q.limit)
    .execute();
}

export type FaqRow = Awaited<ReturnType<typeof listFaqRows>>[number];

export interface FaqCuration {
  threadId: string;
  siteId: string;
  included: boolean;
  position: number | null;
  summary: string | null;
  memberId: string;
  now: Date;
}

/** Stores staff's decision about a thread's place in the FAQ, replacing an earlier one. */
export async function upsertFaqEntry(db: Executor, c: FaqCuration): Promise<void> {
  const values = {
    included: c.included,
    position: c.position,
    summary: c.summary,
    updated_by: c.memberId,
    updated_at: c.now,
  };
  await db
    .insertInto('faq_entries')
    .values({ thread_id: c.threadId, site_id: c.siteId, ...values })
    .onConflict((oc) => oc.column('thread_id').doUpdateSet(values))
    .execute();
}

/**
 * Adds counted views to their threads in one statement. The rows go in thread id order, so two
 * nodes writing the same threads at once lock them in the same order and cannot deadlock.
 */
export async function addThreadViews(db: Executor, counts: ReadonlyMap<string, number>): Promise<void> {
  if (counts.size === 0) return;
  const byId = [...counts].sort(([a], [b]) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0));
  const rows = byId.map(([id, n]) => sql`(${id}::bigint, ${n}::bigint)`);
  await sql`update threads set view_count = threads.view_count + v.n
    from (values ${sql.join(rows)}) as v(id, n) where threads.id = v.id`.execute(db);
}
