import { createHmac, timingSafeEqual } from 'node:crypto';
import { DomainError, type Said } from './domain-error.js';

/**
 * What an expiring member token is for. Each purpose has its own prefix and its own words under
 * the signature, so a token of one purpose is never accepted for another.
 */
export interface MemberTokenKind {
  /** The token's first part, e.g. `s1`. */
  prefix: string;
  /** Signed with the site, member and expiry, e.g. `sso-session`. */
  purpose: string;
  /** The refusal of a genuine token that has expired. */
  expiredMessage: Said;
}

function signature(secret: string, kind: MemberTokenKind, siteId: string, memberId: string, expires: number): string {
  return createHmac('sha256', secret).update(`${kind.purpose}:${siteId}:${memberId}:${expires}`).digest('base64url');
}

/** `PREFIX.MEMBER.EXPIRES.SIGNATURE`, valid until `expires` (seconds since the epoch). */
export function signMemberToken(
  secret: string,
  kind: MemberTokenKind,
  siteId: string,
  memberId: string,
  expires: number,
): string {
  return `${kind.prefix}.${memberId}.${expires}.${signature(secret, kind, siteId, memberId, expires)}`;
}

/** Returns the member id of a token that is genuine, of this kind, for this site and not expired. */
export function verifyMemberToken(
  secret: string,
  kind: MemberTokenKind,
  siteId: string,
  token: string,
  now: Date,
): string {
  const [prefix, memberId = '', expiresText = '', given = '', extra] = token.split('.');
  if (
    prefix !== kind.prefix ||
    extra !== undefined ||
    !/^[1-9][0-9]{0,17}$/.test(memberId) ||
    !/^[1-9][0-9]{0,11}$/.test(expiresText) ||
    !/^[A-Za-z0-9_-]{43}$/.test(given)
  ) {
    throw new DomainError('invalid_token');
  }
  const expires = Number(expiresText);
  const expected = Buffer.from(signature(secret, kind, siteId, memberId, expires));
  if (!timingSafeEqual(expected, Buffer.from(given))) throw new DomainError('invalid_token');
  if (expires * 1000 <= now.getTime()) throw new DomainError('invalid_token', kind.expiredMessage);
  return memberId;
}
