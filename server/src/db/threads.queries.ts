import type { BoardFilter, BoardListing, BoardSort, UnansweredOrder } from '@booth/shared';
import { type QueryCreator, sql } from 'kysely';
import type { Database, ThreadRow, ThreadUpdate } from './database.js';
import type { Executor } from './executor.js';
import { columnList, pickColumns, prepared } from './prepared-statements.js';
import {
  type EarlierPost,
  SCREENING_COLUMNS,
  type ScreeningQuery,
  type ScreeningRow,
  screeningSelect,
} from './screening.queries.js';

/**
 * A site's questions with no staff reply and no accepted answer: longest waiting first, or
 * most people waiting first (ties: longest waiting first).
 */
export function listUnanswered(db: Executor, siteId: string, order: UnansweredOrder, limit: number) {
  let query = selectThreadViews(db)
    .where('boards.site_id', '=', siteId)
    .where('threads.hidden', '=', false)
    .where('threads.kind', '=', 'question')
    .where('threads.first_staff_reply_at', 'is', null)
    .where('threads.answered_at', 'is', null);
  if (order === 'most_waiting') query = query.orderBy('threads.waiting_count', 'desc');
  return query.orderBy('threads.created_at').orderBy('threads.id').limit(limit).execute();
}

/** Columns of a thread with its board slug and author, ready to map to a ThreadView. */
export function selectThreadViews(db: QueryCreator<Database>) {
  return db
    .selectFrom('threads')
    .innerJoin('boards', 'boards.id', 'threads.board_id')
    .innerJoin('members as author', 'author.id', 'threads.author_id')
    .select([
      'threads.id',
      'threads.board_id',
      'boards.slug as board_slug',
      'threads.kind',
      'threads.title',
      'threads.excerpt',
      'threads.root_post_id',
      'threads.accepted_post_id',
      'threads.answered_at',
      'threads.first_staff_reply_at',
      'threads.pinned',
      'threads.locked',
      'threads.hidden',
      'threads.reply_count',
      'threads.score',
      'threads.waiting_count',
      'threads.created_at',
      'threads.last_activity_at',
      'threads.answer_stale',
      'threads.answer_checked_at',
      'author.id as author_id',
      'author.name as author_name',
      'author.avatar_url as author_avatar_url',
      'author.role as author_role',
      'author.guest as author_guest',
    ]);
}

export type ThreadViewRow = Awaited<ReturnType<ReturnType<typeof selectThreadViews>['execute']>>[number];

/**
 * Position of a thread in a board listing; the keyset cursor is built from it. `value` is the
 * sort's column: last activity or creation time (a Date), or the score (a number).
 */
export interface ListingKey {
  pinned: boolean;
  value: Date | number;
  id: string;
}

type ThreadViewQuery = ReturnType<typeof selectThreadViews>;

/** The column each sort orders by after pinning; each has a matching index (migrations/…_board_orders). */
const SORT_COLUMN = {
  activity: 'threads.last_activity_at',
  newest: 'threads.created_at',
  votes: 'threads.score',
} as const satisfies Record<BoardSort, string>;

/**
 * Keeps the threads a filter shows. The answered and unanswered filters match the predicates of
 * their partial indexes word for word, so the planner can use them.
 */
function filtered(query: ThreadViewQuery, filter: BoardFilter): ThreadViewQuery {
  if (filter === 'all') return query;
  const questions = query.where('threads.kind', '=', 'question');
  if (filter === 'unanswered') return questions.where('threads.answered_at', 'is', null);
  if (filter === 'answered') return questions.where('threads.answered_at', 'is not', null);
  return questions;
}

/**
 * Puts a listing query in the listing's order (pinned, then the sort's column, then id, all
 * descending) and starts it after `after`: a keyset page, never an offset.
 */
function inListingOrder(
  query: ThreadViewQuery,
  listing: BoardListing,
  after: ListingKey | null,
  limit: number,
): ThreadViewQuery {
  const column = SORT_COLUMN[listing.sort];
  const ordered = filtered(query, listing.filter)
    .orderBy('threads.pinned', 'desc')
    .orderBy(column, 'desc')
    .orderBy('threads.id', 'desc')
    .limit(limit);
  if (!after) return ordered;
  return ordered.where((eb) =>
    eb(
      eb.refTuple('threads.pinned', column, 'threads.id'),
      '<',
      eb.tuple(after.pinned, after.value as never, after.id),
    ),
  );
}

/** The query of one page of a board's visible threads (the board benchmark explains its plans). */
export function boardThreadsQuery(
  db: Executor,
  boardId: string,
  listing: BoardListing,
  after: ListingKey | null,
  limit: number,
): ThreadViewQuery {
  const visible = selectThreadViews(db).where('threads.board_id', '=', boardId).where('threads.hidden', '=', false);
  return inListingOrder(visible, listing, after, limit);
}

/** One page of a board's visible threads in a listing's order and filter. */
export async function listBoardThreads(
  db: Executor,
  boardId: string,
  listing: BoardListing,
  after: ListingKey | null,
  limit: number,
): Promise<ThreadViewRow[]> {
  return boardThreadsQuery(db, boardId, listing, after, limit).execute();
}

/**
 * One page, in a listing's order and filter, of the threads `authorId` opened on a board that
 * are held for review: hidden, with their opening post pending. Only their author is shown
 * them. The lookup starts from the author's pending posts, which are few.
 */
export async function listHeldThreads(
  db: Executor,
  boardId: string,
  authorId: string,
  listing: BoardListing,
  after: ListingKey | null,
  limit: number,
): Promise<ThreadViewRow[]> {
  const heldRoots = db
    .selectFrom('posts as held')
    .select('held.id')
    .where('held.author_id', '=', authorId)
    .where('held.status', '=', 'pending')
    .where('held.root', '=', true);
  const held = selectThreadViews(db)
    .where('threads.board_id', '=', boardId)
    .where('threads.author_id', '=', authorId)
    .where('threads.hidden', '=', true)
    .where('threads.root_post_id', 'in', heldRoots);
  return inListingOrder(held, listing, after, limit).execute();
}

export async function findThreadView(db: Executor, threadId: string): Promise<ThreadViewRow | undefined> {
  return selectThreadViews(db).where('threads.id', '=', threadId).executeTakeFirst();
}

/** Threads by id, ready to map to ThreadViews, in no particular order. */
export async function listThreadViewsByIds(db: Executor, ids: string[]): Promise<ThreadViewRow[]> {
  return selectThreadViews(db).where('threads.id', 'in', ids).execute();
}

/** Reads a thread and locks its row for the rest of the transaction. */
export async function lockThread(db: Executor, threadId: string): Promise<ThreadRow | undefined> {
  return db.selectFrom('threads').selectAll().where('id', '=', threadId).forNoKeyUpdate().executeTakeFirst();
}

const THREAD_COLUMNS = columnList<ThreadRow>({
  id: true,
  board_id: true,
  kind: true,
  title: true,
  excerpt: true,
  author_id: true,
  root_post_id: true,
  accepted_post_id: true,
  answered_at: true,
  first_staff_reply_at: true,
  pinned: true,
  locked: true,
  hidden: true,
  reply_count: true,
  score: true,
  waiting_count: true,
  created_at: true,
  last_activity_at: true,
  answer_stale: true,
  answer_checked_at: true,
  view_count: true,
});

/**
 * Like lockThread, with the site of the thread's board read in the same statement (prepared, so
 * it lists its columns). That site is read as of the statement's start: null if the thread has
 * just moved to a board created since.
 */
export async function lockThreadWithSite(
  db: Executor,
  threadId: string,
): Promise<{ thread: ThreadRow; siteId: string | null } | undefined> {
  const row = await db
    .selectFrom('threads')
    .select(THREAD_COLUMNS)
    .select((eb) =>
      eb
        .selectFrom('boards')
        .select('boards.site_id')
        .whereRef('boards.id', '=', 'threads.board_id')
        .as('board_site_id'),
    )
    .where('id', '=', threadId)
    .forNoKeyUpdate()
    .modifyEnd(prepared())
    .executeTakeFirst();
  if (!row) return undefined;
  const { board_site_id, ...thread } = row;
  return { thread, siteId: board_site_id };
}

/** A thread locked to reply to, with what the reply needs to know about it and its writer. */
export interface LockedReplyThread {
  thread: ThreadRow;
  siteId: string | null;
  following: boolean;
  screening: ScreeningRow;
  /** The replier's posts stored earlier in the transaction, which the read did not see (see `SideBySide`). */
  earlier?: readonly EarlierPost[];
}

type LockRow = ThreadRow & ScreeningRow & { n: number; board_site_id: string | null; following: boolean };

/** A column of the list of replies `lockThreadsForReplies` reads by. */
const replyColumn = (column: string) => sql.ref(`reply.${column}`);

/**
 * Locks the threads of replies, as lockThreadWithSite does, and reads for each in the same
 * statement whether the replier follows it (reading a follow never waits for the mail fan-out's
 * locks) and what screening the reply needs about the replier and the site (`screeningSelect`,
 * which locks nothing: only the threads' rows are locked). The screening facts are read as of the
 * statement's start; the repliers' own posts cannot change meanwhile, since the write holds their
 * rows (see `claimKeys`). One result per reply, in order (undefined for a thread not found). A
 * thread may come more than once (several replies to it): each reply reads it as stored, and the
 * caller applies what the ones before changed (see `SideBySide`). The rows are locked in the order
 * given (as they leave the sort), so the caller gives them in thread id order (the lock
 * order of `runWrite`). The replies go as arrays, so the statement's text is the same for any
 * number of them and is planned once per connection.
 */
export async function lockThreadsForReplies(
  db: Executor,
  replies: readonly { threadId: string; screening: ScreeningQuery }[],
): Promise<(LockedReplyThread | undefined)[]> {
  const facts = screeningSelect({
    siteId: replyColumn('site_id'),
    memberId: replyColumn('member_id'),
    recentSince: replyColumn('recent_since'),
    until: replyColumn('until'),
    exceptPostId: null,
    sameTextHash: replyColumn('same_text_hash'),
    sameTextSince: replyColumn('same_text_since'),
  });
  const list = (pick: (reply: { threadId: string; screening: ScreeningQuery }) => unknown) => replies.map(pick);
  const { rows } = await sql<LockRow>`
    select reply.n::int as n,
           ${sql.join(THREAD_COLUMNS.map((column) => sql.ref(`threads.${column}`)))},
           ${sql.join(SCREENING_COLUMNS.map((column) => sql.ref(`screening.${column}`)))},
           (select boards.site_id from boards where boards.id = threads.board_id) as board_site_id,
           exists (
             select 1 from follows where follows.member_id = reply.member_id and follows.thread_id = threads.id
           ) as following
    from unnest(${list((r) => r.threadId)}::bigint[], ${list((r) => r.screening.memberId)}::bigint[],
                ${list((r) => r.screening.siteId)}::bigint[], ${list((r) => r.screening.recentSince)}::timestamptz[],
                ${list((r) => r.screening.until)}::timestamptz[],
                ${list((r) => r.screening.sameText?.contentHash ?? null)}::text[],
                ${list((r) => r.screening.sameText?.since ?? null)}::timestamptz[])
         with ordinality as reply(thread_id, member_id, site_id, recent_since, until, same_text_hash, same_text_since, n)
    join threads on threads.id = reply.thread_id
    cross join lateral (${facts}) as screening
    order by reply.n
    for no key update of threads ${prepared()}`.execute(db);
  const found = new Map(
    rows.map((row) => [
      Number(row.n),
      {
        thread: pickColumns(row, THREAD_COLUMNS),
        siteId: row.board_site_id,
        following: row.following === true,
        screening: pickColumns(row, SCREENING_COLUMNS),
      },
    ]),
  );
  return replies.map((_, i) => found.get(i + 1));
}

export async function findThreadSite(
  db: Executor,
  threadId: string,
): Promise<{ board_id: string; site_id: string } | undefined> {
  return db
    .selectFrom('threads')
    .innerJoin('boards', 'boards.id', 'threads.board_id')
    .select(['threads.board_id', 'boards.site_id'])
    .where('threads.id', '=', threadId)
    .executeTakeFirst();
}

export interface NewThread {
  boardId: string;
  kind: 'question' | 'discussion';
  title: string;
  excerpt: string;
  authorId: string;
  now: Date;
}

export async function insertThread(db: Executor, t: NewThread): Promise<ThreadRow> {
  return db
    .insertInto('threads')
    .values({
      board_id: t.boardId,
      kind: t.kind,
      title: t.title,
      excerpt: t.excerpt,
      author_id: t.authorId,
      root_post_id: null,
      accepted_post_id: null,
      answered_at: null,
      first_staff_reply_at: null,
      created_at: t.now,
      last_activity_at: t.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateThread(db: Executor, threadId: string, changes: ThreadUpdate): Promise<void> {
  await db.updateTable('threads').set(changes).where('id', '=', threadId).execute();
}

/** Updates a thread and returns it ready to map to a ThreadView, in one statement. */
export async function updateThreadView(
  db: Executor,
  threadId: string,
  changes: ThreadUpdate,
): Promise<ThreadViewRow | undefined> {
  // The updated row takes the table's name for the rest of the statement, so the view reads it
  // (it has the table's columns; the types only differ in how columns are written).
  const updated = db.with('threads', (q) =>
    q.updateTable('threads').set(changes).where('id', '=', threadId).returningAll(),
  );
  return selectThreadViews(updated as unknown as QueryCreator<Database>)
    .modifyEnd(prepared())
    .executeTakeFirst();
}

/** Whether a thread is hidden; undefined when there is no such thread. */
export async function findThreadHidden(db: Executor, threadId: string): Promise<{ hidden: boolean } | undefined> {
  return db.selectFrom('threads').select('hidden').where('id', '=', threadId).executeTakeFirst();
}

/** How many threads a site has, hidden ones included. */
export async function countSiteThreads(db: Executor, siteId: string): Promise<number> {
  const row = await db
    .selectFrom('threads')
    .innerJoin('boards', 'boards.id', 'threads.board_id')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('boards.site_id', '=', siteId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
