/**
 * Guests become members by a magic link. A guest whose address is confirmed asks for a link
 * (from the widget, or from the account page that every email links to); the email carries a
 * token of purpose `magic` that names the member and the thread to land on, works once and for
 * minutes. Redeeming it upgrades the SAME member row (guest → member, role unchanged), so every
 * post, vote and follow, which all point at that row, stays theirs without moving anything,
 * and hands back a member session token for the widget to keep instead of the guest token.
 */
import { createHash } from 'node:crypto';
import type { MemberRow } from '../../db/database.js';
import type { Executor } from '../../db/executor.js';
import { latestFollowedThread } from '../../db/follows.queries.js';
import { hasDeliverySince, insertDelivery } from '../../db/mail-deliveries.queries.js';
import { findMemberEmail } from '../../db/member-emails.queries.js';
import { findMember, upgradeGuest } from '../../db/members.queries.js';
import { findSiteById } from '../../db/sites.queries.js';
import { claimSsoTokenId, ssoTokenIdUsed } from '../../db/sso-token-uses.queries.js';
import { lockMember } from '../../db/staff-members.queries.js';
import { findThreadView } from '../../db/threads.queries.js';
import { DomainError, type Said } from '../domain-error.js';
import { lockSiteThread } from '../lookups.js';
import type { Actor, Services } from '../services.js';
import { signSsoSession } from '../sso-sign-in.js';
import { checkMailToken } from './mail-tokens.js';

/** The email kind of a magic sign-in link in `mail_deliveries`. */
export const MAGIC_MAIL_KIND = 'magic';

/**
 * How long a member who signed in by a magic link stays signed in. There is no host page to
 * sign them in again (as SSO does), so it is long; a new link from any email renews it.
 */
export const MAGIC_SESSION_SECONDS = 180 * 86_400;

/** One link per person per this many ms: the button cannot be used to flood an inbox. */
const REQUEST_INTERVAL_MS = 60_000;

/** The fragment that hands the session to the widget on the brand's page. */
export const SESSION_FRAGMENT = 'booth-session';

/** Who may sign in by a link: a customer of the site with no SSO identity (a guest, or a member made from one). */
function mayUseMagicLink(member: MemberRow): boolean {
  return member.role === 'customer' && member.external_id === null && member.erased_at === null;
}

/** The id under which a redeemed link is remembered (never the token itself). */
function usedTokenId(token: string): string {
  return `magic:${createHash('sha256').update(token.trim().toLowerCase()).digest('base64url')}`;
}

/**
 * Records an email with a magic sign-in link to the member's confirmed address, landing on
 * `threadId` (else the thread they followed last), in the caller's transaction.
 */
export async function requestSignInLink(
  services: Services,
  tx: Executor,
  member: MemberRow,
  threadId: string | null,
): Promise<void> {
  const now = services.now();
  if (!mayUseMagicLink(member)) {
    throw new DomainError('forbidden', { key: 'refusal.signInSiteWay' });
  }
  const email = await findMemberEmail(tx, member.id);
  if (!email || email.confirmed_at === null) {
    throw new DomainError('forbidden', { key: 'refusal.confirmEmailFirst' });
  }
  const landing = threadId ?? (await latestFollowedThread(tx, member.id));
  if (landing === null) throw new DomainError('not_found', { key: 'refusal.followFirst' });
  if (!services.mail) throw new DomainError('unavailable', { key: 'refusal.noEmail' });
  if (await hasDeliverySince(tx, member.id, MAGIC_MAIL_KIND, new Date(now.getTime() - REQUEST_INTERVAL_MS))) {
    throw new DomainError('rate_limited', { key: 'refusal.linkOnItsWay' });
  }
  const id = await insertDelivery(tx, {
    siteId: member.site_id,
    memberId: member.id,
    kind: MAGIC_MAIL_KIND,
    threadId: landing,
    now,
  });
  await services.mail.enqueueSend(tx, [id]);
}

/** The widget's "Keep my posts" button: a sign-in link for the guest who is asking. */
export async function askForSignInLink(
  services: Services,
  actor: Actor,
  threadId: string | null,
): Promise<{ sent: true }> {
  if (actor.member.site_id !== actor.site.id) throw new DomainError('forbidden');
  await services.db.transaction().execute(async (tx) => {
    if (threadId !== null) await lockSiteThread(tx, actor, threadId);
    await requestSignInLink(services, tx, actor.member, threadId);
  });
  return { sent: true };
}

/** What a valid, unused link offers, for the page that asks before signing in. */
export interface MagicLinkOffer {
  memberId: string;
  name: string;
  siteName: string;
  threadId: string;
  expiresAt: Date;
}

const REPLAYED: Said = { key: 'refusal.signInLinkUsed' };

/** Checks a magic link without using it; refuses forged, expired, used and stale links. */
export async function magicLinkOffer(services: Services, secret: string, token: string): Promise<MagicLinkOffer> {
  const now = services.now();
  const check = checkMailToken(secret, token, 'magic', now);
  if (!check.ok) {
    const expired = check.reason === 'expired';
    throw new DomainError(
      'invalid_token',
      { key: expired ? 'refusal.signInLinkExpired' : 'refusal.linkInvalid' },
      check.reason,
    );
  }
  const member = await findMember(services.db, check.memberId);
  const site = member ? await findSiteById(services.db, member.site_id) : undefined;
  if (!member || !site || !mayUseMagicLink(member)) {
    throw new DomainError('not_found', { key: 'refusal.linkGone' });
  }
  if (await ssoTokenIdUsed(services.db, site.id, usedTokenId(token), now)) {
    throw new DomainError('invalid_token', REPLAYED);
  }
  return {
    memberId: member.id,
    name: member.name,
    siteName: site.name,
    threadId: check.subjectId,
    expiresAt: check.expiresAt,
  };
}

/** A redeemed link: the session the widget keeps, and the thread it lands on. */
export interface MagicSignIn {
  session: string;
  memberId: string;
  threadId: string;
}

/**
 * Redeems a magic link once: in one transaction the link is marked used (on every node) and the
 * guest becomes a member; a second use, or a race of two, finds the mark and is refused.
 */
export async function redeemMagicLink(services: Services, secret: string, token: string): Promise<MagicSignIn> {
  const now = services.now();
  const offer = await magicLinkOffer(services, secret, token);
  if (!(await findThreadView(services.db, offer.threadId))) {
    throw new DomainError('not_found', { key: 'refusal.linkThreadGone' });
  }
  const signIn = await services.db.transaction().execute(async (tx) => {
    const member = await lockMember(tx, offer.memberId);
    if (!member || !mayUseMagicLink(member)) throw new DomainError('not_found', { key: 'refusal.linkGone' });
    if (!(await claimSsoTokenId(tx, member.site_id, usedTokenId(token), offer.expiresAt, now))) {
      throw new DomainError('invalid_token', REPLAYED);
    }
    const upgraded = member.guest ? await upgradeGuest(tx, member.id) : member;
    return {
      session: signSsoSession(services.guestSecret, upgraded.site_id, upgraded.id, now, MAGIC_SESSION_SECONDS),
      memberId: upgraded.id,
      threadId: offer.threadId,
      siteId: upgraded.site_id,
    };
  });
  // A guest who became a member is listed without the guest mark.
  services.listingChanged(signIn.siteId);
  return { session: signIn.session, memberId: signIn.memberId, threadId: signIn.threadId };
}

/** The brand's page of the thread with the session in its fragment, which the widget reads and removes. */
export function withSession(page: string, session: string): string {
  return `${page}${page.includes('#') ? '&' : '#'}${SESSION_FRAGMENT}=${session}`;
}
