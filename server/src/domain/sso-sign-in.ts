import { createHmac, timingSafeEqual } from 'node:crypto';
import type { MemberRow, SiteRow } from '../db/database.js';
import { type SsoProfile, upsertSsoMember } from '../db/members.queries.js';
import { claimSsoTokenId, pruneSsoTokenUses } from '../db/sso-token-uses.queries.js';
import { DomainError } from './domain-error.js';
import type { Services } from './services.js';
import { assertStillStaff } from './staff-sessions.js';
import { verifySsoSignIn } from './tokens.js';

/**
 * How long a widget may sign in again as the member an SSO token named, with the session token
 * it got back, without a fresh SSO token: reconnects after a network drop or a server restart
 * must not need a token younger than `SSO_MAX_TOKEN_AGE`, nor replay its `jti`.
 */
export const SSO_SESSION_SECONDS = 12 * 3600;

/**
 * Verifies an SSO token for a site and, when it has a `jti`, records it so that the same token
 * cannot sign in again on any node while it is young enough to be used.
 */
export async function verifySsoForSite(services: Services, site: SiteRow, token: string): Promise<SsoProfile> {
  const now = services.now();
  const verified = await verifySsoSignIn(token, site.sso_secret, now, services.ssoTokens);
  if (verified.jti !== null) {
    const first = await claimSsoTokenId(services.db, site.id, verified.jti, verified.usableUntil, now);
    if (!first) {
      throw new DomainError(
        'invalid_token',
        'This sign-in was already used. Please sign in again.',
        `replayed jti ${verified.jti}`,
      );
    }
    await pruneSsoTokenUses(services.db, now);
  }
  return verified.profile;
}

/**
 * The staff member a staff-role SSO token names, created or brought up to date from its profile:
 * the brand's own sign-in opens the moderation view. A token without the staff role is `forbidden`.
 */
export async function staffMemberFromSso(services: Services, site: SiteRow, token: string): Promise<MemberRow> {
  const profile = await verifySsoForSite(services, site, token);
  if (profile.role !== 'staff') {
    throw new DomainError('forbidden', 'This sign-in does not carry a staff role for this site.');
  }
  const member = await upsertSsoMember(services.db, site.id, profile);
  assertStillStaff(member, { site_id: site.id }, services.now());
  return member;
}

function sessionSignature(secret: string, siteId: string, memberId: string, expires: number): string {
  return createHmac('sha256', secret).update(`sso-session:${siteId}:${memberId}:${expires}`).digest('base64url');
}

/**
 * A token that signs the same member in again until `seconds` from now (`SSO_SESSION_SECONDS`
 * for an SSO sign-in; a magic-link sign-in passes its own, longer, lifetime).
 */
export function signSsoSession(
  secret: string,
  siteId: string,
  memberId: string,
  now: Date,
  seconds = SSO_SESSION_SECONDS,
): string {
  const expires = Math.floor(now.getTime() / 1000) + seconds;
  return `s1.${memberId}.${expires}.${sessionSignature(secret, siteId, memberId, expires)}`;
}

/** Returns the member id of a session token that is genuine, for this site and not expired. */
export function verifySsoSession(secret: string, siteId: string, token: string, now: Date): string {
  const match = /^s1\.([1-9][0-9]{0,17})\.([1-9][0-9]{0,11})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) throw new DomainError('invalid_token');
  const [, memberId, expiresText, signature] = match as unknown as [string, string, string, string];
  const expires = Number(expiresText);
  const expected = Buffer.from(sessionSignature(secret, siteId, memberId, expires));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new DomainError('invalid_token');
  if (expires * 1000 <= now.getTime()) {
    throw new DomainError('invalid_token', 'Your sign-in has expired. Please sign in again.');
  }
  return memberId;
}
