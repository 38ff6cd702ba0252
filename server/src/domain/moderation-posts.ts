/**
 * Staff actions on single posts (hide, restore, approve and reject held posts) and on the
 * reports customers file against them. Like every moderation action, each one is audited and
 * announced on the post's board in the same transaction.
 */
import type { ClientMessageOf, PostAction, PostView, ThreadView } from '@booth/shared';
import type { MemberRow, PostRow, ThreadRow } from '../db/database.js';
import type { Executor } from '../db/executor.js';
import { findMember } from '../db/members.queries.js';
import { findPostPlace, lockPost, updatePost } from '../db/posts.queries.js';
import { resolveReports } from '../db/reports.queries.js';
import { lockMember, updateMember } from '../db/staff-members.queries.js';
import { updateThread } from '../db/threads.queries.js';
import { recordAction } from './audit.js';
import { isStaff } from './authorization.js';
import { DomainError, type Said } from './domain-error.js';
import { lockSiteThread, postView, threadView } from './lookups.js';
import type { Notify } from './mail/notices.js';
import type { Actor, Services } from './services.js';
import { assertCanBan, assertStaff } from './staff-authorization.js';
import { FOREVER } from './staff-mappers.js';
import { type Emit, runWrite } from './write.js';

/** What each action needs the post to be, and what it makes it. */
const TRANSITIONS: Record<PostAction, { from: PostRow['status']; to: PostRow['status']; refusal: Said }> = {
  hide: { from: 'visible', to: 'hidden', refusal: { key: 'refusal.hideVisibleOnly' } },
  restore: { from: 'hidden', to: 'visible', refusal: { key: 'refusal.restoreHiddenOnly' } },
  approve: { from: 'pending', to: 'visible', refusal: { key: 'refusal.notPending' } },
  reject: { from: 'pending', to: 'hidden', refusal: { key: 'refusal.notPending' } },
};

interface Locked {
  post: PostRow;
  thread: ThreadRow;
}

/**
 * Locks the post's author, the post and its thread, in the order every write takes its locks
 * (see `runWrite`): an approval raises the author's trust level and a ban changes the author, and
 * taking the author's row after the thread would deadlock with the author replying there.
 */
async function lockSitePost(tx: Executor, actor: Actor, postId: string): Promise<Locked> {
  const found = await findPostPlace(tx, postId);
  if (!found) throw new DomainError('not_found');
  await lockMember(tx, found.author_id);
  const post = await lockPost(tx, postId);
  if (!post) throw new DomainError('not_found');
  const thread = await lockSiteThread(tx, actor, post.thread_id);
  return { post, thread };
}

/** Short text naming a post in the audit log. */
function postLabel(thread: ThreadRow, post: PostRow): string {
  const start = post.source.replace(/\s+/g, ' ').trim().slice(0, 80);
  return post.root ? thread.title : `Reply in "${thread.title}": ${start}`;
}

/**
 * Moves a post from one status to another and tells the board. An opening post carries its
 * thread with it: hiding it hides the thread, approving it publishes the thread.
 */
async function applyPostAction(
  tx: Executor,
  emit: Emit,
  notify: Notify,
  { post, thread }: Locked,
  action: PostAction,
  now: Date,
): Promise<{ post: PostView; thread: ThreadView }> {
  const rule = TRANSITIONS[action];
  if (post.status !== rule.from) throw new DomainError('conflict', rule.refusal);
  await updatePost(tx, post.id, { status: rule.to });
  const nowVisible = rule.to === 'visible';
  if (action === 'approve') {
    const author = await findMember(tx, post.author_id);
    if (author && author.trust_level < 1) await updateMember(tx, author.id, { trust_level: 1 });
  }
  if (post.root) {
    // A held thread stays out of sight when rejected; a hidden thread is restored by its own action.
    if (action !== 'reject') await updateThread(tx, thread.id, { hidden: !nowVisible });
    const threadNow = await threadView(tx, thread.id);
    const view = await postView(tx, post.id);
    if (action === 'approve') {
      await emit(post.board_id, { kind: 'thread.created', thread: threadNow, post: view });
      notify({ type: 'approved', threadId: thread.id });
    } else if (action === 'restore') await emit(post.board_id, { kind: 'thread.updated', thread: threadNow });
    else if (action === 'hide' && !thread.hidden) {
      await emit(post.board_id, { kind: 'thread.removed', threadId: thread.id });
      notify({ type: 'hidden', threadId: thread.id });
    } else {
      // A rejected held thread leaves its author's page live (nobody else has it).
      if (action === 'reject') await emit(post.board_id, { kind: 'thread.removed', threadId: thread.id });
      await emit(post.board_id, { kind: 'queue.changed', queue: 'pending' });
    }
    return { post: view, thread: threadNow };
  }
  const wasAccepted = thread.accepted_post_id === post.id;
  const author = await findMember(tx, post.author_id);
  await updateThread(tx, thread.id, {
    reply_count: Math.max(0, thread.reply_count + (nowVisible ? 1 : rule.from === 'visible' ? -1 : 0)),
    ...(wasAccepted && !nowVisible ? { accepted_post_id: null, answered_at: null } : {}),
    ...(action === 'approve' ? { last_activity_at: now } : {}),
    ...(action === 'approve' && author && isStaff(author) && thread.first_staff_reply_at === null
      ? { first_staff_reply_at: now }
      : {}),
  });
  const threadNow = await threadView(tx, thread.id);
  const view = await postView(tx, post.id);
  if (thread.hidden) await emit(post.board_id, { kind: 'queue.changed', queue: 'pending' });
  else if (action === 'reject') {
    // A rejected held reply leaves its author's open thread live (nobody else has it).
    await emit(post.board_id, { kind: 'post.removed', postId: post.id, thread: threadNow });
    await emit(post.board_id, { kind: 'queue.changed', queue: 'pending' });
  } else if (action === 'approve') {
    await emit(post.board_id, { kind: 'post.created', post: view, thread: threadNow });
    notify({ type: 'reply', threadId: thread.id, postId: post.id, authorId: post.author_id });
  } else if (action === 'restore') await emit(post.board_id, { kind: 'post.updated', post: view, thread: threadNow });
  else if (action === 'hide') await emit(post.board_id, { kind: 'post.removed', postId: post.id, thread: threadNow });
  return { post: view, thread: threadNow };
}

/** Hides, restores, approves or rejects one post. */
export async function moderatePost(
  services: Services,
  actor: Actor,
  msg: ClientMessageOf<'staff.post.action'>,
): Promise<{ post: PostView; thread: ThreadView }> {
  const now = services.now();
  assertStaff(actor.member, actor.site, now);
  return runWrite(services, actor, msg, async (tx, emit, notify) => {
    const locked = await lockSitePost(tx, actor, msg.postId);
    const result = await applyPostAction(tx, emit, notify, locked, msg.action, now);
    if (msg.action === 'hide') await resolveReports(tx, locked.post.id, 'actioned', actor.member.id, now);
    await recordAction(tx, actor, now, {
      action: `post.${msg.action}`,
      target: { type: 'post', id: locked.post.id, label: postLabel(locked.thread, locked.post) },
      reason: msg.reason,
      details: { threadId: locked.thread.id },
    });
    return result;
  });
}

/** The end of a ban of `days` from `now`, or for good when `days` is null. */
export function banEnd(now: Date, days: number | null): Date {
  return days === null ? FOREVER : new Date(now.getTime() + days * 24 * 60 * 60 * 1000);
}

/** Bans a member inside an open transaction and records it. */
export async function banInTransaction(
  tx: Executor,
  actor: Actor,
  memberId: string,
  days: number | null,
  reason: string | null,
  now: Date,
): Promise<MemberRow> {
  const target = await lockMember(tx, memberId);
  assertCanBan(actor.member, target);
  const updated = await updateMember(tx, target.id, { banned_until: banEnd(now, days) });
  await recordAction(tx, actor, now, {
    action: 'member.ban',
    target: { type: 'member', id: target.id, label: target.name },
    reason,
    details: { days },
  });
  return updated;
}

/** Closes a post's open reports: dismiss them, hide the post, or hide it and ban its author. */
export async function resolvePostReports(
  services: Services,
  actor: Actor,
  msg: ClientMessageOf<'staff.report.resolve'>,
): Promise<{ postId: string; resolved: number }> {
  const now = services.now();
  assertStaff(actor.member, actor.site, now);
  return runWrite(services, actor, msg, async (tx, emit, notify) => {
    const locked = await lockSitePost(tx, actor, msg.postId);
    const reason = msg.reason ?? null;
    const label = postLabel(locked.thread, locked.post);
    if (msg.action === 'ban') {
      await banInTransaction(tx, actor, locked.post.author_id, msg.banDays ?? null, reason, now);
    }
    if (msg.action !== 'dismiss' && locked.post.status === 'visible') {
      await applyPostAction(tx, emit, notify, locked, 'hide', now);
      await recordAction(tx, actor, now, {
        action: 'post.hide',
        target: { type: 'post', id: locked.post.id, label },
        reason,
        details: { threadId: locked.thread.id, fromReports: true },
      });
    }
    const resolved = await resolveReports(
      tx,
      locked.post.id,
      msg.action === 'dismiss' ? 'dismissed' : 'actioned',
      actor.member.id,
      now,
    );
    if (msg.action === 'dismiss') {
      await recordAction(tx, actor, now, {
        action: 'report.dismiss',
        target: { type: 'post', id: locked.post.id, label },
        reason,
        details: { threadId: locked.thread.id, reports: resolved },
      });
    }
    await emit(locked.post.board_id, { kind: 'queue.changed', queue: 'reports' });
    return { postId: locked.post.id, resolved };
  });
}
