/**
 * Following threads from the widget: Notify me, "I have this question too", unfollowing, and
 * the address a guest gives to be told by email (double opt-in: the only email sent before
 * its owner confirms it is the confirmation itself).
 */
import type { ClientMessageOf, EmailState, FollowState, UnreadThreadView } from '@booth/shared';
import type { ThreadRow } from '../../db/database.js';
import type { Executor } from '../../db/executor.js';
import { clearUnread, findFollow, followThread, unfollowThread, unreadThreads } from '../../db/follows.queries.js';
import type { MemberEmailRow } from '../../db/mail.tables.js';
import { insertDelivery } from '../../db/mail-deliveries.queries.js';
import { findMemberEmail, setMemberEmail } from '../../db/member-emails.queries.js';
import { isStaff } from '../authorization.js';
import { DomainError } from '../domain-error.js';
import { lockSiteThread, threadView } from '../lookups.js';
import type { Actor, Services } from '../services.js';
import { type Emit, runWrite } from '../write.js';

/** Most threads the bell lists. */
const BELL_LIMIT = 20;

function emailState(email: MemberEmailRow | undefined): EmailState {
  if (!email) return 'none';
  return email.confirmed_at === null ? 'pending' : 'confirmed';
}

/**
 * The thread's waiting count after a follow changed it; when it moved, every open page of the
 * board (on every node) hears of it through the thread's `thread.updated` event.
 */
async function announceWaiting(tx: Executor, emit: Emit, thread: ThreadRow): Promise<number> {
  const view = await threadView(tx, thread.id);
  if (view.waiting !== thread.waiting_count && !thread.hidden) {
    await emit(thread.board_id, { kind: 'thread.updated', thread: view });
  }
  return view.waiting;
}

/**
 * Records an address for a member and, unless it is already confirmed, starts the email that
 * asks its owner to confirm it, in the caller's transaction.
 */
export async function giveEmail(
  services: Services,
  tx: Executor,
  actor: Actor,
  address: string,
  now: Date,
): Promise<MemberEmailRow> {
  const before = await findMemberEmail(tx, actor.member.id);
  const email = await setMemberEmail(tx, {
    memberId: actor.member.id,
    siteId: actor.site.id,
    address,
    confirmed: false,
    now,
  });
  const fresh = before?.address !== email.address || before.confirm_nonce !== email.confirm_nonce;
  if (email.confirmed_at === null && (fresh || before?.confirmed_at === null)) {
    const id = await insertDelivery(tx, { siteId: actor.site.id, memberId: actor.member.id, kind: 'confirm', now });
    await services.mail?.enqueueSend(tx, [id]);
  }
  return email;
}

/** Follows a thread ("Notify me", or "I have this question too" on a question). */
export async function followThreadFromWidget(
  services: Services,
  actor: Actor,
  msg: ClientMessageOf<'thread.follow'>,
): Promise<FollowState> {
  const now = services.now();
  if (actor.member.site_id !== actor.site.id) throw new DomainError('forbidden');
  return runWrite(services, actor, msg, async (tx, emit) => {
    const thread = await lockSiteThread(tx, actor, msg.threadId);
    if (thread.hidden && thread.author_id !== actor.member.id && !isStaff(actor.member)) {
      throw new DomainError('not_found');
    }
    await followThread(tx, { memberId: actor.member.id, threadId: thread.id, reason: 'manual', now });
    const email = msg.email
      ? await giveEmail(services, tx, actor, msg.email, now)
      : await findMemberEmail(tx, actor.member.id);
    const waiting = await announceWaiting(tx, emit, thread);
    return { threadId: thread.id, following: true, waiting, email: emailState(email) };
  });
}

/** Stops following a thread. */
export async function unfollowThreadFromWidget(
  services: Services,
  actor: Actor,
  msg: ClientMessageOf<'thread.unfollow'>,
): Promise<FollowState> {
  if (actor.member.site_id !== actor.site.id) throw new DomainError('forbidden');
  return runWrite(services, actor, msg, async (tx, emit) => {
    const thread = await lockSiteThread(tx, actor, msg.threadId);
    await unfollowThread(tx, actor.member.id, thread.id);
    const email = await findMemberEmail(tx, actor.member.id);
    const waiting = await announceWaiting(tx, emit, thread);
    return { threadId: thread.id, following: false, waiting, email: emailState(email) };
  });
}

/** Where email about followed threads stands for a member, shown beside the follow button. */
export async function emailStateOf(db: Executor, memberId: string): Promise<EmailState> {
  return emailState(await findMemberEmail(db, memberId));
}

/** Whether a viewer follows a thread. */
export async function isFollowing(db: Executor, memberId: string | null, threadId: string): Promise<boolean> {
  return memberId !== null && (await findFollow(db, memberId, threadId)) !== null;
}

/** The member's followed threads with unread news, for the bell. */
export async function bellThreads(db: Executor, memberId: string): Promise<UnreadThreadView[]> {
  const rows = await unreadThreads(db, memberId, BELL_LIMIT);
  return rows.map((r) => ({ threadId: r.threadId, board: r.boardSlug, title: r.title, unread: r.unread }));
}

/** Marks a followed thread's news as seen; returns whether there was any. */
export async function markThreadRead(db: Executor, memberId: string, threadId: string): Promise<boolean> {
  return clearUnread(db, memberId, threadId);
}
