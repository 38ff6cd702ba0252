/**
 * Webhooks end to end: a real HTTP receiver on loopback, the real queue on the test database,
 * signatures checked as a receiver would, retries with backoff, and a restart in the middle.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenDatabase } from '../../server/src/db/connect.js';
import type { SiteRow } from '../../server/src/db/database.js';
import { verifyWebhook } from '../../server/src/domain/webhooks/signature.js';
import { addWebhook, setUnansweredThreshold } from '../../server/src/domain/webhooks/webhooks.js';
import { relaxLimits } from '../helpers/relaxed-site.js';
import { createTestSite, signSso, startTestApp, type TestApp } from '../helpers/test-app.js';
import { type ReceivedHook, WebhookReceiver } from '../helpers/webhook-receiver.js';
import { TestClient } from '../helpers/ws-client.js';

/** The receivers listen on loopback, which webhooks may reach only when the operator allows it. */
const LOCAL = ['127.0.0.1/32'];
const FAST = {
  pollingIntervalSeconds: 0.5,
  retryDelaySeconds: 1,
  scanCron: null,
  retryLimit: 5,
  internalTargets: LOCAL,
};

let database: OpenDatabase;
let t: TestApp;
let site: SiteRow;
let receiver: WebhookReceiver;
let secret: string;
let clock = new Date();
let asker: TestClient;
let staff: TestClient;

// biome-ignore lint/suspicious/noExplicitAny: payload fields are read one by one in assertions
type Data = Record<string, any>;
const payloadOf = (h: ReceivedHook) =>
  JSON.parse(h.body) as { id: string; event: string; site: { key: string }; data: Data };
const isHook = (event: string, threadId?: string) => (h: ReceivedHook) =>
  h.headers['booth-event'] === event && (threadId === undefined || payloadOf(h).data.thread?.id === threadId);

/** The statuses of the deliveries of `event` about a thread; rows are written in the write's own transaction. */
async function deliveryStatuses(event: string, threadId: string): Promise<string[]> {
  const r = await sql<{ status: string }>`select status from webhook_deliveries
    where event = ${event} and payload->'data'->'thread'->>'id' = ${threadId}`.execute(database.db);
  return r.rows.map((x) => x.status);
}

async function ask(title: string): Promise<{ id: string; rootPostId: string }> {
  const { thread } = await asker.ok({
    type: 'thread.create',
    key: TestClient.key(),
    board: 'help',
    kind: 'question',
    title,
    body: `${title} — details`,
  });
  return thread;
}

async function connect(app: TestApp) {
  asker = await TestClient.connect(app.wsUrl(site));
  await asker.ok({ type: 'hello', sso: await signSso(site, { sub: 'cust-1', name: 'Robin' }) });
  staff = await TestClient.connect(app.wsUrl(site));
  await staff.ok({ type: 'hello', sso: await signSso(site, { sub: 'agent-1', name: 'Sam', role: 'staff' }) });
}

beforeAll(async () => {
  receiver = await WebhookReceiver.start();
  t = await startTestApp({ webhooks: FAST, live: { now: () => clock } });
  database = t.database;
  site = await createTestSite(database);
  await relaxLimits(database, site.id);
  secret = (await addWebhook(database.db, site.id, receiver.url, undefined, { internalTargets: LOCAL })).secret;
  await connect(t);
});

afterAll(async () => {
  await asker?.close();
  await staff?.close();
  await t?.close();
  await receiver?.close();
});

describe('webhooks', () => {
  it('posts a signed question.created with the thread and its page URL', async () => {
    const thread = await ask('Does the jacket run small?');
    const [hook] = await receiver.waitFor(1, isHook('question.created', thread.id));
    const h = hook as ReceivedHook;
    expect(h.headers['content-type']).toBe('application/json');
    expect(verifyWebhook(secret, h.headers['booth-signature'] as string, h.body, Date.now() / 1000)).toBe(true);
    expect(verifyWebhook('wrong-secret', h.headers['booth-signature'] as string, h.body, Date.now() / 1000)).toBe(
      false,
    );
    const payload = payloadOf(h);
    expect(payload.event).toBe('question.created');
    expect(payload.id).toBe(h.headers['booth-delivery']);
    expect(payload.site.key).toBe(site.public_key);
    expect(payload.data.thread.title).toBe('Does the jacket run small?');
    expect(payload.data.question.source).toBe('Does the jacket run small? — details');
    expect(payload.data.url).toMatch(new RegExp(`/t/${site.public_key}/${thread.id}/does-the-jacket-run-small$`));
  });

  it('posts answer.accepted once per accepted answer', async () => {
    const thread = await ask('Can I change my delivery address?');
    const { post } = await staff.ok({
      type: 'post.create',
      key: TestClient.key(),
      threadId: thread.id,
      body: 'Yes, in your account.',
    });
    await staff.ok({ type: 'thread.accept', key: TestClient.key(), threadId: thread.id, postId: post.id });
    const [hook] = await receiver.waitFor(1, isHook('answer.accepted', thread.id));
    expect(payloadOf(hook as ReceivedHook).data.answer).toMatchObject({ id: post.id, source: 'Yes, in your account.' });
    // Accepting the same answer again adds no second delivery.
    await staff.ok({ type: 'thread.accept', key: TestClient.key(), threadId: thread.id, postId: post.id });
    // The accept has committed, and with it any delivery it made: there is still only the first.
    await expect.poll(() => deliveryStatuses('answer.accepted', thread.id)).toEqual(['delivered']);
    expect(receiver.received.filter(isHook('answer.accepted', thread.id))).toHaveLength(1);
  });

  it('posts report.created when a customer reports a post', async () => {
    const thread = await ask('Is this a fair review?');
    const { post } = await staff.ok({
      type: 'post.create',
      key: TestClient.key(),
      threadId: thread.id,
      body: 'It is.',
    });
    const reported = await asker.request({
      type: 'post.report',
      key: TestClient.key(),
      postId: post.id,
      reason: 'Looks like spam to me',
    });
    expect(reported.ok).toBe(true);
    const [hook] = await receiver.waitFor(1, isHook('report.created', thread.id));
    const data = payloadOf(hook as ReceivedHook).data;
    expect(data.report.reason).toBe('Looks like spam to me');
    expect(data.post.id).toBe(post.id);
  });

  it('retries a failing receiver with growing delays until it answers 2xx', async () => {
    receiver.script = [500, 503];
    const thread = await ask('Why was my card declined?');
    const hooks = await receiver.waitFor(3, isHook('question.created', thread.id));
    expect(hooks.map((h) => h.answered)).toEqual([500, 503, 200]);
    // Same delivery each time, signed afresh.
    expect(new Set(hooks.map((h) => h.headers['booth-delivery'])).size).toBe(1);
    for (const h of hooks)
      expect(verifyWebhook(secret, h.headers['booth-signature'] as string, h.body, Date.now() / 1000)).toBe(true);
    const gap1 = (hooks[1] as ReceivedHook).at - (hooks[0] as ReceivedHook).at;
    const gap2 = (hooks[2] as ReceivedHook).at - (hooks[1] as ReceivedHook).at;
    expect(gap1).toBeGreaterThanOrEqual(900);
    expect(gap2).toBeGreaterThan(gap1);

    // The worker records the delivery once the receiver's answer is in: read the log until it has.
    const deliveryId = (hooks[0] as ReceivedHook).headers['booth-delivery'];
    const entry = async () =>
      (await staff.ok({ type: 'webhooks.deliveries' })).deliveries.find((d) => d.id === deliveryId);
    await expect.poll(async () => (await entry())?.attempts).toBe(3);
    expect(await entry()).toMatchObject({
      status: 'delivered',
      attempts: 3,
      lastStatus: 200,
      lastError: null,
      event: 'question.created',
    });
  });

  it('loses no pending delivery across a restart', async () => {
    receiver.fallback = 503;
    const thread = await ask('Where is my parcel?');
    await receiver.waitFor(1, isHook('question.created', thread.id));
    await asker.close();
    await staff.close();
    await t.stop();
    receiver.fallback = 200;
    const before = receiver.received.filter(isHook('question.created', thread.id)).length;
    const pending = await sql<{
      status: string;
    }>`select status from webhook_deliveries where payload->'data'->'thread'->>'id' = ${thread.id}`.execute(
      database.db,
    );
    expect(pending.rows.map((r) => r.status)).toEqual(['pending']);

    t = await t.restart();
    await connect(t);
    const hooks = await receiver.waitFor(before + 1, isHook('question.created', thread.id));
    expect(hooks.at(-1)?.answered).toBe(200);
    await expect
      .poll(async () => {
        const r = await sql<{
          status: string;
        }>`select status from webhook_deliveries where payload->'data'->'thread'->>'id' = ${thread.id}`.execute(
          database.db,
        );
        return r.rows.map((x) => x.status);
      })
      .toEqual(['delivered']);
  });

  it('announces a question unanswered past the site threshold, once', async () => {
    await setUnansweredThreshold(database.db, site.id, 60);
    clock = new Date(Date.now() - 3 * 3_600_000);
    const old = await ask('Nobody has answered this for hours');
    const answered = await ask('This one got answered');
    const { post } = await staff.ok({
      type: 'post.create',
      key: TestClient.key(),
      threadId: answered.id,
      body: 'Done.',
    });
    await staff.ok({ type: 'thread.accept', key: TestClient.key(), threadId: answered.id, postId: post.id });
    clock = new Date(Date.now() - 30 * 60_000);
    const recent = await ask('Asked half an hour ago');
    clock = new Date();

    const queue = t.app.webhooks;
    if (!queue) throw new Error('webhooks are off');
    const made = await queue.scanUnanswered(new Date());
    expect(made).toBeGreaterThanOrEqual(1);
    const [hook] = await receiver.waitFor(1, isHook('question.unanswered', old.id));
    const data = payloadOf(hook as ReceivedHook).data;
    expect(data.thresholdMinutes).toBe(60);
    expect(data.waitingMinutes).toBeGreaterThanOrEqual(179);
    expect(await queue.scanUnanswered(new Date())).toBe(0);
    // The scans have committed their deliveries: one for the old question, none for the others.
    await expect.poll(() => deliveryStatuses('question.unanswered', old.id)).toEqual(['delivered']);
    expect(await deliveryStatuses('question.unanswered', answered.id)).toEqual([]);
    expect(await deliveryStatuses('question.unanswered', recent.id)).toEqual([]);
    expect(receiver.received.filter(isHook('question.unanswered', old.id))).toHaveLength(1);
    expect(receiver.received.filter(isHook('question.unanswered', answered.id))).toHaveLength(0);
    expect(receiver.received.filter(isHook('question.unanswered', recent.id))).toHaveLength(0);
  });

  it('sends only the events a webhook subscribed to, and never another site’s', async () => {
    const other = await WebhookReceiver.start('/only-accepted');
    await addWebhook(database.db, site.id, other.url, ['answer.accepted'], { internalTargets: LOCAL });
    const otherSite = await createTestSite(database);
    const strangerHook = await WebhookReceiver.start('/other-site');
    await addWebhook(database.db, otherSite.id, strangerHook.url, undefined, { internalTargets: LOCAL });

    const thread = await ask('Do you ship to Norway?');
    const { post } = await staff.ok({
      type: 'post.create',
      key: TestClient.key(),
      threadId: thread.id,
      body: 'We do.',
    });
    await staff.ok({ type: 'thread.accept', key: TestClient.key(), threadId: thread.id, postId: post.id });
    await other.waitFor(1, isHook('answer.accepted', thread.id));
    await receiver.waitFor(1, isHook('answer.accepted', thread.id));
    expect(other.received.filter(isHook('question.created'))).toHaveLength(0);
    expect(strangerHook.received).toHaveLength(0);
    await other.close();
    await strangerHook.close();
  });

  it('shows the delivery log to staff of the site only', async () => {
    const log = await staff.ok({ type: 'webhooks.deliveries' });
    expect(log.deliveries.length).toBeGreaterThan(3);
    const ids = log.deliveries.map((d) => Number(d.id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const refused = await asker.request({ type: 'webhooks.deliveries' });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.code).toBe('forbidden');
  });

  it('marks a delivery failed once its retries are used up', async () => {
    await asker.close();
    await staff.close();
    t = await t.restart({ webhooks: { ...FAST, retryLimit: 1 } });
    await connect(t);
    const broken = await WebhookReceiver.start('/always-500');
    broken.fallback = 500;
    await addWebhook(database.db, site.id, broken.url, ['question.created'], { internalTargets: LOCAL });
    const thread = await ask('Will this receiver ever answer?');
    await broken.waitFor(2, isHook('question.created', thread.id));
    const log = await staff.ok({ type: 'webhooks.deliveries' });
    const url = broken.url;
    await expect
      .poll(async () => (await staff.ok({ type: 'webhooks.deliveries' })).deliveries.find((d) => d.url === url)?.status)
      .toBe('failed');
    const entry = (await staff.ok({ type: 'webhooks.deliveries' })).deliveries.find((d) => d.url === url);
    expect(entry).toMatchObject({ attempts: 2, lastStatus: 500, lastError: 'receiver answered 500' });
    expect(log.deliveries.length).toBeGreaterThan(0);
    // Failed is final: the two attempts are all the receiver will ever get.
    expect(broken.received.filter(isHook('question.created', thread.id))).toHaveLength(2);
    await broken.close();
  });

  it('refuses webhook URLs that are not http or https', async () => {
    await expect(addWebhook(database.db, site.id, 'file:///etc/passwd')).rejects.toThrow(/url/);
    await expect(addWebhook(database.db, site.id, 'not a url')).rejects.toThrow(/url/);
  });
});
