import { createHmac } from 'node:crypto';
import type { ErrorCode } from '@booth/shared';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../server/src/domain/domain-error.js';
import { signGuestToken, verifyGuestToken, verifySsoSignIn, verifySsoToken } from '../../server/src/domain/tokens.js';
import { signSso } from '../helpers/test-app.js';

const SITE = { sso_secret: 'site-secret-0123456789-0123456789-abcdef' };
// A fixed instant: verification takes its clock as an argument, and tokens are signed with the same one.
const NOW = new Date('2026-03-14T03:10:00Z');
const nowSeconds = () => Math.floor(NOW.getTime() / 1000);

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A JWT assembled by hand, for headers and payloads no honest library would produce. */
function handmade(header: object, payload: object, secret: string | null, hmac = 'sha256'): string {
  const unsigned = `${b64(header)}.${b64(payload)}`;
  const signature = secret === null ? '' : createHmac(hmac, secret).update(unsigned).digest('base64url');
  return `${unsigned}.${signature}`;
}

const claims = (extra: Record<string, unknown> = {}) => ({
  sub: 'user-1',
  name: 'Robin Shopper',
  iat: nowSeconds(),
  exp: nowSeconds() + 600,
  ...extra,
});

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

async function expectRefused(token: string, code: ErrorCode = 'invalid_token', secret = SITE.sso_secret) {
  const error = await refusal(verifySsoToken(token, secret, NOW));
  expect(error.code).toBe(code);
  return error;
}

describe('SSO tokens', () => {
  it('accepts a token signed with the site secret and maps its claims', async () => {
    const token = await signSso(
      SITE,
      { sub: 'user-1', name: 'Robin', avatar: 'https://cdn.example/r.png' },
      { now: NOW },
    );
    expect(await verifySsoToken(token, SITE.sso_secret, NOW)).toEqual({
      externalId: 'user-1',
      name: 'Robin',
      avatarUrl: 'https://cdn.example/r.png',
    });
  });

  it('honours a signed role claim', async () => {
    const token = await signSso(SITE, { sub: 'agent-7', name: 'Sam from Support', role: 'staff' }, { now: NOW });
    expect(await verifySsoToken(token, SITE.sso_secret, NOW)).toMatchObject({ externalId: 'agent-7', role: 'staff' });
  });

  it('refuses a token signed with another secret', async () => {
    await expectRefused(
      await signSso(SITE, { sub: 'u', name: 'Robin' }, { secret: 'another-secret-0123456789-abcdefgh', now: NOW }),
    );
  });

  it('refuses alg none, with or without a signature', async () => {
    await expectRefused(handmade({ alg: 'none', typ: 'JWT' }, claims({ role: 'staff' }), null));
    await expectRefused(handmade({ alg: 'none' }, claims(), SITE.sso_secret));
    await expectRefused(handmade({ alg: 'NONE' }, claims(), null));
  });

  it('refuses HS512 and RS256 headers, even with a valid HMAC', async () => {
    const hs512 = await new SignJWT({ name: 'Robin' })
      .setProtectedHeader({ alg: 'HS512' })
      .setSubject('u')
      .setExpirationTime(nowSeconds() + 600)
      .sign(new TextEncoder().encode(SITE.sso_secret));
    await expectRefused(hs512);
    await expectRefused(handmade({ alg: 'HS512' }, claims(), SITE.sso_secret, 'sha512'));
    // Key confusion: an RS256 header over an HMAC made with the shared secret.
    await expectRefused(handmade({ alg: 'RS256' }, claims(), SITE.sso_secret));
    await expectRefused(handmade({ alg: 'HS384' }, claims(), SITE.sso_secret, 'sha384'));
  });

  it('accepts a handmade HS256 token, so the refusals above are about the header alone', async () => {
    const profile = await verifySsoToken(handmade({ alg: 'HS256' }, claims(), SITE.sso_secret), SITE.sso_secret, NOW);
    expect(profile).toEqual({ externalId: 'user-1', name: 'Robin Shopper', avatarUrl: null });
  });

  it('refuses an expired token with a message that says so', async () => {
    const error = await expectRefused(await signSso(SITE, { sub: 'u', name: 'Robin', expiresIn: -120 }, { now: NOW }));
    expect(error.message).toMatch(/expired/i);
  });

  it('tolerates a small clock skew', async () => {
    const token = await signSso(SITE, { sub: 'u', name: 'Robin', expiresIn: -10 }, { now: NOW });
    await expect(verifySsoToken(token, SITE.sso_secret, NOW)).resolves.toMatchObject({ externalId: 'u' });
  });

  it('checks expiry against the given clock', async () => {
    const token = await signSso(SITE, { sub: 'u', name: 'Robin', expiresIn: 3600 }, { now: NOW });
    await refusal(verifySsoToken(token, SITE.sso_secret, new Date(NOW.getTime() + 2 * 3600_000)));
  });

  it('refuses a token that is not valid yet', async () => {
    await expectRefused(handmade({ alg: 'HS256' }, claims({ nbf: nowSeconds() + 600 }), SITE.sso_secret));
  });

  it('requires exp, iat and sub', async () => {
    const { exp: _exp, ...noExp } = claims();
    const { sub: _sub, ...noSub } = claims();
    const { iat: _iat, ...noIat } = claims();
    await expectRefused(handmade({ alg: 'HS256' }, noIat, SITE.sso_secret));
    await expectRefused(handmade({ alg: 'HS256' }, claims({ iat: 'yesterday' }), SITE.sso_secret));
    await expectRefused(handmade({ alg: 'HS256' }, noExp, SITE.sso_secret));
    await expectRefused(handmade({ alg: 'HS256' }, noSub, SITE.sso_secret));
    await expectRefused(handmade({ alg: 'HS256' }, claims({ sub: '' }), SITE.sso_secret));
    await expectRefused(handmade({ alg: 'HS256' }, claims({ sub: 42 }), SITE.sso_secret));
  });

  it('refuses a role forged into a signed token', async () => {
    const genuine = await signSso(SITE, { sub: 'u', name: 'Robin' }, { now: NOW });
    const [header, payload, signature] = genuine.split('.') as [string, string, string];
    const forged = { ...JSON.parse(Buffer.from(payload, 'base64url').toString()), role: 'staff' };
    await expectRefused(`${header}.${b64(forged)}.${signature}`);
  });

  it('refuses roles other than customer and staff', async () => {
    await expectRefused(await signSso(SITE, { sub: 'u', name: 'Robin', role: 'owner' }, { now: NOW }));
    await expectRefused(await signSso(SITE, { sub: 'u', name: 'Robin', role: 'admin' }, { now: NOW }));
  });

  it.each([
    'javascript:alert(1)',
    'JAVASCRIPT:alert(1)',
    'data:image/svg+xml;base64,PHN2Zz4=',
    'vbscript:msgbox(1)',
    'ftp://files.example/a.png',
    '//cdn.example/a.png',
    'not a url',
    `https://cdn.example/${'a'.repeat(500)}`,
  ])('refuses the avatar %s', async (avatar) => {
    await expectRefused(await signSso(SITE, { sub: 'u', name: 'Robin', avatar }, { now: NOW }));
  });

  it('accepts a null avatar', async () => {
    const profile = await verifySsoToken(
      await signSso(SITE, { sub: 'u', name: 'Robin', avatar: null }, { now: NOW }),
      SITE.sso_secret,
      NOW,
    );
    expect(profile.avatarUrl).toBeNull();
  });

  it.each(['R', 'x'.repeat(41), 'Ro\u0000bin', 'Ro\uD800bin'])('refuses the display name %j', async (name) => {
    await expectRefused(await signSso(SITE, { sub: 'u', name }, { now: NOW }));
  });

  it.each(['', 'garbage', 'a.b.c', 'a.b', `${'x'.repeat(20)}.${'y'.repeat(20)}.`])(
    'refuses the malformed token %j',
    async (token) => {
      await expectRefused(token);
    },
  );
});

describe('guest tokens', () => {
  const secret = 'server-guest-secret';

  it('round-trips the member id', () => {
    const token = signGuestToken(secret, '1', '42');
    expect(token).toMatch(/^g1\.42\.[A-Za-z0-9_-]{43}$/);
    expect(verifyGuestToken(secret, '1', token)).toBe('42');
  });

  it.each([
    ['another site', (t: string) => t, '2', secret],
    ['another server secret', (t: string) => t, '1', 'other-secret'],
    ['a changed member id', (t: string) => t.replace('g1.42.', 'g1.43.'), '1', secret],
    ['a changed signature', (t: string) => `${t.slice(0, -1)}${t.endsWith('A') ? 'B' : 'A'}`, '1', secret],
    ['a truncated signature', (t: string) => t.slice(0, -1), '1', secret],
    ['an extended signature', (t: string) => `${t}A`, '1', secret],
    ['another version', (t: string) => t.replace(/^g1/, 'g2'), '1', secret],
    ['a zero-padded id', (t: string) => t.replace('g1.42.', 'g1.042.'), '1', secret],
    ['trailing text', (t: string) => `${t}\n`, '1', secret],
    ['nothing', () => '', '1', secret],
  ])('refuses a token with %s', (_name, tamper, siteId, key) => {
    const token = tamper(signGuestToken(secret, '1', '42'));
    let error: unknown;
    try {
      verifyGuestToken(key, siteId, token);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('invalid_token');
  });

  it('gives different tokens to different members and sites', () => {
    const tokens = new Set([
      signGuestToken(secret, '1', '42'),
      signGuestToken(secret, '1', '43'),
      signGuestToken(secret, '2', '42'),
      signGuestToken('other', '1', '42'),
    ]);
    expect(tokens.size).toBe(4);
  });

  it('refuses a token older than the maximum age and accepts one just under it', async () => {
    const rules = { maxAgeSeconds: 600, maxLifetimeSeconds: 86_400 };
    const old = handmade({ alg: 'HS256' }, claims({ iat: nowSeconds() - 631 }), SITE.sso_secret);
    const error = await refusal(verifySsoSignIn(old, SITE.sso_secret, NOW, rules));
    expect(error.message).toMatch(/expired/i);
    const young = handmade({ alg: 'HS256' }, claims({ iat: nowSeconds() - 590 }), SITE.sso_secret);
    await expect(verifySsoSignIn(young, SITE.sso_secret, NOW, rules)).resolves.toMatchObject({ jti: null });
  });

  it('refuses a lifetime beyond the rules, such as an exp in the year 3000', async () => {
    const year3000 = Math.floor(Date.UTC(3000, 0, 1) / 1000);
    await expectRefused(handmade({ alg: 'HS256' }, claims({ exp: year3000 }), SITE.sso_secret));
    const rules = { maxAgeSeconds: 600, maxLifetimeSeconds: 3600 };
    const day = handmade({ alg: 'HS256' }, claims({ exp: nowSeconds() + 3601 }), SITE.sso_secret);
    await refusal(verifySsoSignIn(day, SITE.sso_secret, NOW, rules));
    const hour = handmade({ alg: 'HS256' }, claims({ exp: nowSeconds() + 3600 }), SITE.sso_secret);
    await expect(verifySsoSignIn(hour, SITE.sso_secret, NOW, rules)).resolves.toBeDefined();
  });

  it('hands back the jti and until when the token could be used', async () => {
    const token = handmade({ alg: 'HS256' }, claims({ jti: 'abc-123' }), SITE.sso_secret);
    const verified = await verifySsoSignIn(token, SITE.sso_secret, NOW);
    expect(verified.jti).toBe('abc-123');
    expect(verified.usableUntil.getTime()).toBe((nowSeconds() + 600 + 30) * 1000);
  });
});
