import { createHmac, timingSafeEqual } from 'node:crypto';
import { DisplayName, LIMITS } from '@booth/shared';
import { errors as joseErrors, jwtVerify } from 'jose';
import * as v from 'valibot';
import type { SsoProfile } from '../db/members.queries.js';
import { DomainError } from './domain-error.js';

/**
 * Only http(s) avatars: a `javascript:` or `data:` URL never reaches an `<img>`. The URL is
 * stored as the WHATWG parser writes it, so quotes, spaces and angle brackets are
 * percent-encoded and cannot break out of an attribute in any page that shows it.
 */
const AvatarUrl = v.pipe(
  v.string(),
  v.maxLength(LIMITS.avatarUrlChars),
  v.url(),
  v.regex(/^https?:\/\//i),
  v.transform((url) => new URL(url).href),
  v.maxLength(LIMITS.avatarUrlChars),
);

const SsoClaims = v.object({
  sub: v.pipe(v.string(), v.minLength(1), v.maxLength(200)),
  name: DisplayName,
  avatar: v.optional(v.nullable(AvatarUrl)),
  role: v.optional(v.picklist(['customer', 'staff'])),
  exp: v.number(),
});

/**
 * Verifies a single-sign-on JWT signed by the host site with its SSO secret (HS256 only,
 * `exp` required). The role claim counts because the signature covers it.
 */
export async function verifySsoToken(token: string, ssoSecret: string, now: Date): Promise<SsoProfile> {
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(token, new TextEncoder().encode(ssoSecret), {
      algorithms: ['HS256'],
      currentDate: now,
      clockTolerance: 30,
      requiredClaims: ['exp', 'sub'],
    }));
  } catch (error) {
    const expired = error instanceof joseErrors.JWTExpired;
    throw new DomainError(
      'invalid_token',
      expired ? 'Your sign-in has expired. Please sign in again.' : undefined,
      String(error),
    );
  }
  const claims = v.safeParse(SsoClaims, payload);
  if (!claims.success) throw new DomainError('invalid_token', undefined, 'claims do not match');
  const { sub, name, avatar, role } = claims.output;
  return { externalId: sub, name, avatarUrl: avatar ?? null, ...(role ? { role } : {}) };
}

function guestSignature(secret: string, siteId: string, memberId: string): string {
  return createHmac('sha256', secret).update(`guest:${siteId}:${memberId}`).digest('base64url');
}

/** A token the widget keeps so the same guest can come back and edit their posts. */
export function signGuestToken(secret: string, siteId: string, memberId: string): string {
  return `g1.${memberId}.${guestSignature(secret, siteId, memberId)}`;
}

/** Returns the guest's member id, or throws `invalid_token`. */
export function verifyGuestToken(secret: string, siteId: string, token: string): string {
  const match = /^g1\.([1-9][0-9]{0,17})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) throw new DomainError('invalid_token');
  const [, memberId, signature] = match as unknown as [string, string, string];
  const expected = Buffer.from(guestSignature(secret, siteId, memberId));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw new DomainError('invalid_token');
  return memberId;
}
