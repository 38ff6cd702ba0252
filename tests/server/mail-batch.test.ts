/**
 * One fan-out batch that holds several writes on one thread: two replies by different members
 * and a staff move. The node's mail workers poll only once an hour, so the writes' jobs pile up
 * and a node started on the same database fans them out in one batch. No send worker runs, so
 * the emails stay waiting and show what the batch put in them.
 *
 * Each follower gets one waiting email with the news in the order of the writes (nothing of their
 * own), the asker hears of the move too, and each reply counts once for everyone but its author.
 * The same notices fanned out again (as a retry would), each twice, add nothing to the emails,
 * and tell someone who followed since each piece of news once.
 */
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { mailSite } from '../helpers/mail-app.js';
import { TestClient } from '../helpers/ws-client.js';

const clock = new Date('2026-12-04T09:00:00Z');
const FAN_OUT_QUEUE = 'booth-mail-fan-out';

const app = mailSite(() => clock, { pollingIntervalSeconds: 3600, concurrency: 0 });
const { member } = app;

interface FanOutJob {
  siteId: string;
  notices: object[];
}

/** The fan-out jobs that have not run yet, oldest first (pg-boss keeps them in this schema). */
async function waitingJobs(): Promise<FanOutJob[]> {
  const { rows } = await sql<{ data: FanOutJob }>`
    select data from job where name = ${FAN_OUT_QUEUE} and state = 'created' order by created_on, id
  `.execute(app.t.database.db);
  return rows.map((r) => r.data);
}

/**
 * Waits until every fan-out job has been done; returns in how many transactions they were (jobs
 * completed together share their transaction's time).
 */
async function fannedOut(): Promise<number> {
  for (;;) {
    const { rows } = await sql<{ left: number; batches: number }>`
      select count(*) filter (where state <> 'completed')::int as left,
        count(distinct completed_on)::int as batches
      from job where name = ${FAN_OUT_QUEUE}
    `.execute(app.t.database.db);
    if (rows[0]?.left === 0) return rows[0].batches;
    // A round trip to the database between reads, not a timer: the fan-out runs meanwhile.
    await sql`select pg_sleep(0.05)`.execute(app.t.database.db);
  }
}

async function emails(threadId: string) {
  const { rows } = await sql<{ member_id: string; status: string; items: unknown[] }>`
    select member_id, status, items from mail_deliveries where thread_id = ${threadId} order by member_id, id
  `.execute(app.t.database.db);
  return rows;
}

async function unread(threadId: string) {
  const { rows } = await sql<{ member_id: string; unread: number }>`
    select member_id, unread from follows where thread_id = ${threadId} order by member_id
  `.execute(app.t.database.db);
  return Object.fromEntries(rows.map((r) => [r.member_id, r.unread]));
}

it('fans out two replies and a move on one thread in one batch, in order, and not twice', async () => {
  const ann = await member('cust-ann', 'Ann', { email: 'ann@mail.example' });
  const ben = await member('cust-ben', 'Ben', { email: 'ben@mail.example' });
  const cat = await member('cust-cat', 'Cat', { email: 'cat@mail.example' });
  const dan = await member('cust-dan', 'Dan', { email: 'dan@mail.example' });
  const sam = await member('agent-sam', 'Sam', { role: 'staff' });
  const { thread } = await ann.client.ok({
    type: 'thread.create',
    key: TestClient.key(),
    board: 'help',
    kind: 'question',
    title: 'Does the tent hold in strong wind?',
    body: 'Does the tent hold in strong wind? Details follow.',
  });
  await dan.client.ok({ type: 'thread.follow', key: TestClient.key(), threadId: thread.id });
  const { post: first } = await ben.client.ok({
    type: 'post.create',
    key: TestClient.key(),
    threadId: thread.id,
    body: 'Mine held in a storm last spring.',
  });
  const { post: second } = await cat.client.ok({
    type: 'post.create',
    key: TestClient.key(),
    threadId: thread.id,
    body: 'Peg the guy lines and it holds.',
  });
  await sam.client.ok({ type: 'staff.thread.move', key: TestClient.key(), threadId: thread.id, board: 'tents' });
  const jobs = await waitingJobs();
  expect(jobs.length).toBeGreaterThanOrEqual(3);
  // A node started now takes every waiting job in its first fetch: one batch.
  await app.restart();
  expect(await fannedOut()).toBe(1);
  const reply = (post: { id: string }) => ({ type: 'reply', postId: post.id });
  const moved = { type: 'moved', from: 'help', to: 'tents' };
  const expected = [
    { member_id: ann.id, status: 'pending', items: [reply(first), reply(second), moved] },
    { member_id: ben.id, status: 'pending', items: [reply(second)] },
    { member_id: cat.id, status: 'pending', items: [reply(first)] },
    { member_id: dan.id, status: 'pending', items: [reply(first), reply(second)] },
  ].sort((a, b) => Number(a.member_id) - Number(b.member_id));
  expect(await emails(thread.id)).toEqual(expected);
  const counted = { [ann.id]: 2, [ben.id]: 1, [cat.id]: 1, [dan.id]: 2 };
  expect(await unread(thread.id)).toEqual(counted);

  // The batch's notices once more, as a retry would fan them out, each twice (in one job, so
  // that their order is certain): no email gains anything, and Eve, who follows now, hears of
  // each reply once.
  const eve = await member('cust-eve', 'Eve', { email: 'eve@mail.example' });
  await eve.client.ok({ type: 'thread.follow', key: TestClient.key(), threadId: thread.id });
  const boss = await app.t.app.jobs.boss();
  const notices = jobs.flatMap((job) => job.notices);
  await boss.send(FAN_OUT_QUEUE, { siteId: app.site.id, notices: [...notices, ...notices] });
  await app.restart();
  expect(await fannedOut()).toBe(2);
  expect(await emails(thread.id)).toEqual(
    [...expected, { member_id: eve.id, status: 'pending', items: [reply(first), reply(second)] }].sort(
      (a, b) => Number(a.member_id) - Number(b.member_id),
    ),
  );
  expect(app.sink.received).toHaveLength(0);
});
