/**
 * Email speaks the site's language, end to end over real SMTP: a German site's confirmation,
 * reply notification and magic sign-in emails arrive in German with their links intact, the
 * pages behind those links answer in German, and an Arabic site's link pages are Arabic and
 * right to left. English sites keep their English words (tests/server/mail.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteRow } from '../../server/src/db/database.js';
import { setPageUrlTemplate } from '../../server/src/domain/brand-pages.js';
import { MAIL_TOKEN_TTL } from '../../server/src/domain/mail/mail-tokens.js';
import { registerSecret } from '../helpers/log-capture.js';
import { startMailApp } from '../helpers/mail-app.js';
import { relaxLimits } from '../helpers/relaxed-site.js';
import { linksOf } from '../helpers/smtp-sink.js';
import { createTestSite, signSso } from '../helpers/test-app.js';
import { TestClient } from '../helpers/ws-client.js';

const clock = new Date('2026-12-04T09:00:00Z');
const { t, sink } = await startMailApp(() => clock);
const german: SiteRow = await createTestSite(t.database, { name: 'Wanderladen', language: 'de' });
const arabic: SiteRow = await createTestSite(t.database, { name: 'متجر الرحلات', language: 'ar' });
const clients: TestClient[] = [];

async function connect(site: SiteRow) {
  const client = await TestClient.connect(t.wsUrl(site));
  clients.push(client);
  return client;
}

/** A guest who asked a question on `site` and asked for email about it at `address`. */
async function followingGuest(site: SiteRow, name: string, address: string) {
  const client = await connect(site);
  await client.ok({ type: 'guest.join', name });
  const { thread } = await client.ok({
    type: 'thread.create',
    key: TestClient.key(),
    board: 'help',
    kind: 'question',
    title: `${name}: passen die Stiefel?`,
    body: 'Ich habe breite Füße.',
  });
  await client.ok({ type: 'thread.follow', key: TestClient.key(), threadId: thread.id, email: address });
  const [confirm] = await sink.waitFor(address);
  if (!confirm) throw new Error('no confirmation email');
  const link = linksOf(confirm.text).find((l) => l.includes('/mail/confirm/')) as string;
  return { client, thread, confirm, confirmPath: new URL(link).pathname };
}

const page = async (path: string, init: RequestInit = {}) => {
  const response = await fetch(`${t.baseUrl}${path}`, { redirect: 'manual', ...init });
  return { status: response.status, html: await response.text(), location: response.headers.get('location') };
};

beforeAll(async () => {
  for (const site of [german, arabic]) {
    await relaxLimits(t.database, site.id);
    await setPageUrlTemplate(t.database.db, site.id, 'https://brand.example/produkte/{board}');
  }
});

afterAll(async () => {
  for (const c of clients) await c.close();
  await t.close();
  await sink.close();
});

describe("email in the site's language", () => {
  it('sends a German site its confirmation, reply and sign-in emails in German, links intact', async () => {
    const address = 'jonas@mail.example';
    const guest = await followingGuest(german, 'Jonas', address);
    expect(guest.confirm.subject).toBe('Bestätigen Sie Ihre E-Mail-Adresse für Wanderladen');
    expect(guest.confirm.text).toContain('Hallo Jonas,');
    expect(guest.confirm.text).toContain('Meine E-Mail-Adresse bestätigen: http://booth.test/mail/confirm/');
    expect(guest.confirm.html).toContain('<html lang="de" dir="ltr">');

    const confirmPage = await page(guest.confirmPath);
    expect(confirmPage.html).toContain('<html lang="de" dir="ltr">');
    expect(confirmPage.html).toContain('E-Mail-Adresse bestätigen');
    expect(confirmPage.html).not.toContain('Confirm');
    const confirmed = await page(guest.confirmPath, { method: 'POST' });
    expect(confirmed.status).toBe(200);
    expect(confirmed.html).toContain('Ihre E-Mail-Adresse ist bestätigt');

    // A staff answer: the reply notification.
    const staff = await connect(german);
    await staff.ok({
      type: 'hello',
      sso: await signSso(german, { sub: 'agent-1', name: 'Sam', role: 'staff' }, { now: clock }),
    });
    await staff.ok({
      type: 'post.create',
      key: TestClient.key(),
      threadId: guest.thread.id,
      body: 'Ja: nehmen Sie die **weite Passform**.',
    });
    const [, reply] = await sink.waitFor(address, 2);
    if (!reply) throw new Error('no reply email');
    expect(reply.subject).toBe('Sam hat geantwortet: Jonas: passen die Stiefel?');
    expect(reply.text).toContain('Hallo Jonas,');
    expect(reply.text).toContain('Sam (Team) schrieb:');
    expect(reply.text).toContain('Ja: nehmen Sie die **weite Passform**.');
    expect(reply.text).toContain('Sie erhalten diese E-Mail, weil Sie diesem Thema auf Wanderladen folgen.');
    expect(reply.text).not.toMatch(/\b(wrote|Open the thread|Stop emails|You get this email)\b/);
    expect(reply.html).toContain('<html lang="de" dir="ltr">');
    expect(reply.html).toContain('>Thema öffnen</a>');
    expect(reply.html).toContain('<strong>weite Passform</strong>');
    // The deep link still lands on the brand's page with the thread named.
    const open = linksOf(reply.text).find((l) => l.includes('/mail/open/')) as string;
    expect(reply.text).toContain(`Thema öffnen: ${open}`);
    const opened = await page(new URL(open).pathname);
    expect(opened.status).toBe(303);
    expect(opened.location).toBe(`https://brand.example/produkte/help#booth-thread=${guest.thread.id}`);

    // The magic sign-in email and its page.
    expect(await guest.client.ok({ type: 'member.sign_in_link', threadId: guest.thread.id })).toEqual({ sent: true });
    const [signIn] = await sink.waitForMatching(address, (m) => m.subject.startsWith('Ihr Anmeldelink'));
    if (!signIn) throw new Error('no sign-in email');
    expect(signIn.subject).toBe('Ihr Anmeldelink für Wanderladen');
    expect(signIn.text).toContain(`Er funktioniert einmal, ${MAIL_TOKEN_TTL.magic / 60} Minuten lang.`);
    expect(signIn.html).toContain('>Anmelden</a>');
    const path = new URL(linksOf(signIn.text).find((l) => l.includes('/mail/sign-in/')) as string).pathname;
    registerSecret('a magic sign-in token', path.split('/').at(-1) as string);
    expect(signIn.text).toContain(`Anmelden: http://booth.test${path}`);
    const ask = await page(path);
    expect(ask.html).toContain('<title>Bei Wanderladen anmelden</title>');
    expect(ask.html).toContain('Als Jonas anmelden');
    const signedIn = await page(path, { method: 'POST' });
    expect(signedIn.status).toBe(303);
    expect(signedIn.location?.startsWith(`https://brand.example/produkte/help#booth-thread=${guest.thread.id}&`)).toBe(
      true,
    );
    registerSecret('a member session token', (signedIn.location ?? '').split('booth-session=')[1] ?? '');
    // A refused link says why in German, with the code's status unchanged.
    const replay = await page(path, { method: 'POST' });
    expect(replay.status).toBe(400);
    expect(replay.html).toContain('Dieser Link funktioniert nicht');
    expect(replay.html).toContain('Dieser Anmeldelink wurde bereits verwendet.');
  });

  it("answers an Arabic site's links with Arabic pages, right to left", async () => {
    const address = 'layla@mail.example';
    const guest = await followingGuest(arabic, 'Layla', address);
    expect(guest.confirm.subject).toBe('أكّد بريدك الإلكتروني لدى متجر الرحلات');
    expect(guest.confirm.html).toContain('<html lang="ar" dir="rtl">');

    const ask = await page(guest.confirmPath);
    expect(ask.status).toBe(200);
    expect(ask.html).toContain('<html lang="ar" dir="rtl">');
    expect(ask.html).toContain('<h1>أكّد بريدك الإلكتروني</h1>');
    expect(ask.html).toContain('تلقَّ رسالة من متجر الرحلات عندما يُجاب عن موضوع تتابعه.');
    const done = await page(guest.confirmPath, { method: 'POST' });
    expect(done.html).toContain('<html lang="ar" dir="rtl">');
    expect(done.html).toContain('تم تأكيد بريدك الإلكتروني');
  });

  it("answers a link that names no site in the browser's language", async () => {
    const forged = `/mail/unsubscribe/${'a'.repeat(52)}`;
    const refused = await page(forged, { headers: { 'accept-language': 'ar, en;q=0.5' } });
    expect(refused.status).toBe(400);
    expect(refused.html).toContain('<html lang="ar" dir="rtl">');
    expect(refused.html).toContain('هذا الرابط لا يعمل');
    expect(refused.html).toContain('هذا الرابط غير صالح.');
    const english = await page(forged);
    expect(english.html).toContain('<html lang="en" dir="ltr">');
    expect(english.html).toContain('This link is not valid.');
  });
});
