import { compareIds } from '@booth/shared';
import { type QueryCreator, sql } from 'kysely';
import type { Database, NewPost, PostRow, ThreadRow } from './database.js';
import type { Executor } from './executor.js';
import { prepared } from './prepared-statements.js';
import type { ThreadViewRow } from './threads.queries.js';

/** Columns of a post with its author, ready to map to a PostView. */
export function selectPostViews(db: QueryCreator<Database>) {
  return db
    .selectFrom('posts')
    .innerJoin('members as author', 'author.id', 'posts.author_id')
    .select([
      'posts.id',
      'posts.thread_id',
      'posts.board_id',
      'posts.parent_id',
      'posts.root',
      'posts.source',
      'posts.html',
      'posts.status',
      'posts.score',
      'posts.created_at',
      'posts.edited_at',
      'posts.agent_name',
      'author.id as author_id',
      'author.name as author_name',
      'author.avatar_url as author_avatar_url',
      'author.role as author_role',
      'author.guest as author_guest',
    ]);
}

export type PostViewRow = Awaited<ReturnType<ReturnType<typeof selectPostViews>['execute']>>[number];

export async function findPostView(db: Executor, postId: string): Promise<PostViewRow | undefined> {
  return selectPostViews(db).where('posts.id', '=', postId).executeTakeFirst();
}

/** Posts by id, ready to map to PostViews, in no particular order. */
export async function listPostViewsByIds(db: Executor, ids: string[]): Promise<PostViewRow[]> {
  return selectPostViews(db).where('posts.id', 'in', ids).execute();
}

/** Which of a thread's posts a page reads: those after one id, and up to (and including) another. */
export interface PostRange {
  after?: string | null;
  through?: string | null;
}

/**
 * Visible posts of a thread in the order they were written, with the posts of `ownerId` (when
 * given) that wait for review: their author sees them, marked pending, and nobody else does.
 * Read by keyset on (thread_id, id), so a page deep in a long thread costs what the first does.
 */
export async function listThreadPosts(
  db: Executor,
  threadId: string,
  range: PostRange,
  limit: number,
  ownerId: string | null = null,
): Promise<PostViewRow[]> {
  let query = selectPostViews(db).where('posts.thread_id', '=', threadId);
  if (range.after) query = query.where('posts.id', '>', range.after);
  if (range.through) query = query.where('posts.id', '<=', range.through);
  return query
    .where((eb) =>
      ownerId === null
        ? eb('posts.status', '=', 'visible')
        : eb.or([
            eb('posts.status', '=', 'visible'),
            eb.and([eb('posts.status', '=', 'pending'), eb('posts.author_id', '=', ownerId)]),
          ]),
    )
    .orderBy('posts.id')
    .limit(limit)
    .execute();
}

/** Where a post sits (its thread, its parent, whether it opens the thread), its status and author. */
export async function findPostPlace(
  db: Executor,
  postId: string,
): Promise<Pick<PostRow, 'id' | 'thread_id' | 'parent_id' | 'root' | 'status' | 'author_id'> | undefined> {
  return db
    .selectFrom('posts')
    .select(['id', 'thread_id', 'parent_id', 'root', 'status', 'author_id'])
    .where('id', '=', postId)
    .executeTakeFirst();
}

/** Moves every post of a thread to another board, with the thread. */
export async function movePostsToBoard(db: Executor, threadId: string, boardId: string): Promise<void> {
  await db.updateTable('posts').set({ board_id: boardId }).where('thread_id', '=', threadId).execute();
}

/** Locks every post of a thread, in id order (the order of the lock rules in `runWrite`). */
export async function lockThreadPosts(db: Executor, threadId: string): Promise<void> {
  await db.selectFrom('posts').select('id').where('thread_id', '=', threadId).orderBy('id').forNoKeyUpdate().execute();
}

export async function lockPost(db: Executor, postId: string): Promise<PostRow | undefined> {
  return db.selectFrom('posts').selectAll().where('id', '=', postId).forNoKeyUpdate().executeTakeFirst();
}

/** Inserts a post and returns it ready to map to a PostView, in one statement. */
export async function insertPostView(db: Executor, post: NewPost): Promise<PostViewRow> {
  // The inserted row takes the table's name for the rest of the statement, so the view reads it
  // (it has the table's columns; the types only differ in how columns are written).
  const inserted = db.with('posts', (q) => q.insertInto('posts').values(post).returningAll());
  return selectPostViews(inserted as unknown as QueryCreator<Database>)
    .modifyEnd(prepared())
    .executeTakeFirstOrThrow();
}

/** What a reply changes on its thread: its counters and times. */
export interface ReplyThreadChanges {
  reply_count: number;
  last_activity_at: Date;
  first_staff_reply_at?: Date;
}

/** A reply as inserted and its thread as changed, ready to map to views. */
export interface StoredReply {
  post: PostViewRow;
  thread: ThreadViewRow;
}

/** A reply to insert, its thread as locked and what it changes on the thread. */
export interface NewReply {
  post: NewPost;
  thread: ThreadRow;
  changes: ReplyThreadChanges;
}

/**
 * Inserts replies and applies their changes to their threads in one statement (a round trip fewer
 * on every reply), and returns both ready to map to views, one per reply, in order. The replies'
 * threads must be locked by the caller (`FOR NO KEY UPDATE`): no other write can change their
 * rows until commit, so a thread's view is its locked row with these changes; its board's slug
 * and its author are read in the statement, as `updateThreadView` reads them. Several replies
 * to one thread come in order, each with its thread as the one before left it.
 */
export async function insertRepliesViews(db: Executor, replies: readonly NewReply[]): Promise<StoredReply[]> {
  // The inserted rows take the table's name for the rest of the statement, so the view reads them.
  // The threads' update is referenced nowhere: Postgres runs a data-modifying `with` to completion anyway.
  // A thread's replies of one statement come in order, each with its changes on top of the one
  // before (see `SideBySide`): the thread takes the last one's counters, and its first staff reply.
  const changed = sql<{ id: string; reply_count: number; last_activity_at: Date; first_staff_reply_at: Date | null }>`(
    select distinct on (c.id) c.id, c.reply_count, c.last_activity_at,
           min(c.first_staff_reply_at) over (partition by c.id) as first_staff_reply_at
    from unnest(${replies.map((r) => r.thread.id)}::bigint[], ${replies.map((r) => r.changes.reply_count)}::int[],
                ${replies.map((r) => r.changes.last_activity_at)}::timestamptz[],
                ${replies.map((r) => r.changes.first_staff_reply_at ?? null)}::timestamptz[])
      as c(id, reply_count, last_activity_at, first_staff_reply_at)
    order by c.id, c.reply_count desc
  )`;
  const inserted = db
    .with('posts', (q) =>
      q
        .insertInto('posts')
        .values(replies.map((r) => r.post))
        .returningAll(),
    )
    .with('thread_changed', (q) =>
      q
        .updateTable('threads')
        .from(changed.as('c'))
        .set((eb) => ({
          reply_count: eb.ref('c.reply_count'),
          last_activity_at: eb.ref('c.last_activity_at'),
          first_staff_reply_at: eb.fn.coalesce('threads.first_staff_reply_at', 'c.first_staff_reply_at'),
        }))
        .whereRef('threads.id', '=', 'c.id'),
    );
  const rows = await selectPostViews(inserted as unknown as QueryCreator<Database>)
    .innerJoin('boards', 'boards.id', 'posts.board_id')
    .innerJoin('threads', 'threads.id', 'posts.thread_id')
    .innerJoin('members as thread_author', 'thread_author.id', 'threads.author_id')
    .select([
      'boards.slug as thread_board_slug',
      'thread_author.name as thread_author_name',
      'thread_author.avatar_url as thread_author_avatar_url',
      'thread_author.role as thread_author_role',
      'thread_author.guest as thread_author_guest',
    ])
    .modifyEnd(prepared())
    .execute();
  // A thread's rows, oldest id first: one insert numbers its rows in the order of its values.
  const byThread = new Map<string, typeof rows>();
  for (const row of [...rows].sort((a, b) => compareIds(String(a.id), String(b.id)))) {
    const thread = String(row.thread_id);
    byThread.set(thread, [...(byThread.get(thread) ?? []), row]);
  }
  return replies.map(({ thread, changes }) => {
    const row = byThread.get(thread.id)?.shift();
    if (!row) throw new Error(`A reply to thread ${thread.id} was inserted without its row`);
    const {
      thread_board_slug,
      thread_author_name,
      thread_author_avatar_url,
      thread_author_role,
      thread_author_guest,
      ...postRow
    } = row;
    return {
      post: postRow,
      thread: {
        ...thread,
        ...changes,
        board_slug: thread_board_slug,
        author_name: thread_author_name,
        author_avatar_url: thread_author_avatar_url,
        author_role: thread_author_role,
        author_guest: thread_author_guest,
      },
    };
  });
}

export async function updatePost(
  db: Executor,
  postId: string,
  changes: Partial<Pick<PostRow, 'source' | 'html' | 'status' | 'edited_at' | 'content_hash' | 'hold_reason'>>,
): Promise<void> {
  await db.updateTable('posts').set(changes).where('id', '=', postId).execute();
}

export async function addPostScore(db: Executor, postId: string, delta: number): Promise<number> {
  const row = await db
    .updateTable('posts')
    .set((eb) => ({ score: eb('score', '+', delta) }))
    .where('id', '=', postId)
    .returning('score')
    .executeTakeFirstOrThrow();
  return row.score;
}
