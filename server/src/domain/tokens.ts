import { createHmac, timingSafeEqual } from 'node:crypto';
import { DisplayName, EmailAddress, LIMITS } from '@booth/shared';
import { errors as joseErrors, jwtVerify } from 'jose';
import * as v from 'valibot';
import type { SsoProfile } from '../db/members.queries.js';
import { DomainError, type Said } from './domain-error.js';

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
  /** The member's address, vouched for by the site's signature: it needs no confirmation. */
  email: v.optional(EmailAddress),
  exp: v.number(),
  iat: v.number(),
  jti: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(200))),
});

/** How old and how long-lived an SSO token may be; see `SSO_MAX_TOKEN_AGE` in docs/operations.md. */
export interface SsoTokenRules {
  /** Seconds after `iat` during which the token signs someone in. */
  maxAgeSeconds: number;
  /** Largest `exp - iat`, in seconds: a token "valid until the year 3000" is refused. */
  maxLifetimeSeconds: number;
}

export const DEFAULT_SSO_TOKEN_RULES: SsoTokenRules = { maxAgeSeconds: 600, maxLifetimeSeconds: 86_400 };

/** Seconds of clock difference forgiven between the host site's server and this one. */
const CLOCK_TOLERANCE_SECONDS = 30;

/** A verified SSO token: who it names, its id if it has one, and until when it could be replayed. */
export interface VerifiedSsoToken {
  profile: SsoProfile;
  /** The token's `jti`, or null when the host site does not send one. */
  jti: string | null;
  /** After this instant the token is too old to use, so its `jti` need not be remembered. */
  usableUntil: Date;
}

const EXPIRED: Said = { key: 'refusal.signInExpired' };

/**
 * Verifies a single-sign-on JWT signed by the host site with its SSO secret (HS256 only; `exp`,
 * `iat` and `sub` required). The token must be younger than the rules' maximum age and may not
 * claim a lifetime beyond theirs. The role claim counts because the signature covers it.
 */
export async function verifySsoSignIn(
  token: string,
  ssoSecret: string,
  now: Date,
  rules: SsoTokenRules = DEFAULT_SSO_TOKEN_RULES,
): Promise<VerifiedSsoToken> {
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(token, new TextEncoder().encode(ssoSecret), {
      algorithms: ['HS256'],
      currentDate: now,
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      maxTokenAge: rules.maxAgeSeconds,
      requiredClaims: ['exp', 'iat', 'sub'],
    }));
  } catch (error) {
    const expired = error instanceof joseErrors.JWTExpired;
    throw new DomainError('invalid_token', expired ? EXPIRED : undefined, String(error));
  }
  const claims = v.safeParse(SsoClaims, payload);
  if (!claims.success) throw new DomainError('invalid_token', undefined, 'claims do not match');
  const { sub, name, avatar, role, email, exp, iat, jti } = claims.output;
  if (exp - iat > rules.maxLifetimeSeconds) {
    throw new DomainError(
      'invalid_token',
      undefined,
      `token lifetime ${exp - iat} s exceeds ${rules.maxLifetimeSeconds} s`,
    );
  }
  return {
    profile: {
      externalId: sub,
      name,
      avatarUrl: avatar ?? null,
      ...(role ? { role } : {}),
      ...(email ? { email } : {}),
    },
    jti: jti ?? null,
    usableUntil: new Date((iat + rules.maxAgeSeconds + CLOCK_TOLERANCE_SECONDS) * 1000),
  };
}

/** The profile of a verified SSO token (see `verifySsoSignIn`). */
export async function verifySsoToken(
  token: string,
  ssoSecret: string,
  now: Date,
  rules: SsoTokenRules = DEFAULT_SSO_TOKEN_RULES,
): Promise<SsoProfile> {
  return (await verifySsoSignIn(token, ssoSecret, now, rules)).profile;
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
