import {
  type BoardListing,
  type ClientMessageOf,
  compareThreads,
  LIMITS,
  type ResultMap,
  type ThreadView,
} from '@booth/shared';
import type { ThreadRow, ThreadUpdate } from '../db/database.js';
import type { Executor } from '../db/executor.js';
import { followThread } from '../db/follows.queries.js';
import { attachImages } from '../db/images.queries.js';
import { findPostPlace, insertPostView } from '../db/posts.queries.js';
import { insertThread, listBoardThreads, listHeldThreads, updateThread } from '../db/threads.queries.js';
import { assertCanAccept, assertCanWrite } from './authorization.js';
import { openBoard } from './boards.js';
import { DomainError } from './domain-error.js';
import { imageContextOf, imageIdsInHtml } from './images/image-links.js';
import { lockSiteThread, threadView, updateThreadAsView } from './lookups.js';
import { emailStateOf } from './mail/follow-threads.js';
import { toPostView, toThreadView } from './mappers.js';
import { plainExcerpt } from './markdown.js';
import { decodeCursor, encodeCursor } from './page-cursor.js';
import { decidePost } from './policy/screen-post.js';
import { promoteIfEarned } from './policy/trust.js';
import type { Actor, Services } from './services.js';
import { assertVisibleTitle, renderVisibleBody } from './visible-content.js';
import { runWrite } from './write.js';

/** Creates a question or discussion with its opening post. */
export async function createThread(
  services: Services,
  actor: Actor,
  msg: ClientMessageOf<'thread.create'>,
): Promise<ResultMap['thread.create']> {
  const now = services.now();
  assertCanWrite(actor.member, actor.site, now);
  assertVisibleTitle(msg.title);
  const images = imageContextOf(services, actor.site);
  const html = renderVisibleBody(msg.body, images);
  return runWrite(services, actor, msg, async (tx, emit) => {
    const board = await openBoard(tx, actor.site.id, msg.board, actor.member);
    const decision = await decidePost(tx, {
      site: actor.site,
      boardId: board.id,
      memberId: actor.member.id,
      title: msg.title,
      body: msg.body,
      html,
      now,
      composeMs: msg.composeMs,
    });
    const held = decision.status === 'pending';
    const row = await insertThread(tx, {
      boardId: board.id,
      kind: msg.kind,
      title: msg.title,
      excerpt: plainExcerpt(msg.body),
      authorId: actor.member.id,
      now,
    });
    const post = toPostView(
      await insertPostView(tx, {
        thread_id: row.id,
        board_id: board.id,
        parent_id: null,
        author_id: actor.member.id,
        root: true,
        source: msg.body,
        html,
        created_at: now,
        edited_at: null,
        status: decision.status,
        content_hash: decision.content_hash,
        hold_reason: decision.hold_reason,
      }),
    );
    await attachImages(tx, {
      siteId: actor.site.id,
      authorId: actor.member.id,
      postId: post.id,
      imageIds: imageIdsInHtml(html, images),
    });
    // The asker follows their question, held or not, and counts as waiting for its answer.
    await followThread(tx, { memberId: actor.member.id, threadId: row.id, reason: 'asker', now });
    // A held thread stays hidden until staff approve its opening post.
    const thread = await updateThreadAsView(tx, row.id, { root_post_id: post.id, ...(held ? { hidden: true } : {}) });
    if (held) {
      await emit(board.id, { kind: 'post.held', thread, post });
    } else {
      await emit(board.id, { kind: 'thread.created', thread, post });
      await promoteIfEarned(tx, actor.member.id, decision.policy.trustAfterApprovedPosts, decision.trustLevel);
    }
    return { thread, post, email: await emailStateOf(tx, actor.member.id) };
  });
}

/** Sets or clears the accepted answer of a question. */
export async function acceptAnswer(
  services: Services,
  actor: Actor,
  msg: ClientMessageOf<'thread.accept'>,
): Promise<{ thread: ThreadView }> {
  const now = services.now();
  assertCanWrite(actor.member, actor.site, now);
  return runWrite(services, actor, msg, async (tx, emit, notify) => {
    const thread = await lockSiteThread(tx, actor, msg.threadId);
    assertCanAccept(actor.member, thread);
    await updateThread(tx, thread.id, await acceptanceChanges(tx, thread, msg.postId, now));
    const view = await threadView(tx, thread.id);
    await emit(thread.board_id, { kind: 'thread.updated', thread: view });
    if (msg.postId !== null && msg.postId !== thread.accepted_post_id) {
      notify({ type: 'accepted', threadId: thread.id, postId: msg.postId, actorId: actor.member.id });
    }
    return { thread: view };
  });
}

/**
 * The thread changes that accept `postId` (a visible reply of the thread) or clear the accepted
 * answer when it is null; shared by the asker's accept and the staff action.
 */
export async function acceptanceChanges(
  tx: Executor,
  thread: Pick<ThreadRow, 'id' | 'answered_at' | 'accepted_post_id'>,
  postId: string | null,
  now: Date,
): Promise<ThreadUpdate> {
  if (postId !== null) {
    const post = await findPostPlace(tx, postId);
    if (!post || post.thread_id !== thread.id || post.status !== 'visible') throw new DomainError('not_found');
    if (post.root) throw new DomainError('conflict', { key: 'refusal.questionNotAnswer' });
  }
  // Another answer (or none) replaces one that may have gone stale: the new one is checked now.
  const replaced = postId !== thread.accepted_post_id;
  return {
    accepted_post_id: postId,
    answered_at: postId === null ? null : (thread.answered_at ?? now),
    last_activity_at: now,
    ...(replaced ? { answer_stale: false, answer_checked_at: postId === null ? null : now } : {}),
  };
}

/** Which page of a board's list to read, in which order, for whom. */
export interface ThreadsPageRequest {
  listing: BoardListing;
  /** The cursor of the previous page, or null for the first page. */
  after: string | null;
  /** A signed-in viewer, whose threads held for review join the list; null for anyone else. */
  viewerId: string | null;
  /** Signs and checks page cursors (the server secret). */
  cursorSecret: string;
}

/**
 * A page of a board's thread list in the listing's order and filter; `after` is the cursor from
 * the previous page of the same listing. A signed-in viewer's own threads held for review join
 * the page in their place (status `hidden`, opening post pending), so their author finds them
 * again after a reload; nobody else is shown them.
 */
export async function listThreads(
  db: Executor,
  boardId: string,
  request: ThreadsPageRequest,
): Promise<{ threads: ThreadView[]; next: string | null }> {
  const { listing, after, viewerId, cursorSecret } = request;
  const key = after === null ? null : decodeCursor(after, listing, cursorSecret);
  const limit = LIMITS.pageSize + 1;
  const rows = await listBoardThreads(db, boardId, listing, key, limit);
  // Each list is cut at a page and one; merged, their first page and one is the union's.
  if (viewerId !== null) rows.push(...(await listHeldThreads(db, boardId, viewerId, listing, key, limit)));
  const listed = rows.map(toThreadView).sort((a, b) => compareThreads(a, b, listing.sort));
  const threads = listed.slice(0, LIMITS.pageSize);
  const last = threads.at(-1);
  return {
    threads,
    next: listed.length > LIMITS.pageSize && last ? encodeCursor(last, listing, cursorSecret) : null,
  };
}
