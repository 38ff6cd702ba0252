/**
 * SSO tokens that are too old, claim to live for centuries, or are replayed, over real sockets
 * and on two nodes sharing one database. The widget's reconnects use the session token a sign-in
 * hands back, so they need neither a young token nor a second use of its `jti`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteRow } from '../../server/src/db/database.js';
import { createOpenSite, expectRefused, UNLIMITED_FRAMES } from '../helpers/actors.js';
import { type SsoClaims, signSso, startTestApp, TEST_ORIGIN, type TestApp } from '../helpers/test-app.js';
import { TestClient } from '../helpers/ws-client.js';

/** The servers' clock; tokens are signed against it, and tests move it. */
let clock = new Date('2026-06-01T12:00:00Z');
const minutes = (n: number) => n * 60_000;
const at = (offsetMs: number) => new Date(clock.getTime() + offsetMs);

let first: TestApp;
/** A second node on the same database, as another server behind the load balancer. */
let second: TestApp;
let site: SiteRow;

beforeAll(async () => {
  first = await startTestApp({ live: { now: () => clock }, ws: UNLIMITED_FRAMES });
  second = await startTestApp({ database: first.database, live: { now: () => clock }, ws: UNLIMITED_FRAMES });
  site = await createOpenSite(first.database);
});
afterAll(async () => {
  await second?.close();
  await first?.close();
});

let counter = 0;
const claims = (extra: Partial<SsoClaims> = {}): SsoClaims => ({
  sub: `shopper-${++counter}`,
  name: `Shopper ${counter}`,
  ...extra,
});

async function hello(node: TestApp, message: { sso?: string; session?: string }) {
  const client = await TestClient.connect(node.wsUrl(site));
  const reply = await client.request({ type: 'hello', ...message });
  await client.close();
  return reply;
}

async function signsIn(node: TestApp, sso: string) {
  const reply = await hello(node, { sso });
  if (!reply.ok) throw new Error(`refused: ${reply.error.code} ${reply.error.message}`);
  expect(reply.result.me).not.toBeNull();
  return reply.result;
}

async function refused(node: TestApp, message: { sso?: string; session?: string }, words?: RegExp) {
  const client = await TestClient.connect(node.wsUrl(site));
  const error = await expectRefused(client.request({ type: 'hello', ...message }), 'invalid_token');
  if (words) expect(error.message).toMatch(words);
  await client.close();
}

describe('token age', () => {
  it('refuses a token issued longer ago than the maximum age (10 minutes by default), saying it expired', async () => {
    await refused(first, { sso: await signSso(site, claims(), { now: at(-minutes(11)) }) }, /expired/);
  });

  it('accepts a token issued just under the maximum age', async () => {
    await signsIn(first, await signSso(site, claims(), { now: at(-minutes(9)) }));
  });

  it('refuses a token without iat', async () => {
    const { SignJWT } = await import('jose');
    const token = await new SignJWT({ name: 'No Iat' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('no-iat')
      .setExpirationTime(Math.floor(clock.getTime() / 1000) + 600)
      .sign(new TextEncoder().encode(site.sso_secret));
    await refused(first, { sso: token });
  });

  it('refuses a token issued in the future', async () => {
    await refused(first, { sso: await signSso(site, claims(), { now: at(minutes(60)) }) });
  });

  it('refuses a token that expires in the year 3000', async () => {
    const seconds = Math.floor((Date.UTC(3000, 0, 1) - clock.getTime()) / 1000);
    await refused(first, { sso: await signSso(site, claims({ expiresIn: seconds }), { now: clock }) });
  });

  it('accepts a token whose lifetime is at the maximum (one day by default)', async () => {
    await signsIn(first, await signSso(site, claims({ expiresIn: 86_400 }), { now: clock }));
  });

  it('refuses a lifetime just over the maximum', async () => {
    await refused(first, { sso: await signSso(site, claims({ expiresIn: 86_401 }), { now: clock }) });
  });
});

describe('replayed tokens', () => {
  it('refuses a token with a jti the second time, on the same node and on another node', async () => {
    const token = await signSso(site, claims({ jti: `jti-${++counter}` }), { now: clock });
    await signsIn(first, token);
    await refused(first, { sso: token }, /already used/);
    await refused(second, { sso: token }, /already used/);
  });

  it('refuses the same token sent to two nodes at once, letting exactly one through', async () => {
    const token = await signSso(site, claims({ jti: `race-${++counter}` }), { now: clock });
    const replies = await Promise.all([hello(first, { sso: token }), hello(second, { sso: token })]);
    expect(replies.filter((r) => r.ok)).toHaveLength(1);
  });

  it('lets another token of the same person, with its own jti, sign in', async () => {
    const who = claims();
    await signsIn(first, await signSso(site, { ...who, jti: `a-${++counter}` }, { now: clock }));
    await signsIn(second, await signSso(site, { ...who, jti: `b-${++counter}` }, { now: clock }));
  });

  it('keeps the jti of one site apart from another site’s', async () => {
    const other = await createOpenSite(first.database);
    const jti = `shared-${++counter}`;
    await signsIn(first, await signSso(site, claims({ jti }), { now: clock }));
    const client = await TestClient.connect(first.wsUrl(other));
    const { me } = await client.ok({ type: 'hello', sso: await signSso(other, claims({ jti }), { now: clock }) });
    expect(me).not.toBeNull();
    await client.close();
  });

  it('forgets used ids once their tokens are too old to use', async () => {
    const db = first.database.db;
    const jti = `old-${++counter}`;
    await signsIn(first, await signSso(site, claims({ jti }), { now: clock }));
    const stored = () => db.selectFrom('sso_token_uses').select('jti').where('jti', '=', jti).execute();
    expect(await stored()).toHaveLength(1);
    clock = at(minutes(15));
    // The next sign-in prunes what has expired.
    await signsIn(first, await signSso(site, claims({ jti: `new-${++counter}` }), { now: clock }));
    expect(await stored()).toEqual([]);
  });
});

describe('session tokens for reconnects', () => {
  it('signs the same member in again on any node after the SSO token is too old, without replaying its jti', async () => {
    const token = await signSso(site, claims({ jti: `page-${++counter}` }), { now: clock });
    const signedIn = await signsIn(first, token);
    expect(signedIn.session).toMatch(/^s1\./);
    clock = at(minutes(30));
    await refused(first, { sso: token });
    const again = await hello(second, { session: signedIn.session ?? '' });
    expect(again.ok && again.result.me).toEqual(signedIn.me);
  });

  it('refuses a session token that was tampered with, is for another site, or has run out', async () => {
    const { session, me } = await signsIn(first, await signSso(site, claims(), { now: clock }));
    const token = session ?? '';
    const [prefix, , expires, signature] = token.split('.');
    await refused(first, { session: `${prefix}.1.${expires}.${signature}` });
    await refused(first, { session: `${prefix}.${me?.id}.${Number(expires) + 3600}.${signature}` });
    const other = await createOpenSite(first.database);
    const client = await TestClient.connect(first.wsUrl(other));
    await expectRefused(client.request({ type: 'hello', session: token }), 'invalid_token');
    await client.close();
    clock = at(minutes(12 * 60 + 1));
    await refused(first, { session: token }, /expired/);
  });

  it('refuses a replayed staff SSO token at the moderation view’s sign-in too', async () => {
    const token = await signSso(site, claims({ role: 'staff', jti: `staff-${++counter}` }), { now: clock });
    const post = () =>
      fetch(`${first.baseUrl}/moderate/sso`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: TEST_ORIGIN },
        body: JSON.stringify({ site: site.public_key, token }),
      });
    expect((await post()).status).toBe(200);
    const replay = await post();
    expect(replay.status).toBe(401);
    expect(((await replay.json()) as { error: { code: string } }).error.code).toBe('invalid_token');
  });
});
