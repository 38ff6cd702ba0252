/**
 * Deleting a member's account, by the person (from a link in one of their emails) or by staff
 * acting on their request. In one transaction: the identity stops signing in (an SSO sign-in
 * later makes a new member; a guest token is refused), the name, avatar, address, sign-in and
 * retry records are erased, and the posts are kept under "Deleted member" or removed, as the
 * site chose. The board's event log is rewritten the same way, so a widget that resumes from an
 * old position never receives the old name or text again.
 */
import type { ClientMessageOf, StaffMemberView } from '@booth/shared';
import type { Transaction } from 'kysely';
import type { Database } from '../../db/database.js';
import type { Executor } from '../../db/executor.js';
import {
  deleteMemberPostsText,
  eraseMemberIdentity,
  listMemberPostsToRemove,
  scrubMemberFromEvents,
} from '../../db/member-erasure.queries.js';
import { findDeletedMemberPosts } from '../../db/site-reach.queries.js';
import { lockMember } from '../../db/staff-members.queries.js';
import { lockThread, updateThread } from '../../db/threads.queries.js';
import type { DeletedMemberPosts } from '../../db/webhooks.tables.js';
import { recordAction } from '../audit.js';
import { isStaff } from '../authorization.js';
import { DomainError } from '../domain-error.js';
import { threadView } from '../lookups.js';
import type { Actor, Services } from '../services.js';
import { assertStaff } from '../staff-authorization.js';
import { toStaffMemberView } from '../staff-mappers.js';
import { type Emit, runWrite } from '../write.js';

/** The name an erased member's kept posts show. */
export const DELETED_MEMBER_NAME = 'Deleted member';

/** What the site does with the posts of a member who deletes their account: kept anonymous unless it chose otherwise. */
export async function deletedMemberPosts(db: Executor, siteId: string): Promise<DeletedMemberPosts> {
  return (await findDeletedMemberPosts(db, siteId)) ?? 'anonymize';
}

/**
 * Takes every post of the member out of sight with its text, and the threads they opened off
 * the board; counters and accepted answers follow, and each board hears of it.
 */
async function removePosts(tx: Transaction<Database>, emit: Emit, memberId: string): Promise<string[]> {
  const posts = await listMemberPostsToRemove(tx, memberId);
  await deleteMemberPostsText(tx, memberId);
  const threadIds = [...new Set(posts.map((p) => p.thread_id))];
  const opened: string[] = [];
  // Threads are locked in id order (the posts came sorted), as every other write locks them.
  for (const threadId of threadIds) {
    const thread = await lockThread(tx, threadId);
    if (!thread) continue;
    const mine = posts.filter((p) => p.thread_id === threadId);
    if (mine.some((p) => p.root)) {
      opened.push(threadId);
      await updateThread(tx, threadId, { hidden: true, excerpt: '' });
      if (!thread.hidden) await emit(thread.board_id, { kind: 'thread.removed', threadId });
      continue;
    }
    const visible = mine.filter((p) => p.status === 'visible');
    const acceptedMine = mine.some((p) => p.id === thread.accepted_post_id);
    await updateThread(tx, threadId, {
      reply_count: Math.max(0, thread.reply_count - visible.length),
      ...(acceptedMine ? { accepted_post_id: null, answered_at: null } : {}),
    });
    if (thread.hidden) continue;
    const view = await threadView(tx, threadId);
    for (const post of visible) await emit(thread.board_id, { kind: 'post.removed', postId: post.id, thread: view });
    if (mine.some((p) => p.status === 'pending'))
      await emit(thread.board_id, { kind: 'queue.changed', queue: 'pending' });
  }
  return opened;
}

/**
 * Deletes the account of `msg.memberId`, `by` staff of the site or by the member themselves
 * (`self`: the transport checked a signed link from their email, and `actor` is that member).
 * Staff and owner accounts are removed from staff first: this is for customers.
 */
export async function eraseMember(
  services: Services,
  actor: Actor,
  msg: ClientMessageOf<'staff.member.erase'>,
  by: 'staff' | 'self' = 'staff',
): Promise<{ member: StaffMemberView }> {
  const now = services.now();
  const self = by === 'self';
  if (self && actor.member.id !== msg.memberId) throw new DomainError('forbidden');
  if (!self) assertStaff(actor.member, actor.site, now);
  const erased = await runWrite(services, actor, msg, async (tx, emit) => {
    const target = await lockMember(tx, msg.memberId);
    if (!target || target.site_id !== actor.site.id) throw new DomainError('not_found', { key: 'refusal.noMember' });
    if (target.erased_at !== null) throw new DomainError('conflict', { key: 'refusal.alreadyDeleted' });
    if (isStaff(target)) {
      throw new DomainError('conflict', { key: 'refusal.staffNotErased' });
    }
    const policy = await deletedMemberPosts(tx, actor.site.id);
    const removed = policy === 'remove' ? await removePosts(tx, emit, target.id) : null;
    await scrubMemberFromEvents(tx, actor.site.id, target.id, DELETED_MEMBER_NAME, removed);
    const member = await eraseMemberIdentity(tx, target, DELETED_MEMBER_NAME, msg.key, now);
    await recordAction(tx, actor, now, {
      action: 'member.erase',
      target: { type: 'member', id: target.id, label: DELETED_MEMBER_NAME },
      reason: msg.reason,
      details: { posts: policy === 'remove' ? 'removed' : 'kept', by: self ? 'member' : 'staff' },
    });
    return { member: toStaffMemberView(member, now) };
  });
  // Their name goes from every listing that shows it, on every node.
  services.listingChanged(actor.site.id);
  return erased;
}
