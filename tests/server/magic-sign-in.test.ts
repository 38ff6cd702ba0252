/**
 * Guests become members by a magic link, end to end: the guest confirms an address, asks for a
 * link (from the widget's socket, or from the account page every email links to), the email
 * arrives over real SMTP, and the link's page signs them in once, keeping what they wrote,
 * voted and followed. Replayed, expired, forged and other purposes' links are refused.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteRow } from '../../server/src/db/database.js';
import { setPageUrlTemplate } from '../../server/src/domain/brand-pages.js';
import { registerSecret } from '../helpers/log-capture.js';
import { startMailApp } from '../helpers/mail-app.js';
import { relaxLimits } from '../helpers/relaxed-site.js';
import { linksOf, type ReceivedMail } from '../helpers/smtp-sink.js';
import { createTestSite, signSso } from '../helpers/test-app.js';
import { TestClient } from '../helpers/ws-client.js';

const MINUTE = 60_000;

let clock = new Date('2026-12-04T09:00:00Z');
const { t, sink } = await startMailApp(() => clock);
const site: SiteRow = await createTestSite(t.database, { name: 'Acme Outdoor' });
const clients: TestClient[] = [];

async function connect() {
  const client = await TestClient.connect(t.wsUrl(site));
  clients.push(client);
  return client;
}

/** A guest who asked a question and confirmed `address` for email about it. */
async function confirmedGuest(name: string, address: string) {
  const client = await connect();
  const { me, guestToken } = await client.ok({ type: 'guest.join', name });
  const { thread, post } = await client.ok({
    type: 'thread.create',
    key: TestClient.key(),
    board: 'help',
    kind: 'question',
    title: `${name} asks about laces`,
    body: 'Are spare laces sold separately?',
  });
  await client.ok({ type: 'thread.follow', key: TestClient.key(), threadId: thread.id, email: address });
  const [confirm] = await sink.waitFor(address);
  const link = linksOf(confirm?.text ?? '').find((l) => l.includes('/mail/confirm/')) as string;
  expect((await fetch(`${t.baseUrl}${new URL(link).pathname}`, { method: 'POST' })).status).toBe(200);
  return { client, me, guestToken, thread, post };
}

/** The sign-in link of the latest sign-in email to `address`, once it has `count` emails. */
/** The path of the `count`th sign-in link sent to `address`; reply notifications may arrive before or after it. */
async function signInLink(address: string, count = 1): Promise<string> {
  const mails = await sink.waitForMatching(address, (m) => m.subject.startsWith('Your sign-in link'), count);
  const mail = mails[count - 1] as ReceivedMail;
  expect(mail.subject).toBe('Your sign-in link for Acme Outdoor');
  const path = new URL(linksOf(mail.text).find((l) => l.includes('/mail/sign-in/')) as string).pathname;
  // A sign-in link is a credential while it lives: no log line may carry it.
  registerSecret('a magic sign-in token', path.split('/').at(-1) as string);
  return path;
}

const post = (path: string) => fetch(`${t.baseUrl}${path}`, { method: 'POST', redirect: 'manual' });

beforeAll(async () => {
  await relaxLimits(t.database, site.id);
  await setPageUrlTemplate(t.database.db, site.id, 'https://brand.example/products/{board}');
});

afterAll(async () => {
  for (const c of clients) await c.close();
  await t.close();
  await sink.close();
});

describe('magic sign-in links', () => {
  it('turns the guest into a member of the site, keeping their posts, votes and follows', async () => {
    const address = 'robin@mail.example';
    const guest = await confirmedGuest('Robin', address);
    // Someone else's answer, which the guest upvotes.
    const other = await connect();
    await other.ok({ type: 'guest.join', name: 'Kai' });
    const { post: answer } = await other.ok({
      type: 'post.create',
      key: TestClient.key(),
      threadId: guest.thread.id,
      body: 'They are, in three colours.',
    });
    await guest.client.ok({ type: 'vote', key: TestClient.key(), postId: answer.id, value: 1 });

    expect(await guest.client.ok({ type: 'member.sign_in_link', threadId: guest.thread.id })).toEqual({ sent: true });
    // One link a minute: the button cannot flood an inbox.
    const again = await guest.client.request({ type: 'member.sign_in_link' });
    expect(again.ok ? null : again.error.code).toBe('rate_limited');

    const path = await signInLink(address);
    expect(path).toMatch(/^\/mail\/sign-in\/[a-z2-7]{52}$/);
    // Opening the link only asks: a mail scanner's GET signs nobody in.
    const page = await fetch(`${t.baseUrl}${path}`);
    expect(page.status).toBe(200);
    const pageText = await page.text();
    expect(pageText).toContain('Sign in as Robin');
    expect(pageText).toContain('<form method="post">');
    const stillGuest = await connect();
    expect((await stillGuest.ok({ type: 'hello', guest: guest.guestToken })).me?.guest).toBe(true);

    const signedIn = await post(path);
    expect(signedIn.status).toBe(303);
    const location = signedIn.headers.get('location') as string;
    const landing = `https://brand.example/products/help#booth-thread=${guest.thread.id}&booth-session=`;
    expect(location.startsWith(landing)).toBe(true);
    const session = location.slice(landing.length);
    registerSecret('a member session token', session);

    // The same member row, now a member: the session signs it in on a new socket.
    const member = await connect();
    const { me } = await member.ok({ type: 'hello', session });
    expect(me).toMatchObject({ id: guest.me.id, name: 'Robin', role: 'customer', guest: false });
    const opened = await member.ok({ type: 'thread.open', threadId: guest.thread.id });
    expect(opened.thread.author).toMatchObject({ id: guest.me.id, guest: false });
    expect(opened.myVotes).toEqual({ [answer.id]: 1 });
    expect(opened.following).toBe(true);
    // Their earlier post is still theirs to edit.
    const edited = await member.ok({
      type: 'post.edit',
      key: TestClient.key(),
      postId: guest.post.id,
      body: 'Are spare laces sold separately, in black?',
    });
    expect(edited.post.author.id).toBe(guest.me.id);
    const { rows } = await sql<{ n: string }>`
      select count(*)::text as n from members where site_id = ${site.id} and name = 'Robin'
    `.execute(t.database.db);
    expect(rows[0]?.n).toBe('1');

    // The guest token names no guest any more; the link works once.
    const oldToken = await connect();
    const refused = await oldToken.request({ type: 'hello', guest: guest.guestToken });
    expect(refused.ok ? null : refused.error.code).toBe('invalid_token');
    const replay = await post(path);
    expect(replay.status).toBe(400);
    expect(await replay.text()).toContain('already used');
    const replayPage = await fetch(`${t.baseUrl}${path}`);
    expect(replayPage.status).toBe(400);
    expect(await replayPage.text()).toContain('already used');
  });

  it('refuses expired, forged and other purposes’ links, and guests without a confirmed address', async () => {
    const address = 'noor@mail.example';
    const guest = await confirmedGuest('Noor', address);
    await guest.client.ok({ type: 'member.sign_in_link' });
    const path = await signInLink(address);
    const token = path.split('/').at(-1) as string;

    const forged = `${token.slice(0, 20)}${token[20] === 'a' ? 'b' : 'a'}${token.slice(21)}`;
    const forgedReply = await post(`/mail/sign-in/${forged}`);
    expect(forgedReply.status).toBe(400);
    expect(await forgedReply.text()).toContain('This link is not valid.');

    // The confirmation link is signed for another purpose.
    const [confirm] = sink.to(address);
    const confirmToken = (linksOf(confirm?.text ?? '').find((l) => l.includes('/mail/confirm/')) as string)
      .split('/')
      .at(-1);
    expect((await post(`/mail/sign-in/${confirmToken}`)).status).toBe(400);

    clock = new Date(clock.getTime() + 16 * MINUTE);
    const expired = await post(path);
    expect(expired.status).toBe(400);
    expect(await expired.text()).toContain('This sign-in link has expired');
    const stillGuest = await connect();
    expect((await stillGuest.ok({ type: 'hello', guest: guest.guestToken })).me?.guest).toBe(true);

    // A guest who gave no address, and a member signed in by the site's SSO, get no link.
    const plain = await connect();
    await plain.ok({ type: 'guest.join', name: 'Ola' });
    const noAddress = await plain.request({ type: 'member.sign_in_link' });
    expect(noAddress.ok ? null : noAddress.error.code).toBe('forbidden');
    const sso = await connect();
    await sso.ok({ type: 'hello', sso: await signSso(site, { sub: 'c-1', name: 'Hana' }, { now: clock }) });
    const ssoAsk = await sso.request({ type: 'member.sign_in_link' });
    expect(ssoAsk.ok ? null : ssoAsk.error.code).toBe('forbidden');
  });

  it('offers a sign-in link on the account page of every email to a guest', async () => {
    const address = 'mateo@mail.example';
    const guest = await confirmedGuest('Mateo', address);
    const staff = await connect();
    await staff.ok({
      type: 'hello',
      sso: await signSso(site, { sub: 'a-1', name: 'Sam', role: 'staff' }, { now: clock }),
    });
    await staff.ok({
      type: 'post.create',
      key: TestClient.key(),
      threadId: guest.thread.id,
      body: 'Yes, in the shop.',
    });
    const [, answered] = await sink.waitFor(address, 2);
    expect(answered?.text).toContain('Keep your posts: get a sign-in link at http://booth.test/mail/account/');
    const account = linksOf(answered?.text ?? '').find((l) => l.includes('/mail/account/')) as string;
    const page = await (await fetch(`${t.baseUrl}${new URL(account).pathname}`)).text();
    expect(page).toContain('Email me a sign-in link');
    const asked = await post(`${new URL(account).pathname}/sign-in-link`);
    expect(asked.status).toBe(200);
    const path = await signInLink(address);
    const signedIn = await post(path);
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.get('location')).toContain(`#booth-thread=${guest.thread.id}&booth-session=s1.`);
  });
});
