/**
 * Each board knows the brand page it is embedded in: learned from a widget on one of the site's
 * allowed origins, or set by staff. Emails, feeds, the thread page's JSON-LD and the moderation
 * view then link a thread (and a post in it) on that page, where the widget opens it.
 */
import { boardFeedPath, threadLinkOnPage } from '@booth/shared';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteRow } from '../../server/src/db/database.js';
import { MAIL_TOKEN_TTL, signMailToken } from '../../server/src/domain/mail/mail-tokens.js';
import { threadPageUrl } from '../../server/src/domain/thread-links.js';
import { relaxLimits } from '../helpers/relaxed-site.js';
import { SmtpSink } from '../helpers/smtp-sink.js';
import { createTestSite, signSso, startTestApp, TEST_ORIGIN, type TestApp } from '../helpers/test-app.js';
import { TestClient } from '../helpers/ws-client.js';

const PUBLIC = 'http://booth.test';
const clock = new Date('2026-12-04T09:00:00Z');

let t: TestApp;
let sink: SmtpSink;
let site: SiteRow;
const clients: TestClient[] = [];

async function connect(origin: string | null = TEST_ORIGIN): Promise<TestClient> {
  const client = await TestClient.connect(t.wsUrl(site), origin);
  clients.push(client);
  return client;
}

/** The code of the error `message` is refused with. */
async function refusal(client: TestClient, message: Parameters<TestClient['request']>[0]): Promise<string> {
  const reply = await client.request(message);
  return reply.ok ? 'accepted' : reply.error.code;
}

async function boardPage(slug: string): Promise<string | null | undefined> {
  const row = await t.database.db
    .selectFrom('boards')
    .select('page_url')
    .where('site_id', '=', site.id)
    .where('slug', '=', slug)
    .executeTakeFirst();
  return row?.page_url;
}

/** Where the open link of an email about `threadId` sends its reader. */
async function emailLanding(threadId: string, memberId: string): Promise<string | null> {
  const token = signMailToken(t.app.mailTokenSecret, { purpose: 'open', memberId, subjectId: threadId, now: clock });
  const res = await fetch(`${t.baseUrl}/mail/open/${token}`, { redirect: 'manual' });
  expect(res.status).toBe(303);
  return res.headers.get('location');
}

beforeAll(async () => {
  sink = await SmtpSink.start();
  t = await startTestApp({
    live: { now: () => clock },
    webhooks: { enabled: false },
    env: { SMTP_URL: sink.url, PUBLIC_URL: PUBLIC },
  });
  site = await createTestSite(t.database, { name: 'Acme Outdoor' });
  await relaxLimits(t.database, site.id);
  expect(MAIL_TOKEN_TTL.open).toBeGreaterThan(0);
});

afterAll(async () => {
  for (const c of clients) await c.close();
  await t?.close();
  await sink?.close();
});

describe('the page of a board', () => {
  it('is learned from a widget on an allowed origin, without its fragment, trackers or Booth parameters', async () => {
    // A socket without an Origin (a script, not a browser page) cannot name the page.
    await (await connect(null)).ok({ type: 'subscribe', board: 'boots', page: 'https://brand.example/fake' });
    expect(await boardPage('boots')).toBeNull();
    // Nor can a page on another origin than the socket's.
    await (await connect()).ok({ type: 'subscribe', board: 'boots', page: 'https://evil.example/p/boots' });
    expect(await boardPage('boots')).toBeNull();
    // Booth's own origin is allowed to open sockets (its demo and thread pages) but is no brand page.
    const own = new URL(t.baseUrl).origin;
    await (await connect(own)).ok({ type: 'subscribe', board: 'boots', page: `${own}/t/x/1/thread` });
    expect(await boardPage('boots')).toBeNull();

    const page = 'https://brand.example/p/boots?colour=red&utm_source=mail&booth-thread=9#reviews&booth-thread=9';
    await (await connect()).ok({ type: 'subscribe', board: 'boots', page });
    expect(await boardPage('boots')).toBe('https://brand.example/p/boots?colour=red');

    // The first page stays; another page embedding the same board does not move it.
    await (await connect()).ok({ type: 'subscribe', board: 'boots', page: 'https://brand.example/sale' });
    expect(await boardPage('boots')).toBe('https://brand.example/p/boots?colour=red');
  });

  it('refuses an address that is not a web page, with a typed error', async () => {
    const client = await connect();
    expect(await refusal(client, { type: 'subscribe', board: 'boots', page: 'javascript:alert(1)' })).toBe(
      'invalid_message',
    );
  });

  it('is where emails, feeds, JSON-LD and the moderation view link a thread and its posts', async () => {
    const pageUrl = 'https://brand.example/p/boots?colour=red';
    const asker = await connect();
    const { me } = await asker.ok({ type: 'guest.join', name: 'Robin' });
    const { thread } = await asker.ok({
      type: 'thread.create',
      key: TestClient.key(),
      board: 'boots',
      kind: 'question',
      title: 'Do the boots run small?',
      body: 'I wear 42 in most brands.',
    });
    const staff = await connect();
    await staff.ok({
      type: 'hello',
      sso: await signSso(site, { sub: 's1', name: 'Sam', role: 'staff' }, { now: clock }),
    });
    const { post } = await staff.ok({
      type: 'post.create',
      key: TestClient.key(),
      threadId: thread.id,
      body: 'They run half a size small.',
    });
    const threadLink = `${pageUrl}#booth-thread=${thread.id}`;
    const postLink = `${threadLink}&booth-post=${post.id}`;

    // The email's open link lands on the thread on the board's page.
    expect(await emailLanding(thread.id, me?.id ?? '')).toBe(threadLink);

    // The board's feed links each post on the board's page.
    const res = await fetch(`${t.baseUrl}${boardFeedPath(site.public_key, 'boots')}`);
    const doc = new XMLParser({
      ignoreAttributes: false,
      attributeNamePrefix: '',
      isArray: (n) => n === 'entry',
    }).parse(await res.text());
    const links = doc.feed.entry.map((e: { link: { href: string } }) => e.link.href);
    expect(links).toEqual([postLink, threadLink]);
    expect(doc.feed.link.find((l: { rel?: string }) => l.rel !== 'self').href).toBe(pageUrl);

    // The thread's own page names the thread on the brand page as canonical, in its JSON-LD too,
    // in the query: search engines drop fragments, and each thread needs an address of its own.
    const html = await (await fetch(threadPageUrl(t.baseUrl, site.public_key, thread.id, thread.title))).text();
    const data = JSON.parse(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '{}');
    const crawlable = `${pageUrl}&booth-thread=${thread.id}`;
    expect(data.mainEntity.url).toBe(crawlable);
    expect(data.mainEntity.suggestedAnswer[0].url).toBe(`${crawlable}&booth-post=${post.id}`);
    const canonical = /<link rel="canonical" href="([^"]*)">/.exec(html)?.[1]?.replace(/&#38;|&amp;/g, '&');
    expect(canonical).toBe(crawlable);

    // The moderation view's "Open on the brand page".
    const opened = await staff.ok({ type: 'staff.thread.open', threadId: thread.id });
    expect(opened.brandUrl).toBe(threadLink);
    expect(opened.boardPageUrl).toBe(pageUrl);

    // Staff move the board to another page: every link follows.
    const moved = await staff.ok({
      type: 'staff.board.page',
      key: TestClient.key(),
      board: 'boots',
      pageUrl: 'https://brand.example/collections/boots#top',
    });
    expect(moved).toMatchObject({ board: 'boots', pageUrl: 'https://brand.example/collections/boots' });
    expect(await emailLanding(thread.id, me?.id ?? '')).toBe(
      threadLinkOnPage('https://brand.example/collections/boots', thread.id),
    );
    const audit = await staff.ok({ type: 'staff.audit' });
    expect(audit.entries[0]).toMatchObject({ action: 'board.page_url', target: { type: 'board', label: 'boots' } });

    // Cleared, links fall back to the thread's page on this server.
    await staff.ok({ type: 'staff.board.page', key: TestClient.key(), board: 'boots', pageUrl: null });
    expect(await emailLanding(thread.id, me?.id ?? '')).toBe(
      threadPageUrl(PUBLIC, site.public_key, thread.id, thread.title),
    );
  });

  it('is set by staff only, on a board of their own site', async () => {
    const customer = await connect();
    await customer.ok({ type: 'hello', sso: await signSso(site, { sub: 'c1', name: 'Casey' }, { now: clock }) });
    const refused = await refusal(customer, {
      type: 'staff.board.page',
      key: TestClient.key(),
      board: 'boots',
      pageUrl: 'https://evil.example/',
    });
    expect(refused).toBe('forbidden');
    const staff = await connect();
    await staff.ok({
      type: 'hello',
      sso: await signSso(site, { sub: 's2', name: 'Sky', role: 'staff' }, { now: clock }),
    });
    const missing = await refusal(staff, {
      type: 'staff.board.page',
      key: TestClient.key(),
      board: 'no-such-board',
      pageUrl: 'https://brand.example/',
    });
    expect(missing).toBe('not_found');
  });
});
