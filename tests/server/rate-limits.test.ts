import type { ErrorBody } from '@booth/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteRow } from '../../server/src/db/database.js';
import { ask, connectGuest, connectMember, connectStaff, expectRefused, freshBoard } from '../helpers/actors.js';
import { getJson, tryUpgrade } from '../helpers/http-client.js';
import { limitQuestion, onlyLimits } from '../helpers/limit-policy.js';
import { createTestSite, startTestApp, type TestApp } from '../helpers/test-app.js';
import { TestClient } from '../helpers/ws-client.js';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

async function counts(s: SiteRow) {
  const db = t.database.db;
  const posts = await db
    .selectFrom('posts')
    .innerJoin('boards', 'boards.id', 'posts.board_id')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('boards.site_id', '=', s.id)
    .executeTakeFirstOrThrow();
  const members = await db
    .selectFrom('members')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('site_id', '=', s.id)
    .executeTakeFirstOrThrow();
  const keys = await db
    .selectFrom('idempotency_keys')
    .innerJoin('members', 'members.id', 'idempotency_keys.member_id')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('members.site_id', '=', s.id)
    .executeTakeFirstOrThrow();
  return { posts: Number(posts.n), members: Number(members.n), keys: Number(keys.n) };
}

function expectRetryHint(error: ErrorBody) {
  expect(error.retryAfterMs).toBeGreaterThan(0);
  expect(error.message).toMatch(/try again in \d+ s/);
}

describe('write limits on the socket', () => {
  it('stops a member at their post limit with when to retry, and writes nothing for the refused post', async () => {
    const s = await createTestSite(t.database, { policy: onlyLimits({ posts: { member: 3 } }) });
    const guest = await connectGuest(t, s, 'Fast Poster');
    for (let n = 1; n <= 3; n++) await guest.client.ok(limitQuestion(n));
    const before = await counts(s);
    const refused = await expectRefused(guest.client.request(limitQuestion(4)), 'rate_limited');
    expectRetryHint(refused);
    expect(refused.message).toMatch(/posting too often/);
    expect(await counts(s)).toEqual(before);
    await guest.client.close();
  });

  it('counts a network across every guest identity made there', async () => {
    const s = await createTestSite(t.database, { policy: onlyLimits({ posts: { ip: 4 } }) });
    const a = await connectGuest(t, s, 'Sock Puppet A');
    const b = await connectGuest(t, s, 'Sock Puppet B');
    for (let n = 1; n <= 2; n++) await a.client.ok(limitQuestion(n));
    for (let n = 3; n <= 4; n++) await b.client.ok(limitQuestion(n));
    await expectRefused(a.client.request(limitQuestion(5)), 'rate_limited');
    await expectRefused(b.client.request(limitQuestion(6)), 'rate_limited');
    for (const v of [a, b]) await v.client.close();
  });

  it('caps the whole site', async () => {
    const s = await createTestSite(t.database, { policy: onlyLimits({ posts: { site: 2 } }) });
    const a = await connectMember(t, s, { sub: 'site-a', name: 'Member A' });
    const b = await connectMember(t, s, { sub: 'site-b', name: 'Member B' });
    await a.client.ok(limitQuestion(1));
    await b.client.ok(limitQuestion(2));
    await expectRefused(a.client.request(limitQuestion(3)), 'rate_limited');
    for (const v of [a, b]) await v.client.close();
  });

  it('limits every write, votes included, and lets reads through', async () => {
    const s = await createTestSite(t.database, { policy: onlyLimits({ writes: { member: 2 } }) });
    const asker = await connectGuest(t, s, 'Asker');
    const { post } = await asker.client.ok(limitQuestion(1));
    const voter = await connectGuest(t, s, 'Busy Voter');
    await voter.client.ok({ type: 'vote', key: TestClient.key(), postId: post.id, value: 1 });
    await voter.client.ok({ type: 'vote', key: TestClient.key(), postId: post.id, value: 0 });
    expectRetryHint(
      await expectRefused(
        voter.client.request({ type: 'vote', key: TestClient.key(), postId: post.id, value: 1 }),
        'rate_limited',
      ),
    );
    // Reading is never limited by write limits.
    await voter.client.ok({ type: 'thread.open', threadId: post.threadId });
    await voter.client.ok({ type: 'subscribe', board: 'limits' });
    for (const v of [asker, voter]) await v.client.close();
  });

  it('lets a refused write be retried with the same idempotency key later', async () => {
    const s = await createTestSite(t.database, { policy: onlyLimits({ posts: { member: 1 } }) });
    const guest = await connectGuest(t, s, 'Retrier');
    await guest.client.ok(limitQuestion(1));
    const retry = limitQuestion(2);
    await expectRefused(guest.client.request(retry), 'rate_limited');
    // The refused request did not claim its key: lifting the limit lets the same request through once.
    await t.database.db
      .updateTable('sites')
      .set({ policy: onlyLimits({}) })
      .where('id', '=', s.id)
      .execute();
    t.app.sitePolicies.forget(s.id);
    const first = await guest.client.ok(retry);
    const second = await guest.client.ok(retry);
    expect(second.thread.id).toBe(first.thread.id);
    await guest.client.close();
  });

  it('does not limit staff', async () => {
    const s = await createTestSite(t.database, { policy: onlyLimits({ posts: { member: 1, site: 1 } }) });
    const staff = await connectStaff(t, s);
    for (let n = 1; n <= 5; n++) await staff.client.ok(limitQuestion(n));
    await staff.client.close();
  });

  it('has limits on by default: the eleventh post in a minute is refused', async () => {
    const s = await createTestSite(t.database);
    const member = await connectMember(t, s, { sub: 'default-limits', name: 'Default Member' });
    for (let n = 1; n <= 10; n++) await ask(member.client, freshBoard(), { title: `Title ${n}`, body: `Body ${n}` });
    expectRetryHint(await expectRefused(member.client.request(limitQuestion(11)), 'rate_limited'));
    await member.client.close();
  });
});

describe('sign-in limits', () => {
  it('limits new guest identities and token sign-ins per network, and leaves readers alone', async () => {
    const s = await createTestSite(t.database, { policy: onlyLimits({ signIns: { ip: 3 } }) });
    const first = await connectGuest(t, s, 'Guest One');
    await connectGuest(t, s, 'Guest Two');
    const client = await TestClient.connect(t.wsUrl(s));
    await client.ok({ type: 'hello', guest: first.guestToken as string });
    const before = await counts(s);
    const refused = await expectRefused(client.request({ type: 'guest.join', name: 'Guest Four' }), 'rate_limited');
    expectRetryHint(refused);
    expect(refused.message).toMatch(/sign-in attempts/);
    await expectRefused(client.request({ type: 'hello', guest: first.guestToken as string }), 'rate_limited');
    // A refused sign-in leaves the socket signed out, not as the guest it was before.
    await expectRefused(client.request(limitQuestion(1)), 'auth_required');
    expect(await counts(s)).toEqual(before);
    // A reader who does not sign in is not counted.
    await client.ok({ type: 'hello' });
    await client.ok({ type: 'subscribe', board: 'limits' });
    await client.close();
  });

  it('counts failed SSO sign-ins too', async () => {
    const s = await createTestSite(t.database, { policy: onlyLimits({ signIns: { ip: 2 } }) });
    const client = await TestClient.connect(t.wsUrl(s));
    await expectRefused(client.request({ type: 'hello', sso: 'not.a.token' }), 'invalid_token');
    await expectRefused(client.request({ type: 'hello', sso: 'not.a.token' }), 'invalid_token');
    await expectRefused(client.request({ type: 'hello', sso: 'not.a.token' }), 'rate_limited');
    await client.close();
  });
});

describe('HTTP limits', () => {
  let limited: TestApp;
  let s: SiteRow;

  beforeAll(async () => {
    // A schema of its own: counts kept in Postgres are shared by every app on one schema.
    limited = await startTestApp({ env: { HTTP_RATE_LIMIT: '5' } });
    s = await createTestSite(limited.database);
  });
  afterAll(async () => limited?.close());

  it('answers 429 with Retry-After past the per-address limit, for the API and socket upgrades alike', async () => {
    const url = `${limited.baseUrl}/api/boards/b/threads?site=${s.public_key}`;
    for (let i = 0; i < 5; i++) expect((await getJson(url)).status).toBe(200);
    const refused = await getJson<{ error: ErrorBody }>(url);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.body.error).toMatchObject({ code: 'rate_limited', retryAfterMs: expect.any(Number) });
    expectRetryHint(refused.body.error);
    expect((await tryUpgrade(limited.wsUrl(s), null)).status).toBe(429);
  });

  it('does not believe X-Forwarded-For from a client that is not a trusted proxy', async () => {
    // A schema of its own: on a real Postgres the counts of this file's other apps are shared with it.
    const spoofed = await startTestApp({ env: { HTTP_RATE_LIMIT: '2', TRUST_PROXY: '10.0.0.0/8' } });
    const get = (ip: string) =>
      fetch(`${spoofed.baseUrl}/healthz`, { headers: { 'x-forwarded-for': ip } }).then((r) => r.status);
    expect(await get('198.51.100.1')).toBe(200);
    expect(await get('198.51.100.2')).toBe(200);
    expect(await get('198.51.100.3')).toBe(429);
    await spoofed.close();
  });
});
