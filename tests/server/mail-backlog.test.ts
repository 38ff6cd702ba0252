/**
 * A backlog of mail work drains at the speed of the work, not one job per polling interval.
 * The node here polls its mail queues only once an hour. Five staff answers pile up five fan-out
 * jobs while its workers sleep; a node started on the same database then takes the first job
 * on its first poll, and every further job and every email only because a worker that just
 * finished a job fetches the next at once, and a fan-out wakes the send workers when it commits.
 *
 * The fan-out worker takes the jobs that piled up in one batch, in one transaction; a job that
 * cannot be fanned out holds up no other: the batch falls back to one transaction per job, and
 * only the broken job is failed (to be retried by the queue).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { SiteRow } from '../../server/src/db/database.js';
import { startMailApp } from '../helpers/mail-app.js';
import { relaxLimits } from '../helpers/relaxed-site.js';
import type { SmtpSink } from '../helpers/smtp-sink.js';
import { createTestSite, signSso, type TestApp } from '../helpers/test-app.js';
import { TestClient } from '../helpers/ws-client.js';

const clock = new Date('2026-12-04T09:00:00Z');
const ASKERS = 5;
const FAN_OUT_QUEUE = 'booth-mail-fan-out';

let t: TestApp;
let sink: SmtpSink;
let site: SiteRow;
const clients: TestClient[] = [];

async function member(sub: string, name: string, extra: { role?: string; email?: string } = {}) {
  const client = await TestClient.connect(t.wsUrl(site));
  clients.push(client);
  await client.ok({ type: 'hello', sso: await signSso(site, { sub, name, ...extra }, { now: clock }) });
  return client;
}

beforeAll(async () => {
  ({ t, sink } = await startMailApp(() => clock, { pollingIntervalSeconds: 3600, concurrency: 1 }));
  site = await createTestSite(t.database, { name: 'Acme Outdoor' });
  await relaxLimits(t.database, site.id);
});

afterAll(async () => {
  for (const c of clients) await c.close();
  await t?.close();
  await sink?.close();
});

it('sends every email of a backlog without waiting a polling interval per job', async () => {
  const staff = await member('agent-1', 'Sam', { role: 'staff' });
  const addresses: string[] = [];
  for (let i = 1; i <= ASKERS; i++) {
    const address = `asker${i}@mail.example`;
    addresses.push(address);
    const asker = await member(`cust-${i}`, `Asker ${i}`, { email: address });
    const { thread } = await asker.ok({
      type: 'thread.create',
      key: TestClient.key(),
      board: 'help',
      kind: 'question',
      title: `Question number ${i} about the boots`,
      body: `Asker ${i} wants to know about the boots.`,
    });
    await staff.ok({ type: 'post.create', key: TestClient.key(), threadId: thread.id, body: `Answer number ${i}.` });
  }
  // The first node's workers polled once, at start, and sleep for the hour: nothing was sent.
  expect(sink.received).toHaveLength(0);
  for (const c of clients.splice(0)) await c.close();

  t = await t.restart();
  for (const [i, address] of addresses.entries()) {
    const [mail] = await sink.waitFor(address);
    expect(mail?.subject).toBe(`Sam answered: Question number ${i + 1} about the boots`);
  }
  expect(sink.received).toHaveLength(ASKERS);
});

async function askAndAnswer(staff: TestClient, n: number, address: string): Promise<void> {
  const asker = await member(`tent-${n}`, `Camper ${n}`, { email: address });
  const { thread } = await asker.ok({
    type: 'thread.create',
    key: TestClient.key(),
    board: 'help',
    kind: 'question',
    title: `Question ${n} about the tent`,
    body: `Camper ${n} wants to know about the tent.`,
  });
  await staff.ok({ type: 'post.create', key: TestClient.key(), threadId: thread.id, body: `Answer ${n}.` });
}

it('fans out a batch of jobs, and a broken job in it fails alone', async () => {
  const sentBefore = sink.received.length;
  const staff = await member('agent-1', 'Sam', { role: 'staff' });
  await askAndAnswer(staff, 1, 'first@mail.example');
  // A job no fan-out can do (its thread id is not a number), between two good ones.
  const broken = await (await t.app.jobs.boss()).send(FAN_OUT_QUEUE, {
    siteId: site.id,
    notices: [{ type: 'reply', threadId: 'not-a-thread', postId: '1', authorId: '1' }],
  });
  expect(broken).toBeTruthy();
  await askAndAnswer(staff, 2, 'second@mail.example');
  expect(sink.received).toHaveLength(sentBefore);
  for (const c of clients.splice(0)) await c.close();

  t = await t.restart();
  const [first] = await sink.waitFor('first@mail.example');
  const [second] = await sink.waitFor('second@mail.example');
  expect(first?.subject).toBe('Sam answered: Question 1 about the tent');
  expect(second?.subject).toBe('Sam answered: Question 2 about the tent');
  // Failed with its reason, waiting for its next attempt.
  const job = await (await t.app.jobs.boss()).getJobById(FAN_OUT_QUEUE, broken as string);
  expect(job?.state).toBe('retry');
  expect(JSON.stringify(job?.output)).toMatch(/bigint/);
  expect(sink.received).toHaveLength(sentBefore + 2);
});
