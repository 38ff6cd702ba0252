import type { PostView, ThreadView } from '@booth/shared';
import { findBoardById } from '../db/boards.queries.js';
import type { PostRow, ThreadRow, ThreadUpdate } from '../db/database.js';
import type { Executor } from '../db/executor.js';
import { findPostView, lockPost } from '../db/posts.queries.js';
import { type ScreeningFacts, type ScreeningQuery, toScreeningFacts } from '../db/screening.queries.js';
import { findThreadView, lockThreadWithSite, updateThreadView } from '../db/threads.queries.js';
import { DomainError } from './domain-error.js';
import { toPostView, toThreadView } from './mappers.js';
import type { Actor } from './services.js';
import type { ReplyStatements } from './side-by-side.js';

/** Throws `not_found` unless the board belongs to the site: ids from another site are invisible. */
export async function assertBoardInSite(db: Executor, boardId: string, siteId: string): Promise<void> {
  const board = await findBoardById(db, boardId);
  if (!board || board.site_id !== siteId) throw new DomainError('not_found');
}

export async function threadView(db: Executor, threadId: string): Promise<ThreadView> {
  const row = await findThreadView(db, threadId);
  if (!row) throw new DomainError('not_found');
  return toThreadView(row);
}

export async function postView(db: Executor, postId: string): Promise<PostView> {
  const row = await findPostView(db, postId);
  if (!row) throw new DomainError('not_found');
  return toPostView(row);
}

/** Changes a thread and returns its view as changed, in one statement. */
export async function updateThreadAsView(tx: Executor, threadId: string, changes: ThreadUpdate): Promise<ThreadView> {
  const row = await updateThreadView(tx, threadId, changes);
  if (!row) throw new DomainError('not_found');
  return toThreadView(row);
}

/** Locks a thread of the actor's site for the rest of the transaction; other sites' ids are `not_found`. */
export async function lockSiteThread(tx: Executor, actor: Actor, threadId: string): Promise<ThreadRow> {
  const locked = await lockThreadWithSite(tx, threadId);
  if (!locked) throw new DomainError('not_found');
  await assertThreadInSite(tx, actor, locked);
  return locked.thread;
}

/**
 * Locks a thread of the actor's site to reply to, as `lockSiteThread` does, and reads in the same
 * statement whether the replier follows it and what screening the reply needs (`screening`
 * names the replier); the statement goes with those of the replies beside it (`statements`).
 */
export async function lockSiteThreadForReply(
  tx: Executor,
  actor: Actor,
  threadId: string,
  screening: ScreeningQuery,
  statements: Pick<ReplyStatements, 'lockThreadForReply'>,
): Promise<{ thread: ThreadRow; following: boolean; screening: ScreeningFacts }> {
  const locked = await statements.lockThreadForReply(threadId, screening);
  if (!locked) throw new DomainError('not_found');
  await assertThreadInSite(tx, actor, locked);
  return {
    thread: locked.thread,
    following: locked.following,
    screening: toScreeningFacts(locked.screening, screening, locked.earlier),
  };
}

/** Throws `not_found` unless a thread read with its site is on the actor's site. */
async function assertThreadInSite(
  tx: Executor,
  actor: Actor,
  locked: { thread: ThreadRow; siteId: string | null },
): Promise<void> {
  // A board created after the lock statement began is not seen by it: ask again.
  if (locked.siteId !== actor.site.id) await assertBoardInSite(tx, locked.thread.board_id, actor.site.id);
}

/** Locks a post of the actor's site for the rest of the transaction; other sites' ids are `not_found`. */
export async function lockSitePost(tx: Executor, actor: Actor, postId: string): Promise<PostRow> {
  const post = await lockPost(tx, postId);
  if (!post) throw new DomainError('not_found');
  await assertBoardInSite(tx, post.board_id, actor.site.id);
  return post;
}
