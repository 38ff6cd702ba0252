/**
 * Staff actions on threads: pin, lock, hide, restore, move, mark answered, accept any reply
 * (in place of an answer flagged as stale, that is a replacement, audited as one).
 * Each one checks the actor, changes the rows, records an audit entry and appends the board
 * events that make customers' pages follow, all in one transaction through `runWrite`.
 */
import type { ClientMessageOf, ThreadAction, ThreadView } from '@booth/shared';
import { ensureBoard, findBoardById } from '../db/boards.queries.js';
import type { ThreadRow, ThreadUpdate } from '../db/database.js';
import type { Executor } from '../db/executor.js';
import { findPostPlace, lockThreadPosts, movePostsToBoard } from '../db/posts.queries.js';
import { updateThread } from '../db/threads.queries.js';
import { recordAction } from './audit.js';
import { DomainError } from './domain-error.js';
import { lockSiteThread, postView, threadView } from './lookups.js';
import type { Actor, Services } from './services.js';
import { assertStaff } from './staff-authorization.js';
import { acceptanceChanges } from './threads.js';
import { type Emit, runWrite } from './write.js';

/** Status of a thread's opening post (a held thread is hidden until its post is approved). */
export async function rootStatus(tx: Executor, thread: ThreadRow): Promise<string | undefined> {
  if (!thread.root_post_id) return undefined;
  return (await findPostPlace(tx, thread.root_post_id))?.status;
}

function changesFor(action: ThreadAction, thread: ThreadRow, now: Date): ThreadUpdate {
  switch (action) {
    case 'pin':
      return { pinned: true };
    case 'unpin':
      return { pinned: false };
    case 'lock':
      return { locked: true };
    case 'unlock':
      return { locked: false };
    case 'hide':
      return { hidden: true };
    case 'restore':
      return { hidden: false };
    case 'mark_answered':
      return { answered_at: thread.answered_at ?? now };
    case 'mark_unanswered':
      return { answered_at: null, accepted_post_id: null };
  }
}

/**
 * Tells the board about a changed thread: customers see a visible thread change and a hidden
 * one leave; a change to a thread they cannot see only wakes the moderation views.
 */
export async function announceThread(
  tx: Executor,
  emit: Emit,
  before: Pick<ThreadRow, 'hidden'>,
  after: ThreadRow,
): Promise<ThreadView> {
  const view = await threadView(tx, after.id);
  if (!after.hidden) await emit(after.board_id, { kind: 'thread.updated', thread: view });
  else if (!before.hidden) await emit(after.board_id, { kind: 'thread.removed', threadId: after.id });
  else await emit(after.board_id, { kind: 'queue.changed', queue: 'threads' });
  return view;
}

/** Pins, locks, hides, restores or marks a thread answered. */
export async function moderateThread(
  services: Services,
  actor: Actor,
  msg: ClientMessageOf<'staff.thread.action'>,
): Promise<{ thread: ThreadView }> {
  const now = services.now();
  assertStaff(actor.member, actor.site, now);
  return runWrite(services, actor, msg, async (tx, emit, notify) => {
    const thread = await lockSiteThread(tx, actor, msg.threadId);
    if (msg.action === 'hide' || msg.action === 'restore') {
      const status = await rootStatus(tx, thread);
      if (status === 'pending') throw new DomainError('conflict', { key: 'refusal.threadAwaitsReview' });
      if (status !== 'visible' && msg.action === 'restore') {
        throw new DomainError('conflict', { key: 'refusal.openingPostRemoved' });
      }
    }
    const changes = changesFor(msg.action, thread, now);
    await updateThread(tx, thread.id, changes);
    const after = { ...thread, ...changes } as ThreadRow;
    const view = await announceThread(tx, emit, thread, after);
    if (msg.action === 'hide' && !thread.hidden) notify({ type: 'hidden', threadId: thread.id });
    await recordAction(tx, actor, now, {
      action: `thread.${msg.action}`,
      target: { type: 'thread', id: thread.id, label: thread.title },
      reason: msg.reason,
    });
    return { thread: view };
  });
}

/** Moves a thread and its posts to another board of the site (created if new). */
export async function moveThread(
  services: Services,
  actor: Actor,
  msg: ClientMessageOf<'staff.thread.move'>,
): Promise<{ thread: ThreadView }> {
  const now = services.now();
  assertStaff(actor.member, actor.site, now);
  return runWrite(services, actor, msg, async (tx, emit, notify) => {
    // Posts before their thread, as every write takes them: an edit in the thread at the same
    // moment then waits instead of deadlocking.
    await lockThreadPosts(tx, msg.threadId);
    const thread = await lockSiteThread(tx, actor, msg.threadId);
    const target = await ensureBoard(tx, actor.site.id, msg.board);
    if (target.id === thread.board_id) throw new DomainError('conflict', { key: 'refusal.alreadyOnBoard' });
    const from = await findBoardById(tx, thread.board_id);
    if (!from) throw new Error(`board ${thread.board_id} of thread ${thread.id} is gone`);
    await updateThread(tx, thread.id, { board_id: target.id });
    await movePostsToBoard(tx, thread.id, target.id);
    const view = await threadView(tx, thread.id);
    if (thread.hidden) {
      await emit(target.id, { kind: 'queue.changed', queue: 'threads' });
    } else {
      await emit(thread.board_id, { kind: 'thread.removed', threadId: thread.id });
      const post = await postView(tx, thread.root_post_id ?? '0');
      await emit(target.id, { kind: 'thread.created', thread: view, post });
    }
    notify({ type: 'moved', threadId: thread.id, from: from.slug, to: target.slug });
    await recordAction(tx, actor, now, {
      action: 'thread.move',
      target: { type: 'thread', id: thread.id, label: thread.title },
      reason: msg.reason,
      details: { from: from.slug, to: target.slug },
    });
    return { thread: view };
  });
}

/** Accepts any visible reply as the answer of a question, or clears the accepted answer. */
export async function staffAccept(
  services: Services,
  actor: Actor,
  msg: ClientMessageOf<'staff.thread.accept'>,
): Promise<{ thread: ThreadView }> {
  const now = services.now();
  assertStaff(actor.member, actor.site, now);
  return runWrite(services, actor, msg, async (tx, emit, notify) => {
    const thread = await lockSiteThread(tx, actor, msg.threadId);
    if (thread.hidden) throw new DomainError('conflict', { key: 'refusal.restoreBeforeAccept' });
    if (thread.kind !== 'question') throw new DomainError('conflict', { key: 'refusal.onlyQuestionsAccept' });
    const changes = await acceptanceChanges(tx, thread, msg.postId, now);
    await updateThread(tx, thread.id, changes);
    const view = await announceThread(tx, emit, thread, { ...thread, ...changes } as ThreadRow);
    if (msg.postId !== null && msg.postId !== thread.accepted_post_id) {
      notify({ type: 'accepted', threadId: thread.id, postId: msg.postId, actorId: actor.member.id });
    }
    // Accepting another answer in place of one flagged as stale is the re-check's "replace".
    const replacesStale = thread.answer_stale && msg.postId !== null && msg.postId !== thread.accepted_post_id;
    await recordAction(tx, actor, now, {
      action: replacesStale ? 'answer.replace' : 'thread.accept',
      target: { type: 'thread', id: thread.id, label: thread.title },
      reason: msg.reason,
      details: replacesStale ? { postId: msg.postId, previousPostId: thread.accepted_post_id } : { postId: msg.postId },
    });
    return { thread: view };
  });
}
