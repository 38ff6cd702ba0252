/**
 * Nothing secret in the logs. This file walks through what handles secrets — staff password
 * sign-in (right and wrong), a password change, SSO for customers and staff (valid, forged and
 * expired tokens), guests and their tokens, the export API's bearer token, webhooks with their
 * signing secret — at debug level, and the check after every server file
 * (tests/setup/no-secrets-in-logs.ts) fails on any password, token, cookie, SSO secret or email
 * address among the lines. The last test shows that the check finds each kind when it is there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteRow } from '../../server/src/db/database.js';
import { addWebhook } from '../../server/src/domain/webhooks/webhooks.js';
import { answer, ask, connectGuest, connectMember, connectStaff, reconnectGuest } from '../helpers/actors.js';
import { capturedLines, findLeaks, registerSecret } from '../helpers/log-capture.js';
import { relaxLimits } from '../helpers/relaxed-site.js';
import { addStaff, cookieOf, postJson, signIn } from '../helpers/staff-session.js';
import {
  createTestSite,
  type SsoClaims,
  signSso,
  startTestApp,
  TEST_ORIGIN,
  type TestApp,
} from '../helpers/test-app.js';
import { WebhookReceiver } from '../helpers/webhook-receiver.js';
import { TestClient } from '../helpers/ws-client.js';

let t: TestApp;
let site: SiteRow;
let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await WebhookReceiver.start();
  // The receiver listens on loopback, which webhooks may reach only when the operator allows it.
  const internalTargets = ['127.0.0.1/32'];
  t = await startTestApp({
    webhooks: { pollingIntervalSeconds: 0.5, retryDelaySeconds: 1, scanCron: null, internalTargets },
  });
  site = await createTestSite(t.database);
  await relaxLimits(t.database, site.id);
  registerSecret(
    'a webhook secret',
    (await addWebhook(t.database.db, site.id, receiver.url, undefined, { internalTargets })).secret,
  );
});

afterAll(async () => {
  await t?.close();
  await receiver?.close();
});

describe('what the servers log', () => {
  it('holds no secret from staff sign-in, a wrong password or a password change', async () => {
    const { email, password } = await addStaff(t, site, 'owner', 'Olive Owner');
    const wrong = await postJson(t, '/moderate/api/login', { email, password: `${password}-wrong` });
    expect(wrong.status).toBe(401);
    const unknown = await postJson(t, '/moderate/api/login', { email: 'nobody@brand.example', password });
    expect(unknown.status).toBe(401);
    const { cookie, session } = await signIn(t, email, password);
    registerSecret('a CSRF token', session.csrfToken);
    const next = 'a brand new long password';
    registerSecret('a staff password', next);
    const changed = await postJson(
      t,
      '/moderate/api/password',
      { current: password, next },
      { cookie, 'x-csrf-token': session.csrfToken },
    );
    expect(changed.status).toBe(200);
    // A forged and an ended session cookie are refused without being written down.
    const forged = await fetch(`${t.baseUrl}/moderate/api/session`, { headers: { cookie: `${cookie}x` } });
    expect(forged.status).toBe(401);
  });

  it('holds no SSO token or secret from customers and staff signing in and posting', async () => {
    const member = await connectMember(t, site, { sub: 'cust-1', name: 'Robin Shopper' });
    const staff = await connectStaff(t, site);
    await member.client.ok({ type: 'subscribe', board: 'secrets' });
    const { thread, post } = await ask(member.client, 'secrets');
    const reply = await answer(staff.client, thread.id, 'Staff answer with a link https://brand.example/size-guide');
    await member.client.ok({ type: 'vote', key: TestClient.key(), postId: reply.post.id, value: 1 });
    // Refused (one's own post) and logged as a refusal.
    expect((await member.client.request({ type: 'vote', key: TestClient.key(), postId: post.id, value: 1 })).ok).toBe(
      false,
    );
    await staff.client.ok({ type: 'post.report', key: TestClient.key(), postId: post.id, reason: 'Test report' });

    // Refused tokens: signed with another secret, expired, and garbage shaped like a JWT.
    const forged = await TestClient.connect(t.wsUrl(site));
    const forgedToken = await signSso(site, { sub: 'x', name: 'Mallory' }, { secret: 'not-the-site-secret-at-all' });
    expect((await forged.request({ type: 'hello', sso: forgedToken })).ok).toBe(false);
    const expired = await signSso(site, { sub: 'cust-1', name: 'Robin', expiresIn: -600 });
    expect((await forged.request({ type: 'hello', sso: expired })).ok).toBe(false);
    await forged.close();

    // Staff arriving from the brand's admin with a signed staff token.
    const staffToken = await signSso(site, { sub: 'agent-2', name: 'Ada Agent', role: 'staff' });
    const viaSso = await fetch(`${t.baseUrl}/moderate/sso`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: TEST_ORIGIN },
      body: JSON.stringify({ site: site.public_key, token: staffToken }),
    });
    expect(viaSso.status).toBe(200);
    cookieOf(viaSso);
    await member.client.close();
    await staff.client.close();
  });

  it('holds no guest token', async () => {
    const guest = await connectGuest(t, site, 'Gus Guest');
    await guest.client.close();
    const back = await reconnectGuest(t, site, guest.guestToken as string);
    await ask(back.client, 'secrets', { title: 'A guest question about sizes' });
    expect((await back.client.request({ type: 'hello', guest: `${guest.guestToken}x` })).ok).toBe(false);
    await back.client.close();
  });

  it('holds no bearer token of the export API, accepted or refused', async () => {
    const claims = { sub: 'exporter', name: 'Export Job', scope: 'booth:export' };
    const token = await signSso(site, claims as SsoClaims);
    const ok = await fetch(`${t.baseUrl}/api/sites/${site.public_key}/export`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(ok.status).toBe(200);
    const refused = await fetch(`${t.baseUrl}/api/sites/${site.public_key}/export`, {
      headers: { authorization: `Bearer ${token}x` },
    });
    expect(refused.status).toBeGreaterThanOrEqual(400);
  });

  it('delivers webhooks signed with the secret, which is not logged', async () => {
    const [received] = await receiver.waitFor(1, (hook) => hook.body.includes('question.created'));
    expect(received?.headers['booth-signature']).toBeTruthy();
  });

  it('was captured: requests, sockets and refusals are in the log', () => {
    const lines = capturedLines();
    expect(lines.some((l) => l.includes('"msg":"incoming request"'))).toBe(true);
    expect(lines.some((l) => l.includes('"msg":"socket opened"'))).toBe(true);
    expect(lines.some((l) => l.includes('"msg":"request refused"'))).toBe(true);
    expect(lines.some((l) => l.includes('/moderate/api/login'))).toBe(true);
  });

  it('the check finds each kind of secret when a line holds one', () => {
    const known = new Map([['s3cret-value-123', 'a staff password']]);
    const planted = [
      '{"msg":"x","detail":"s3cret-value-123"}',
      '{"msg":"x","token":"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLXNpZ25hdHVyZQ"}',
      '{"msg":"x","who":"robin@brand.example"}',
      '{"msg":"x","cookie":"booth_staff=abcdefgh12345678"}',
      '{"msg":"x","body":{"password":"hunter2"}}',
    ];
    expect(findLeaks(planted, known).map((leak) => leak.what)).toEqual([
      'a staff password',
      'a JWT',
      'an email address',
      'a session cookie',
      'a password field',
    ]);
    expect(findLeaks(['{"msg":"request completed","res":{"statusCode":200}}'], known)).toEqual([]);
  });
});
