/**
 * Who may do what. Pure rules over rows, so they are unit-tested without a database;
 * every use case calls them on the server before it writes.
 */
import type { MemberRow, PostRow, SiteRow, ThreadRow } from '../db/database.js';
import { DomainError } from './domain-error.js';

type Member = Pick<MemberRow, 'id' | 'site_id' | 'role' | 'guest' | 'banned_until'>;

export function isStaff(member: Pick<MemberRow, 'role'>): boolean {
  return member.role === 'staff' || member.role === 'owner';
}

/** Throws unless the member may write on the site at `now`. */
export function assertCanWrite(member: Member, site: Pick<SiteRow, 'id' | 'guests_allowed'>, now: Date): void {
  if (member.site_id !== site.id) throw new DomainError('forbidden', undefined, 'member of another site');
  if (member.banned_until !== null && member.banned_until > now) {
    throw new DomainError('banned', { key: 'refusal.bannedUntil', params: { until: member.banned_until } });
  }
  if (member.guest && !site.guests_allowed) throw new DomainError('guests_not_allowed');
}

/** Only the author edits or deletes their post. */
export function assertCanChangePost(member: Member, post: Pick<PostRow, 'author_id' | 'status'>): void {
  if (post.author_id !== member.id) throw new DomainError('forbidden', { key: 'refusal.authorOnly' });
  if (post.status === 'deleted') throw new DomainError('not_found', { key: 'refusal.postDeleted' });
}

/**
 * A thread out of sight (hidden by staff or pending review) takes its visible posts with it:
 * editing, deleting or voting on them would announce them to every page of the board. An
 * author may still edit or withdraw a post of theirs that is itself awaiting review.
 */
export function assertPostInSight(thread: Pick<ThreadRow, 'hidden'>, post: Pick<PostRow, 'status'>): void {
  if (thread.hidden && post.status === 'visible') throw new DomainError('not_found');
}

/** Replies are closed in a locked thread, except for staff. */
export function assertCanReply(member: Member, thread: Pick<ThreadRow, 'locked' | 'hidden'>): void {
  if (thread.hidden) throw new DomainError('not_found');
  if (thread.locked && !isStaff(member)) throw new DomainError('thread_locked');
}

/** The asker or staff accept an answer, and only on questions. */
export function assertCanAccept(member: Member, thread: Pick<ThreadRow, 'author_id' | 'kind' | 'hidden'>): void {
  if (thread.hidden) throw new DomainError('not_found');
  if (thread.kind !== 'question') throw new DomainError('conflict', { key: 'refusal.onlyQuestionsAccept' });
  if (thread.author_id !== member.id && !isStaff(member)) {
    throw new DomainError('forbidden', { key: 'refusal.acceptAskerOnly' });
  }
}

/** Members vote on others' visible posts, not their own. */
export function assertCanVote(member: Member, post: Pick<PostRow, 'author_id' | 'status'>): void {
  if (post.status !== 'visible') throw new DomainError('not_found');
  if (post.author_id === member.id) throw new DomainError('forbidden', { key: 'refusal.voteOwnPost' });
}
