/**
 * Email to followers end to end: a real SMTP server in the test process receives what Booth
 * sends over nodemailer; messages are parsed with mailparser and their recipients, headers,
 * links, coalescing and one-click unsubscribe are checked as a mailbox and a mail client would.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteRow } from '../../server/src/db/database.js';
import { saveSiteMailSettings } from '../../server/src/db/site-mail-settings.queries.js';
import { setPageUrlTemplate } from '../../server/src/domain/brand-pages.js';
import { MAIL_TOKEN_TTL, signMailToken } from '../../server/src/domain/mail/mail-tokens.js';
import { relaxLimits } from '../helpers/relaxed-site.js';
import { linksOf, SmtpSink } from '../helpers/smtp-sink.js';
import { createTestSite, signSso, startTestApp, type TestApp } from '../helpers/test-app.js';
import { TestClient } from '../helpers/ws-client.js';

const EVENTS_TOKEN = 'test-mail-events-token-0123456789';
const MINUTE = 60_000;

let t: TestApp;
let sink: SmtpSink;
let site: SiteRow;
let clock = new Date('2026-12-04T09:00:00Z');
const clients: TestClient[] = [];

async function member(sub: string, name: string, extra: { role?: string; email?: string } = {}) {
  const client = await TestClient.connect(t.wsUrl(site));
  clients.push(client);
  const { me } = await client.ok({
    type: 'hello',
    sso: await signSso(site, { sub, name, ...extra }, { now: clock }),
  });
  return { client, me: me as NonNullable<typeof me> };
}

async function guest(name: string) {
  const client = await TestClient.connect(t.wsUrl(site));
  clients.push(client);
  const { me } = await client.ok({ type: 'guest.join', name });
  return { client, me };
}

async function ask(client: TestClient, title: string) {
  const { thread } = await client.ok({
    type: 'thread.create',
    key: TestClient.key(),
    board: 'help',
    kind: 'question',
    title,
    body: `${title} Details follow.`,
  });
  return thread;
}

async function reply(client: TestClient, threadId: string, body: string) {
  const { post } = await client.ok({ type: 'post.create', key: TestClient.key(), threadId, body });
  return post;
}

/** Every delivery of a thread, once the fan-out of the latest write has run. */
async function deliveries(threadId: string) {
  const { rows } = await sql<{ member_id: string; status: string; items: unknown[] }>`
    select member_id, status, items from mail_deliveries where thread_id = ${threadId} order by id
  `.execute(t.database.db);
  return rows;
}

/** Waits until the mail queue has turned the thread's latest notices into deliveries. */
async function settled(threadId: string, predicate: (rows: Awaited<ReturnType<typeof deliveries>>) => boolean) {
  for (;;) {
    const rows = await deliveries(threadId);
    if (predicate(rows)) return rows;
    // A round trip to the database between reads, not a timer: the fan-out job runs meanwhile.
    await sql`select pg_sleep(0.05)`.execute(t.database.db);
  }
}

beforeAll(async () => {
  sink = await SmtpSink.start();
  t = await startTestApp({
    live: { now: () => clock },
    webhooks: { enabled: false },
    mail: { pollingIntervalSeconds: 0.5, dueCron: null, retryDelaySeconds: 1 },
    env: { SMTP_URL: sink.url, PUBLIC_URL: 'http://booth.test', MAIL_EVENTS_TOKEN: EVENTS_TOKEN },
  });
  site = await createTestSite(t.database, { name: 'Acme Outdoor' });
  await relaxLimits(t.database, site.id);
  await setPageUrlTemplate(t.database.db, site.id, 'https://brand.example/products/{board}');
  await saveSiteMailSettings(t.database.db, site.id, {
    fromName: 'Acme Support',
    fromAddress: 'support@acme.example',
    accentColor: '#2f6b4f',
  });
});

afterAll(async () => {
  for (const c of clients) await c.close();
  await t?.close();
  await sink?.close();
});

describe('following and email', () => {
  let threadId: string;
  let guestClient: TestClient;
  let guestId: string;
  const guestAddress = 'robin@mail.example';
  const rowsOf = (rows: Awaited<ReturnType<typeof deliveries>>, memberId: string) =>
    rows.filter((d) => d.member_id === memberId);

  it('asks a guest to confirm their address before anything else is sent (double opt-in)', async () => {
    const g = await guest('Robin');
    guestClient = g.client;
    guestId = g.me.id;
    const asked = await g.client.ok({
      type: 'thread.create',
      key: TestClient.key(),
      board: 'help',
      kind: 'question',
      title: 'Do the boots fit wide feet?',
      body: 'Do the boots fit wide feet? Details follow.',
    });
    const thread = asked.thread;
    threadId = thread.id;
    expect(thread.waiting).toBe(1);
    // The asker follows without an address yet, so the widget can offer to add one.
    expect(asked.email).toBe('none');
    const state = await g.client.ok({ type: 'thread.follow', key: TestClient.key(), threadId, email: guestAddress });
    expect(state).toEqual({ threadId, following: true, waiting: 1, email: 'pending' });

    // A staff answer before confirmation sends the guest nothing; another follower, whose
    // address the site vouched for, is told (which shows the answer's emails went out).
    const watcher = await member('cust-7', 'Ola', { email: 'ola@mail.example' });
    const watching = await watcher.client.ok({ type: 'thread.follow', key: TestClient.key(), threadId });
    expect(watching).toEqual({ threadId, following: true, waiting: 2, email: 'confirmed' });
    const staff = await member('agent-1', 'Sam', { role: 'staff', email: 'sam@acme.example' });
    await reply(staff.client, threadId, 'Early answer: they come in a wide fit.');
    const [told] = await sink.waitFor('ola@mail.example');
    expect(told?.subject).toBe('Sam answered: Do the boots fit wide feet?');
    expect(rowsOf(await deliveries(threadId), guestId)).toEqual([]);
    // Unfollowing from the widget stops it.
    const left = await watcher.client.ok({ type: 'thread.unfollow', key: TestClient.key(), threadId });
    expect(left).toEqual({ threadId, following: false, waiting: 1, email: 'confirmed' });

    const [confirm] = await sink.waitFor(guestAddress);
    expect(confirm?.subject).toBe('Confirm your email for Acme Outdoor');
    expect(sink.to(guestAddress)).toHaveLength(1);
    const link = linksOf(confirm?.text ?? '').find((l) => l.includes('/mail/confirm/')) as string;
    expect(link).toMatch(/^http:\/\/booth\.test\/mail\/confirm\/[a-z2-7]{52}$/);
    const path = new URL(link).pathname;

    // Following the link shows a button; only the button's POST confirms (mail scanners only GET).
    const page = await fetch(`${t.baseUrl}${path}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<form method="post">');
    const opened = await guestClient.ok({ type: 'thread.open', threadId });
    expect(opened.following).toBe(true);
    expect(opened.email).toBe('pending');
    const reader = await TestClient.connect(t.wsUrl(site));
    clients.push(reader);
    expect(await reader.ok({ type: 'thread.open', threadId })).not.toHaveProperty('email');
    const confirmed = await fetch(`${t.baseUrl}${path}`, { method: 'POST' });
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toContain('Your email is confirmed');
    const again = await guestClient.ok({ type: 'thread.follow', key: TestClient.key(), threadId });
    expect(again.email).toBe('confirmed');
  });

  it('emails the asker when staff answer, with the brand, the links and one-click unsubscribe headers', async () => {
    const sam = await member('agent-1', 'Sam', { role: 'staff' });
    const answer = await reply(sam.client, threadId, 'Yes: order **the wide fit**, it has 6 mm more room.');
    const [, mail] = await sink.waitFor(guestAddress, 2);
    if (!mail) throw new Error('no email');
    expect(mail.rcptTo).toEqual([guestAddress]);
    expect(mail.parsed.from?.value[0]).toEqual({ name: 'Acme Support', address: 'support@acme.example' });
    expect(mail.subject).toBe('Sam answered: Do the boots fit wide feet?');
    expect(mail.text).toContain('Sam (staff) wrote:');
    expect(mail.text).toContain('Yes: order **the wide fit**');
    expect(mail.html).toContain('#2f6b4f');
    expect(mail.html).toContain('<strong>the wide fit</strong>');
    expect(mail.html).toContain('Acme Outdoor');

    const unsubscribe = mail.header('list-unsubscribe') as string;
    expect(unsubscribe).toMatch(/^<http:\/\/booth\.test\/mail\/unsubscribe\/[a-z2-7]{52}>$/);
    expect(mail.header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    const links = linksOf(mail.text);
    expect(links).toContain(unsubscribe.slice(1, -1));
    expect(links.some((l) => l.includes('/mail/unsubscribe-all/'))).toBe(true);

    // The open link lands on the brand's page with the thread named for the widget.
    const open = links.find((l) => l.includes('/mail/open/')) as string;
    const redirect = await fetch(`${t.baseUrl}${new URL(open).pathname}`, { redirect: 'manual' });
    expect(redirect.status).toBe(303);
    expect(redirect.headers.get('location')).toBe(`https://brand.example/products/help#booth-thread=${threadId}`);
    expect(answer.threadId).toBe(threadId);
  });

  it('coalesces replies: at most one email per person and thread in ten minutes, then one with all of them', async () => {
    clock = new Date(clock.getTime() + 10 * MINUTE);
    const helper = await member('cust-2', 'Priya', { email: 'priya@mail.example' });
    await reply(helper.client, threadId, 'I have wide feet too; the wide fit is great.');
    await sink.waitFor(guestAddress, 3);
    const other = await member('cust-3', 'Mateo', { email: 'mateo@mail.example' });
    await reply(other.client, threadId, 'Same here, wide fit works.');
    await reply(other.client, threadId, 'Also: the insoles come out.');
    // Both replies wait together for the window of the guest's previous email to pass. Priya,
    // who replied before, is told of the first at once.
    const rows = await settled(threadId, (r) =>
      rowsOf(r, guestId).some((d) => d.status === 'pending' && d.items.length === 2),
    );
    expect(rowsOf(rows, guestId).filter((d) => d.status === 'pending')).toHaveLength(1);
    const [priyaMail] = await sink.waitFor('priya@mail.example');
    expect(priyaMail?.text).toContain('Same here');
    expect(sink.to(guestAddress)).toHaveLength(3);

    clock = new Date(clock.getTime() + 10 * MINUTE);
    await t.app.mail?.sendDue();
    const mails = await sink.waitFor(guestAddress, 4);
    const digest = mails[3];
    expect(digest?.subject).toBe('2 new replies: Do the boots fit wide feet?');
    expect(digest?.text).toContain('Same here, wide fit works.');
    expect(digest?.text).toContain('the insoles come out');
  });

  it('stops email about a thread by a one-click POST to the List-Unsubscribe URL, without signing in', async () => {
    const before = sink.to(guestAddress);
    const last = before.at(-1);
    const url = String(last?.header('list-unsubscribe')).slice(1, -1);
    const response = await fetch(`${t.baseUrl}${new URL(url).pathname}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(response.status).toBe(200);
    const opened = await guestClient.ok({ type: 'thread.open', threadId });
    expect(opened.following).toBe(false);
    expect(opened.thread.waiting).toBe(0);

    clock = new Date(clock.getTime() + 30 * MINUTE);
    const priya = await member('cust-2', 'Priya');
    await reply(priya.client, threadId, 'One more tip: size up half a number.');
    // Mateo still follows and is told; the guest is not even considered.
    const guestRows = rowsOf(await deliveries(threadId), guestId).length;
    await sink.waitFor('mateo@mail.example', 1);
    expect(rowsOf(await deliveries(threadId), guestId)).toHaveLength(guestRows);
    expect(sink.to(guestAddress)).toHaveLength(before.length);
  });

  it('stops all mail to an address after a hard bounce or a complaint', async () => {
    const refused = await fetch(`${t.baseUrl}/mail/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer wrong' },
      body: JSON.stringify({ type: 'hard_bounce', address: 'mateo@mail.example' }),
    });
    expect(refused.status).toBe(403);
    const bounced = await fetch(`${t.baseUrl}/mail/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${EVENTS_TOKEN}` },
      body: JSON.stringify({ type: 'hard_bounce', address: 'Mateo@Mail.example', detail: '5.1.1 user unknown' }),
    });
    expect(bounced.status).toBe(201);
    const invalid = await fetch(`${t.baseUrl}/mail/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${EVENTS_TOKEN}` },
      body: JSON.stringify({ type: 'soft_bounce', address: 'x' }),
    });
    expect(invalid.status).toBe(400);

    const mateoBefore = sink.to('mateo@mail.example').length;
    const priyaBefore = sink.to('priya@mail.example').length;
    clock = new Date(clock.getTime() + 30 * MINUTE);
    const sam = await member('agent-1', 'Sam', { role: 'staff' });
    await reply(sam.client, threadId, 'Thanks all, closing the loop here.');
    await sink.waitFor('priya@mail.example', priyaBefore + 1);
    expect(sink.to('mateo@mail.example')).toHaveLength(mateoBefore);
  });

  it('rings the bell of a signed-in member live, and opening the thread clears it', async () => {
    const asker = await member('cust-11', 'Chris');
    const thread = await ask(asker.client, 'Do you ship to Iceland?');
    const bell = await asker.client.ok({ type: 'notices.list' });
    expect(bell.threads).toEqual([]);
    const sam = await member('agent-1', 'Sam', { role: 'staff' });
    // Listening before the reply: the push may arrive as soon as the reply is stored.
    const ringing = asker.client.waitFor((m) => m.type === 'notices' && m.threads.length > 0, 15_000);
    await reply(sam.client, thread.id, 'Yes, within a week.');
    const rung = await ringing;
    expect(rung).toEqual({
      type: 'notices',
      threads: [{ threadId: thread.id, board: 'help', title: 'Do you ship to Iceland?', unread: 1 }],
    });
    const clearing = asker.client.waitFor((m) => m.type === 'notices' && m.threads.length === 0, 15_000);
    await asker.client.ok({ type: 'thread.open', threadId: thread.id });
    const cleared = await clearing;
    expect(cleared).toEqual({ type: 'notices', threads: [] });
    expect((await asker.client.ok({ type: 'notices.list' })).threads).toEqual([]);
  });

  it('opens the thread from an expired open link without clearing the bell; a fresh link clears it', async () => {
    const asker = await member('cust-12', 'Noor');
    const thread = await ask(asker.client, 'Can I return worn boots?');
    // Asking for the bell once is what makes the socket hear of its changes.
    expect((await asker.client.ok({ type: 'notices.list' })).threads).toEqual([]);
    const sam = await member('agent-1', 'Sam', { role: 'staff' });
    const ringing = asker.client.waitFor((m) => m.type === 'notices' && m.threads.length > 0, 15_000);
    await reply(sam.client, thread.id, 'Within 30 days, yes.');
    await ringing;
    const page = `https://brand.example/products/help#booth-thread=${thread.id}`;
    const link = (signedAt: Date) =>
      signMailToken(t.app.mailTokenSecret, {
        purpose: 'open',
        memberId: asker.me.id,
        subjectId: thread.id,
        now: signedAt,
      });

    const expired = link(new Date(clock.getTime() - MAIL_TOKEN_TTL.open * 1000 - MINUTE));
    const late = await fetch(`${t.baseUrl}/mail/open/${expired}`, { redirect: 'manual' });
    expect(late.status).toBe(303);
    expect(late.headers.get('location')).toBe(page);
    expect((await asker.client.ok({ type: 'notices.list' })).threads).toEqual([
      { threadId: thread.id, board: 'help', title: 'Can I return worn boots?', unread: 1 },
    ]);

    const clearing = asker.client.waitFor((m) => m.type === 'notices' && m.threads.length === 0, 15_000);
    const fresh = await fetch(`${t.baseUrl}/mail/open/${link(clock)}`, { redirect: 'manual' });
    expect(fresh.status).toBe(303);
    expect(fresh.headers.get('location')).toBe(page);
    await clearing;
    expect((await asker.client.ok({ type: 'notices.list' })).threads).toEqual([]);

    // A forged open link opens nothing.
    const forged = `${expired.slice(0, 20)}${expired[20] === 'a' ? 'b' : 'a'}${expired.slice(21)}`;
    expect((await fetch(`${t.baseUrl}/mail/open/${forged}`, { redirect: 'manual' })).status).toBe(400);
  });

  it('tells an asker their question was moved or hidden, and refuses forged or mismatched links', async () => {
    const asker = await member('cust-9', 'Hana', { email: 'hana@mail.example' });
    const thread = await ask(asker.client, 'Is there a kids size?');
    const sam = await member('agent-1', 'Sam', { role: 'staff' });
    await sam.client.ok({ type: 'staff.thread.move', key: TestClient.key(), threadId: thread.id, board: 'kids' });
    const [moved] = await sink.waitFor('hana@mail.example');
    expect(moved?.subject).toBe('Your question moved: Is there a kids size?');
    expect(moved?.text).toContain('"kids"');

    const unsubscribe = String(moved?.header('list-unsubscribe')).slice(1, -1);
    const token = unsubscribe.split('/').at(-1) as string;
    const forged = `${token.slice(0, 20)}${token[20] === 'a' ? 'b' : 'a'}${token.slice(21)}`;
    expect((await fetch(`${t.baseUrl}/mail/unsubscribe/${forged}`, { method: 'POST' })).status).toBe(400);
    // An unsubscribe token is no confirmation token.
    expect((await fetch(`${t.baseUrl}/mail/confirm/${token}`, { method: 'POST' })).status).toBe(400);
    expect((await fetch(`${t.baseUrl}/mail/unsubscribe/not-a-token`, { method: 'POST' })).status).toBe(400);
  });
});
