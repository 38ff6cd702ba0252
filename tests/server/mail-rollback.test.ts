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
import { expect, it } from 'vitest';
import { mailSite } from '../helpers/mail-app.js';
import { TestClient } from '../helpers/ws-client.js';

const FAN_OUT_QUEUE = 'booth-mail-fan-out';
const clock = new Date('2026-12-04T09:00:00Z');

const app = mailSite(() => clock);

/** Signs a member in on a socket of their own. */
async function member(sub: string, name: string, extra: { role?: string; email?: string } = {}) {
  return (await app.member(sub, name, extra)).client;
}

/** Fan-out jobs in the job queue, whatever their state. */
async function fanOutJobs(): Promise<number> {
  const { rows } = await sql<{ n: string }>`
    select count(*) as n from ${sql.id(app.t.database.schema, 'job')} where name = ${FAN_OUT_QUEUE}
  `.execute(app.t.database.db);
  return Number(rows[0]?.n);
}

async function deliveries(threadId: string): Promise<number> {
  const { rows } = await sql<{ n: string }>`
    select count(*) as n from mail_deliveries where thread_id = ${threadId}
  `.execute(app.t.database.db);
  return Number(rows[0]?.n);
}

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
      if exists (select 1 from ${sql.id(app.t.database.schema, 'job')}
                 where name = ${sql.lit(FAN_OUT_QUEUE)} and data::text like ${sql.lit(`%${thread.id}%`)}) then
        raise exception 'answer refused after its mail job was enqueued';
      end if;
      return new;
    end $$
  `.execute(app.t.database.db);
  await sql`
    create constraint trigger refuse_enqueued_answer after insert on events
    deferrable initially deferred for each row when (new.kind = 'post.created') execute function refuse_enqueued_answer()
  `.execute(app.t.database.db);

  const failed = await staff.request({
    type: 'post.create',
    key: TestClient.key(),
    threadId: thread.id,
    body: 'Rolled back: this answer never happened.',
  });
  expect(failed.ok).toBe(false);
  if (!failed.ok) expect(failed.error.code).toBe('internal');
  // Nothing of the write stayed: no post, no job, no delivery.
  const { rows: posts } = await sql`select id from posts where thread_id = ${thread.id}`.execute(app.t.database.db);
  expect(posts).toHaveLength(1);
  expect(await fanOutJobs()).toBe(jobsBefore);
  expect(await deliveries(thread.id)).toBe(0);

  await sql`drop trigger refuse_enqueued_answer on events`.execute(app.t.database.db);
  await staff.ok({
    type: 'post.create',
    key: TestClient.key(),
    threadId: thread.id,
    body: 'Committed: order the wide fit, it has 6 mm more room.',
  });
  expect(await fanOutJobs()).toBe(jobsBefore + 1);
  const [mail] = await app.sink.waitFor(address);
  expect(mail?.subject).toBe('Sam answered: Do the boots fit wide feet?');
  expect(mail?.text).toContain('Committed: order the wide fit');
  expect(await deliveries(thread.id)).toBe(1);
  // The email of the committed answer is the only one anybody got.
  expect(app.sink.received).toHaveLength(1);
  expect(app.sink.received.some((m) => m.text.includes('Rolled back'))).toBe(false);
});
