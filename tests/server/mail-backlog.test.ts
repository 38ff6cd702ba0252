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
import { expect, it } from 'vitest';
import { mailSite } from '../helpers/mail-app.js';
import { TestClient } from '../helpers/ws-client.js';

const clock = new Date('2026-12-04T09:00:00Z');
const ASKERS = 5;
const FAN_OUT_QUEUE = 'booth-mail-fan-out';

const app = mailSite(() => clock, { pollingIntervalSeconds: 3600, concurrency: 1 });

/** Signs a member in on a socket of their own. */
async function member(sub: string, name: string, extra: { role?: string; email?: string } = {}) {
  return (await app.member(sub, name, extra)).client;
}

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
  expect(app.sink.received).toHaveLength(0);
  await app.restart();
  for (const [i, address] of addresses.entries()) {
    const [mail] = await app.sink.waitFor(address);
    expect(mail?.subject).toBe(`Sam answered: Question number ${i + 1} about the boots`);
  }
  expect(app.sink.received).toHaveLength(ASKERS);
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
  const sentBefore = app.sink.received.length;
  const staff = await member('agent-1', 'Sam', { role: 'staff' });
  await askAndAnswer(staff, 1, 'first@mail.example');
  // A job no fan-out can do (its thread id is not a number), between two good ones.
  const broken = await (await app.t.app.jobs.boss()).send(FAN_OUT_QUEUE, {
    siteId: app.site.id,
    notices: [{ type: 'reply', threadId: 'not-a-thread', postId: '1', authorId: '1' }],
  });
  expect(broken).toBeTruthy();
  await askAndAnswer(staff, 2, 'second@mail.example');
  expect(app.sink.received).toHaveLength(sentBefore);
  await app.restart();
  const [first] = await app.sink.waitFor('first@mail.example');
  const [second] = await app.sink.waitFor('second@mail.example');
  expect(first?.subject).toBe('Sam answered: Question 1 about the tent');
  expect(second?.subject).toBe('Sam answered: Question 2 about the tent');
  // Failed with its reason, waiting for its next attempt.
  const job = await (await app.t.app.jobs.boss()).getJobById(FAN_OUT_QUEUE, broken as string);
  expect(job?.state).toBe('retry');
  expect(JSON.stringify(job?.output)).toMatch(/bigint/);
  expect(app.sink.received).toHaveLength(sentBefore + 2);
});
