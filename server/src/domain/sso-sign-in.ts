import type { MemberRow, SiteRow } from '../db/database.js';
import { type SsoProfile, upsertSsoMember } from '../db/members.queries.js';
import { claimSsoTokenId, pruneSsoTokenUses } from '../db/sso-token-uses.queries.js';
import { DomainError } from './domain-error.js';
import { type MemberTokenKind, signMemberToken, verifyMemberToken } from './member-tokens.js';
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
      throw new DomainError('invalid_token', { key: 'refusal.signInReplayed' }, `replayed jti ${verified.jti}`);
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
    throw new DomainError('forbidden', { key: 'refusal.ssoNotStaff' });
  }
  const member = await upsertSsoMember(services.db, site.id, profile);
  // The token may carry a new name, avatar or role, which listings show.
  services.listingChanged(site.id);
  assertStillStaff(member, { site_id: site.id }, services.now());
  return member;
}

const SSO_SESSION: MemberTokenKind = {
  prefix: 's1',
  purpose: 'sso-session',
  expiredMessage: { key: 'refusal.signInExpired' },
};

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
  return signMemberToken(secret, SSO_SESSION, siteId, memberId, Math.floor(now.getTime() / 1000) + seconds);
}

/** Returns the member id of a session token that is genuine, for this site and not expired. */
export function verifySsoSession(secret: string, siteId: string, token: string, now: Date): string {
  return verifyMemberToken(secret, SSO_SESSION, siteId, token, now);
}
