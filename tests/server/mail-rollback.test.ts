/**
 * A write that rolls back tells nobody. The staff answer's fan-out job is inserted in the
 * answer's own transaction; when a later statement of that transaction fails (here the event
 * insert hits the events table's primary key, because a row already holds the board's next
 * sequence number), the job goes with it: no job, no delivery, no email. The same answer once
 * the way is clear commits, and its email arrives.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { SiteRow } from '../../server/src/db/database.js';
import { startMailApp } from '../helpers/mail-app.js';
import { relaxLimits } from '../helpers/relaxed-site.js';
import type { SmtpSink } from '../helpers/smtp-sink.js';
import { createTestSite, signSso, type TestApp } from '../helpers/test-app.js';
import { TestClient } from '../helpers/ws-client.js';

const FAN_OUT_QUEUE = 'booth-mail-fan-out';
const clock = new Date('2026-12-04T09:00:00Z');

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

/** Fan-out jobs in the job queue, whatever their state. */
async function fanOutJobs(): Promise<number> {
  const { rows } = await sql<{ n: string }>`
    select count(*) as n from ${sql.id(t.database.schema, 'job')} where name = ${FAN_OUT_QUEUE}
  `.execute(t.database.db);
  return Number(rows[0]?.n);
}

async function deliveries(threadId: string): Promise<number> {
  const { rows } = await sql<{ n: string }>`
    select count(*) as n from mail_deliveries where thread_id = ${threadId}
  `.execute(t.database.db);
  return Number(rows[0]?.n);
}

beforeAll(async () => {
  ({ t, sink } = await startMailApp(() => clock));
  site = await createTestSite(t.database, { name: 'Acme Outdoor' });
  await relaxLimits(t.database, site.id);
});

afterAll(async () => {
  for (const c of clients) await c.close();
  await t?.close();
  await sink?.close();
});

it('sends no email for a staff answer whose transaction rolls back, and one for the answer that commits', async () => {
  const address = 'robin@mail.example';
  const asker = await member('cust-1', 'Robin', { email: address });
  const { thread } = await asker.ok({
    type: 'thread.create',
    key: TestClient.key(),
    board: 'help',
    kind: 'question',
    title: 'Do the boots fit wide feet?',
    body: 'I have wide feet. Do the boots fit?',
  });
  const staff = await member('agent-1', 'Sam', { role: 'staff' });
  // Every fan-out job so far (asking enqueues none of its own: nobody else follows yet).
  const jobsBefore = await fanOutJobs();

  // A row already holds the board's next sequence number: the answer's event insert, which runs
  // after its fan-out job was inserted, violates the events table's primary key.
  const { rows } = await sql<{ id: string; last_seq: string }>`
    select b.id, b.last_seq from boards b join threads t on t.board_id = b.id where t.id = ${thread.id}
  `.execute(t.database.db);
  const boardId = rows[0]?.id as string;
  const blocked = Number(rows[0]?.last_seq) + 1;
  await sql`
    insert into events (board_id, seq, kind, payload, audience)
    values (${boardId}, ${blocked}, 'post.created', '{}'::jsonb, 'staff')
  `.execute(t.database.db);

  const failed = await staff.request({
    type: 'post.create',
    key: TestClient.key(),
    threadId: thread.id,
    body: 'Rolled back: this answer never happened.',
  });
  expect(failed.ok).toBe(false);
  if (!failed.ok) expect(failed.error.code).toBe('internal');
  // Nothing of the write stayed: no post, no job, no delivery.
  const { rows: posts } = await sql`select id from posts where thread_id = ${thread.id}`.execute(t.database.db);
  expect(posts).toHaveLength(1);
  expect(await fanOutJobs()).toBe(jobsBefore);
  expect(await deliveries(thread.id)).toBe(0);

  await sql`delete from events where board_id = ${boardId} and seq = ${blocked}`.execute(t.database.db);
  await staff.ok({
    type: 'post.create',
    key: TestClient.key(),
    threadId: thread.id,
    body: 'Committed: order the wide fit, it has 6 mm more room.',
  });
  expect(await fanOutJobs()).toBe(jobsBefore + 1);
  const [mail] = await sink.waitFor(address);
  expect(mail?.subject).toBe('Sam answered: Do the boots fit wide feet?');
  expect(mail?.text).toContain('Committed: order the wide fit');
  expect(await deliveries(thread.id)).toBe(1);
  // The email of the committed answer is the only one anybody got.
  expect(sink.received).toHaveLength(1);
  expect(sink.received.some((m) => m.text.includes('Rolled back'))).toBe(false);
});
