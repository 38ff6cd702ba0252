import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteRow } from '../../server/src/db/database.js';
import { saveSiteMailSettings } from '../../server/src/db/site-mail-settings.queries.js';
import { setDigestHour } from '../../server/src/db/staff-alerts.queries.js';
import { SmtpMailer } from '../../server/src/domain/mail/mailer.js';
import { ask, connectGuest, createOpenSite, type Visitor } from '../helpers/actors.js';
import { SmtpSink } from '../helpers/smtp-sink.js';
import { connectModerator, type StaffLogin, staffLogin } from '../helpers/staff-session.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { TestClient } from '../helpers/ws-client.js';

/** The server's clock, moved by the test. */
let clock = new Date('2026-12-03T06:00:00Z');
const at = (iso: string) => {
  clock = new Date(iso);
  return clock;
};

let t: TestApp;
let site: SiteRow;
let owner: StaffLogin;
let agent: StaffLogin;
let quiet: StaffLogin;
let ownerSocket: TestClient;
let agentSocket: TestClient;
let guest: Visitor;
let sink: SmtpSink;
let mailer: SmtpMailer;

/** The emails the sink received for one address, parsed. */
const mailFor = (address: string) =>
  sink.received.filter((m) => m.to.includes(address.toLowerCase())).map((m) => m.parsed);

beforeAll(async () => {
  sink = await SmtpSink.start();
  // Staff alerts only: followers' email stays in the outbox, so the sink holds alerts and digests alone.
  mailer = new SmtpMailer(sink.url);
  t = await startTestApp({
    webhooks: { enabled: false },
    live: { now: () => clock },
    staffAlerts: { mailer, cron: null },
  });
  site = await createOpenSite(t.database, { name: 'Alert Brand' });
  owner = await staffLogin(t, site, 'owner');
  agent = await staffLogin(t, site, 'staff');
  quiet = await staffLogin(t, site, 'staff');
  ownerSocket = await connectModerator(t, site, owner);
  agentSocket = await connectModerator(t, site, agent);
  guest = await connectGuest(t, site, 'Waiting Customer');
});

afterAll(async () => {
  for (const c of [ownerSocket, agentSocket, guest?.client]) await c?.close();
  await t?.close();
  await mailer?.close();
  await sink?.close();
});

describe('staff alerts', () => {
  it('let each staff member choose their emails; only owners set the threshold', async () => {
    const before = await agentSocket.ok({ type: 'staff.alerts' });
    expect(before).toEqual({
      unansweredEmail: false,
      dailyDigest: false,
      thresholdMinutes: 1440,
      digestHour: 8,
      address: agent.email,
    });
    const refused = await agentSocket.request({
      type: 'staff.alerts.update',
      key: TestClient.key(),
      thresholdMinutes: 5,
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const mine = await agentSocket.ok({ type: 'staff.alerts.update', key: TestClient.key(), unansweredEmail: true });
    expect(mine).toMatchObject({ unansweredEmail: true, dailyDigest: false });
    const owners = await ownerSocket.ok({
      type: 'staff.alerts.update',
      key: TestClient.key(),
      dailyDigest: true,
      thresholdMinutes: 60,
    });
    expect(owners).toMatchObject({ unansweredEmail: false, dailyDigest: true, thresholdMinutes: 60 });
    // The owner's choice is theirs alone.
    expect(await agentSocket.ok({ type: 'staff.alerts' })).toMatchObject({ unansweredEmail: true, dailyDigest: false });
  });

  it('email the staff who asked when a question waits past the threshold, once', async () => {
    at('2026-12-03T06:00:00Z');
    const { thread } = await ask(guest.client, 'alerts', { title: 'Where is my refund?', body: 'Sent it back.' });
    const { thread: answered } = await ask(guest.client, 'alerts', { title: 'Do you ship to Rome?', body: 'Italy.' });
    await agentSocket.ok({ type: 'post.create', key: TestClient.key(), threadId: answered.id, body: 'Yes, we do.' });

    at('2026-12-03T06:59:00Z');
    expect(await t.app.staffAlerts?.tick()).toEqual({ alerts: 0, digests: 0 });
    at('2026-12-03T07:00:00Z');
    expect(await t.app.staffAlerts?.tick()).toEqual({ alerts: 1, digests: 0 });
    const [alert] = mailFor(agent.email);
    expect(alert?.subject).toBe('[Alert Brand] A question is waiting for an answer: Where is my refund?');
    expect(alert?.text).toContain(`/t/${site.public_key}/${thread.id}/where-is-my-refund`);
    expect(alert?.text).toContain('(60 min)');
    expect(alert?.text).not.toContain('Do you ship to Rome?');
    expect(alert?.headers.get('auto-submitted')).toBe('auto-generated');
    expect(mailFor(owner.email)).toEqual([]);
    expect(mailFor(quiet.email)).toEqual([]);

    at('2026-12-03T07:30:00Z');
    expect(await t.app.staffAlerts?.tick()).toEqual({ alerts: 0, digests: 0 });
    expect(mailFor(agent.email)).toHaveLength(1);
  });

  it('send a daily digest of unanswered, reported and held posts, once a day', async () => {
    const { thread } = await ask(guest.client, 'alerts', { title: 'Can I change my order?', body: 'Size M.' });
    const reporter = await connectGuest(t, site, 'Reporter');
    await reporter.client.ok({ type: 'post.report', key: TestClient.key(), postId: thread.rootPostId, reason: 'spam' });
    await reporter.client.close();
    await t.database.db
      .updateTable('posts')
      .set({ status: 'pending', hold_reason: 'links' })
      .where('id', '=', thread.rootPostId)
      .execute();

    at('2026-12-03T07:59:00Z');
    await t.app.staffAlerts?.tick();
    expect(mailFor(owner.email)).toEqual([]);
    at('2026-12-03T08:00:00Z');
    expect((await t.app.staffAlerts?.tick())?.digests).toBe(1);
    const [digest] = mailFor(owner.email);
    expect(digest?.subject).toBe('[Alert Brand] Daily digest: 2 unanswered, 1 reported, 1 held');
    expect(digest?.text).toContain('Unanswered questions: 2');
    expect(digest?.text).toContain('- Where is my refund? (2 h)');
    expect(digest?.text).toContain('Reported posts: 1');
    expect(digest?.text).toContain('Held for review: 1');
    expect(digest?.html).toContain('Can I change my order?');

    at('2026-12-03T20:00:00Z');
    expect((await t.app.staffAlerts?.tick())?.digests).toBe(0);
    at('2026-12-04T08:05:00Z');
    expect((await t.app.staffAlerts?.tick())?.digests).toBe(1);
    expect(mailFor(owner.email)).toHaveLength(2);
    expect(mailFor(agent.email).filter((m) => m.subject?.includes('digest'))).toEqual([]);
  });

  it('send the digest from the hour the owner chose, and from the sender the owner set', async () => {
    // Stored as the owner's settings requests store them (their socket's session is a day old by now).
    await setDigestHour(t.database.db, site.id, 10);
    await saveSiteMailSettings(t.database.db, site.id, {
      fromName: 'Alert Desk',
      fromAddress: 'desk@alert.example',
      accentColor: null,
    });
    const before = mailFor(owner.email).length;
    at('2026-12-05T09:59:00Z');
    expect((await t.app.staffAlerts?.tick())?.digests).toBe(0);
    at('2026-12-05T10:00:00Z');
    expect((await t.app.staffAlerts?.tick())?.digests).toBe(1);
    const digests = mailFor(owner.email);
    expect(digests).toHaveLength(before + 1);
    expect(digests.at(-1)?.from?.value[0]).toEqual({ name: 'Alert Desk', address: 'desk@alert.example' });
  });
});
