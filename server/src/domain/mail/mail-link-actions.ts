/**
 * What the links in emails do, for whoever holds them, without signing in: the token names
 * the member and the thread (or the address's nonce), and is checked for its purpose and age.
 */

import type { Language } from '@booth/shared';
import type { Executor } from '../../db/executor.js';
import { unfollowThread } from '../../db/follows.queries.js';
import { confirmMemberEmail, setAllMailOff } from '../../db/member-emails.queries.js';
import { findMember } from '../../db/members.queries.js';
import { findSiteById } from '../../db/sites.queries.js';
import { DomainError } from '../domain-error.js';
import { checkMailToken, type MailPurpose } from './mail-tokens.js';

export interface LinkHolder {
  memberId: string;
  subjectId: string;
  siteName: string;
}

/** Checks a link's token for its purpose; refuses forged, expired and other purposes' tokens. */
export async function holderOf(
  db: Executor,
  secret: string,
  token: string,
  purpose: MailPurpose,
  now: Date,
): Promise<LinkHolder> {
  const check = checkMailToken(secret, token, purpose, now);
  if (!check.ok) {
    throw new DomainError(
      'invalid_token',
      { key: check.reason === 'expired' ? 'refusal.linkExpired' : 'refusal.linkInvalid' },
      check.reason,
    );
  }
  const member = await findMember(db, check.memberId);
  if (!member) throw new DomainError('not_found', { key: 'refusal.linkGone' });
  const site = await findSiteById(db, member.site_id);
  return { memberId: member.id, subjectId: check.subjectId, siteName: site?.name ?? 'Booth' };
}

/**
 * The language of the site whose member a genuine link names (even an expired one: its claims
 * may be read), for the page that answers it; null for a forged or malformed link.
 */
export async function linkLanguage(
  db: Executor,
  secret: string,
  token: string,
  purpose: MailPurpose,
  now: Date,
): Promise<Language | null> {
  const check = checkMailToken(secret, token, purpose, now);
  if (!check.ok && check.reason !== 'expired') return null;
  const member = await findMember(db, check.memberId);
  const site = member && (await findSiteById(db, member.site_id));
  return site ? site.language : null;
}

/** Where an open link goes, and whose unread mark it may clear (nobody's once it expired). */
export interface OpenLinkTarget {
  threadId: string;
  /** The member whose bell the link clears, or null for an expired link. */
  memberId: string | null;
}

/**
 * Reads an open link. The thread page is public and its own page decides what it shows, so an
 * expired (but genuine) link still leads there; it only stops acting for its member.
 */
export function openLinkTarget(secret: string, token: string, now: Date): OpenLinkTarget {
  const check = checkMailToken(secret, token, 'open', now);
  if (check.ok) return { threadId: check.subjectId, memberId: check.memberId };
  if (check.reason === 'expired') return { threadId: check.subjectId, memberId: null };
  throw new DomainError('invalid_token', { key: 'refusal.linkInvalid' }, check.reason);
}

/** Stops email about one thread (the member no longer follows it). */
export async function unsubscribeThread(db: Executor, secret: string, token: string, now: Date): Promise<LinkHolder> {
  const holder = await holderOf(db, secret, token, 'unfollow', now);
  await unfollowThread(db, holder.memberId, holder.subjectId);
  return holder;
}

/** Stops every thread email of the site to the member. */
export async function unsubscribeAll(db: Executor, secret: string, token: string, now: Date): Promise<LinkHolder> {
  const holder = await holderOf(db, secret, token, 'unfollow_all', now);
  await setAllMailOff(db, holder.memberId, now);
  return holder;
}

/** Confirms the address the member gave (double opt-in); a link for an earlier address does nothing. */
export async function confirmAddress(db: Executor, secret: string, token: string, now: Date): Promise<LinkHolder> {
  const holder = await holderOf(db, secret, token, 'confirm', now);
  if (!(await confirmMemberEmail(db, holder.memberId, holder.subjectId, now))) {
    throw new DomainError('invalid_token', { key: 'refusal.linkOldAddress' });
  }
  return holder;
}
