/**
 * A write that rolls back tells nobody. The staff answer's fan-out job is inserted in the
 * answer's own transaction; when that transaction fails, the job goes with it: no job, no
 * delivery, no email. The failure comes from a trigger made in this file's schema on the event
 * insert, checked at commit (deferred), which refuses the answer only once it sees the answer's
 * fan-out job inside the same transaction: a job enqueued after the commit or outside the
 * transaction makes this test fail. The same answer once the trigger is gone commits, and its
 * email arrives.
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

  // Refuses the answer's event row, at commit, only when the answer's fan-out job is visible to it.
  await sql`
    create function refuse_enqueued_answer() returns trigger language plpgsql as $$
    begin
      if exists (select 1 from ${sql.id(t.database.schema, 'job')}
                 where name = ${sql.lit(FAN_OUT_QUEUE)} and data::text like ${sql.lit(`%${thread.id}%`)}) then
        raise exception 'answer refused after its mail job was enqueued';
      end if;
      return new;
    end $$
  `.execute(t.database.db);
  await sql`
    create constraint trigger refuse_enqueued_answer after insert on events
    deferrable initially deferred for each row when (new.kind = 'post.created') execute function refuse_enqueued_answer()
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

  await sql`drop trigger refuse_enqueued_answer on events`.execute(t.database.db);
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
