import { LIMITS, type PostPage, type ResultMap, type ThreadView } from '@booth/shared';
import type { MemberRow } from '../db/database.js';
import type { Executor } from '../db/executor.js';
import { findPostPlace, listThreadPosts, type PostViewRow } from '../db/posts.queries.js';
import { findThreadView, type ThreadViewRow } from '../db/threads.queries.js';
import { votesInThread } from '../db/votes.queries.js';
import { isStaff } from './authorization.js';
import { DomainError } from './domain-error.js';
import { assertBoardInSite } from './lookups.js';
import { emailStateOf, isFollowing } from './mail/follow-threads.js';
import { toPostView, toThreadView } from './mappers.js';
import { decodePostCursor, encodePostCursor } from './post-cursor.js';

/** Who reads a thread, and the secret its page cursors are signed with. */
export interface ThreadReader {
  viewer: Pick<MemberRow, 'id' | 'role'> | null;
  cursorSecret: string;
  /** Posts per page; by default about a screen of them (LIMITS.threadPageSize). */
  pageSize?: number;
}

/**
 * The thread when `viewer` may read it. A hidden thread is shown to staff, and to its author
 * while it is held for review (its opening post pending); to anyone else it is not found.
 */
async function readableThread(
  db: Executor,
  siteId: string,
  threadId: string,
  viewer: ThreadReader['viewer'],
): Promise<ThreadViewRow> {
  const row = await findThreadView(db, threadId);
  if (!row) throw new DomainError('not_found');
  await assertBoardInSite(db, row.board_id, siteId);
  if (!row.hidden || (viewer !== null && isStaff(viewer))) return row;
  if (row.author_id !== viewer?.id || row.root_post_id === null) throw new DomainError('not_found');
  const root = await findPostPlace(db, row.root_post_id);
  if (root?.status !== 'pending') throw new DomainError('not_found');
  return row;
}

/**
 * A page of the thread's posts: `head` (posts already read for it) and then the posts after
 * `after` (or after the head) until the page is full. Reads one post more than it needs, to
 * tell whether a page follows.
 */
async function postPage(
  db: Executor,
  threadId: string,
  reader: ThreadReader,
  after: string | null,
  head: PostViewRow[] = [],
): Promise<PostPage> {
  const room = Math.max((reader.pageSize ?? LIMITS.threadPageSize) - head.length, 0);
  const rows = await listThreadPosts(db, threadId, { after: head.at(-1)?.id ?? after }, room + 1, reader.viewer?.id);
  const posts = [...head, ...rows.slice(0, room)];
  const last = posts.at(-1);
  const more = rows.length > room && last !== undefined;
  return { posts: posts.map(toPostView), next: more ? encodePostCursor(threadId, last.id, reader.cursorSecret) : null };
}

/**
 * The posts from the thread's start up to and including `postId`, when it is one the reader is
 * shown within the first LIMITS.threadLinkPosts; otherwise none, and the thread opens at its start.
 */
async function postsThrough(
  db: Executor,
  threadId: string,
  postId: string,
  reader: ThreadReader,
): Promise<PostViewRow[]> {
  const rows = await listThreadPosts(db, threadId, { through: postId }, LIMITS.threadLinkPosts, reader.viewer?.id);
  return rows.at(-1)?.id === postId ? rows : [];
}

/**
 * A thread with its first page of posts (or, with `until`, every page up to that post) and,
 * for a signed-in viewer, their votes and their own posts held for review (marked pending).
 * `next` pages on with `thread.more`.
 */
export async function openThread(
  db: Executor,
  siteId: string,
  threadId: string,
  reader: ThreadReader,
  until: string | null = null,
): Promise<ResultMap['thread.open']> {
  const { viewer } = reader;
  const row = await readableThread(db, siteId, threadId, viewer);
  const head = until === null ? [] : await postsThrough(db, threadId, until, reader);
  const page = await postPage(db, threadId, reader, null, head);
  const myVotes = viewer ? await votesInThread(db, threadId, viewer.id) : {};
  const following = await isFollowing(db, viewer?.id ?? null, threadId);
  const opened = { thread: toThreadView(row), ...page, myVotes, following };
  return viewer ? { ...opened, email: await emailStateOf(db, viewer.id) } : opened;
}

/**
 * The page of a thread's posts after the cursor `after` (from `thread.open` or the page before).
 * A cursor that was altered, or made for another thread, is refused with `invalid_message`.
 */
export async function moreThreadPosts(
  db: Executor,
  siteId: string,
  threadId: string,
  reader: ThreadReader,
  after: string,
): Promise<PostPage> {
  const lastPostId = decodePostCursor(after, threadId, reader.cursorSecret);
  await readableThread(db, siteId, threadId, reader.viewer);
  return postPage(db, threadId, reader, lastPostId);
}

/**
 * The first page of a thread as a reader who is not signed in sees it (what `openThread` gives
 * them, less their empty votes and follow state), and the board the thread was on when read:
 * the board whose events change it.
 */
export async function publicFirstPage(
  db: Executor,
  siteId: string,
  threadId: string,
  cursorSecret: string,
): Promise<{ boardId: string; page: PostPage & { thread: ThreadView } }> {
  const row = await readableThread(db, siteId, threadId, null);
  const page = await postPage(db, threadId, { viewer: null, cursorSecret }, null);
  return { boardId: row.board_id, page: { thread: toThreadView(row), ...page } };
}
