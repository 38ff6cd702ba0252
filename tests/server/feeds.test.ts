import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteRow } from '../../server/src/db/database.js';
import { FEED_ENTRIES } from '../../server/src/domain/feeds.js';
import {
  answer,
  ask,
  connectGuest,
  connectStaff,
  createOpenSite,
  UNLIMITED_FRAMES,
  type Visitor,
} from '../helpers/actors.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { TestClient } from '../helpers/ws-client.js';

const PUBLIC = 'https://booth.example';
let t: TestApp;
let site: SiteRow;
let other: SiteRow;
let guest: Visitor;
let staff: Visitor;

interface Entry {
  id: string;
  title: string;
  link: { href: string };
  content: string;
  author: { name: string };
  updated: string;
}

async function get(path: string) {
  const res = await fetch(`${t.baseUrl}${path}`);
  return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
}

/** Fetches a feed, checks it is well-formed Atom, and returns its entries in order. */
async function feed(path: string): Promise<{ title: string; updated: string; entries: Entry[]; xml: string }> {
  const res = await get(path);
  expect(res.status).toBe(200);
  expect(res.type).toBe('application/atom+xml; charset=utf-8');
  expect(XMLValidator.validate(res.body)).toBe(true);
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (n) => n === 'entry' }).parse(
    res.body,
  );
  expect(doc.feed.xmlns).toBe('http://www.w3.org/2005/Atom');
  // biome-ignore lint/suspicious/noExplicitAny: parsed XML is read field by field
  const text = (node: any): string => (typeof node === 'object' && node !== null ? node['#text'] : String(node));
  // biome-ignore lint/suspicious/noExplicitAny: parsed XML is read field by field
  const entries = (doc.feed.entry ?? []).map((e: any) => ({ ...e, title: text(e.title), content: text(e.content) }));
  return { title: text(doc.feed.title), updated: text(doc.feed.updated), entries: entries as Entry[], xml: res.body };
}

beforeAll(async () => {
  // Many replies from one socket in a row: the per-socket frame allowance is not what this file tests.
  t = await startTestApp({ webhooks: { enabled: false }, ws: UNLIMITED_FRAMES, env: { PUBLIC_URL: PUBLIC } });
  site = await createOpenSite(t.database, { name: 'Acme & Co' });
  other = await createOpenSite(t.database);
  guest = await connectGuest(t, site, 'Robin <Guest>');
  staff = await connectStaff(t, site);
});

afterAll(async () => {
  await guest?.client.close();
  await staff?.client.close();
  await t?.close();
});

describe('Atom feeds', () => {
  it('carry a board’s visible posts newest first, escaped, with names and no addresses', async () => {
    await t.database.db
      .updateTable('members')
      .set({ email: 'sam.staff@acme.example' })
      .where('id', '=', staff.me.id)
      .execute();
    const { thread } = await ask(guest.client, 'coats', {
      title: 'Is the <b>coat</b> warm & dry?',
      body: 'Asking for ]]> a friend. <script>alert(1)</script>',
    });
    const { post: reply } = await answer(staff.client, thread.id, 'Yes, **very** warm.');
    const { post: hidden } = await answer(guest.client, thread.id, 'A reply staff will hide.');
    await staff.client.ok({ type: 'staff.post.action', key: TestClient.key(), postId: hidden.id, action: 'hide' });

    const { title, entries, xml } = await feed(`/feeds/${site.public_key}/board/coats`);
    expect(title).toBe('Acme & Co: coats');
    expect(entries.map((e) => e.id)).toEqual([
      `${PUBLIC}/feeds/${site.public_key}/board/coats#post-${reply.id}`,
      `${PUBLIC}/feeds/${site.public_key}/board/coats#post-${thread.rootPostId}`,
    ]);
    const [answerEntry, questionEntry] = entries as [Entry, Entry];
    // Titles are plain text marked as HTML: escaped once more, so a reader shows the tags as text.
    expect(questionEntry.title).toBe('Question: Is the &#60;b&#62;coat&#60;/b&#62; warm &#38; dry?');
    expect(answerEntry.title).toContain('Sam from Support (staff) answered');
    expect(answerEntry.content).toContain('<strong>very</strong>');
    expect(questionEntry.content).toContain('Asking for ]]&gt; a friend.');
    expect(questionEntry.content).not.toContain('<script>');
    expect(questionEntry.author.name).toBe('Robin <Guest>');
    expect(answerEntry.link.href).toBe(
      `${PUBLIC}/t/${site.public_key}/${thread.id}/is-the-b-coat-b-warm-dry#post-${reply.id}`,
    );
    expect(xml).not.toContain('A reply staff will hide');
    expect(xml).not.toContain('@acme.example');
  });

  it('carry one thread’s visible posts and refuse hidden threads and other sites’ threads', async () => {
    const { thread } = await ask(guest.client, 'coats', { title: 'Does the hood come off?', body: 'Zip or buttons?' });
    const { post: first } = await answer(staff.client, thread.id, 'It zips off.');
    const { post: second } = await answer(guest.client, thread.id, 'Thanks, found the zip.');
    await staff.client.ok({ type: 'thread.accept', key: TestClient.key(), threadId: thread.id, postId: first.id });

    const path = `/feeds/${site.public_key}/thread/${thread.id}`;
    const { title, entries } = await feed(path);
    expect(title).toBe('Does the hood come off? – Acme & Co');
    expect(entries.map((e) => e.id.split('#')[1])).toEqual([
      `post-${second.id}`,
      `post-${first.id}`,
      `post-${thread.rootPostId}`,
    ]);
    expect((entries[1] as Entry).title).toBe(
      'Sam from Support (staff) gave the accepted answer to Does the hood come off?',
    );

    expect((await get(`/feeds/${other.public_key}/thread/${thread.id}`)).status).toBe(404);
    await staff.client.ok({ type: 'staff.thread.action', key: TestClient.key(), threadId: thread.id, action: 'hide' });
    expect((await get(path)).status).toBe(404);
  });

  it('never create a board and answer unknown or malformed addresses with 404', async () => {
    for (const path of [
      `/feeds/${site.public_key}/board/never-viewed`,
      `/feeds/${site.public_key}/board/..%2Fetc`,
      `/feeds/${site.public_key}/thread/0`,
      `/feeds/${site.public_key}/thread/abc`,
      '/feeds/no_such_site/board/coats',
    ]) {
      expect((await get(path)).status, path).toBe(404);
    }
    const boards = await t.database.db
      .selectFrom('boards')
      .select('slug')
      .where('site_id', '=', site.id)
      .where('slug', '=', 'never-viewed')
      .execute();
    expect(boards).toEqual([]);
  });

  it('keep to the newest entries and start empty with a fixed date', async () => {
    const { thread } = await ask(guest.client, 'busy', { title: 'A busy thread', body: 'Many replies follow.' });
    for (let i = 0; i < FEED_ENTRIES + 2; i++) await answer(guest.client, thread.id, `Reply number ${i}`);
    const { entries } = await feed(`/feeds/${site.public_key}/board/busy`);
    expect(entries).toHaveLength(FEED_ENTRIES);
    expect(entries[0]?.content).toContain(`Reply number ${FEED_ENTRIES + 1}`);

    const board = await t.database.db
      .insertInto('boards')
      .values({ site_id: site.id, slug: 'quiet', name: 'Quiet', created_at: new Date('2026-01-02T03:04:05Z') })
      .returning('created_at')
      .executeTakeFirstOrThrow();
    const quiet = await feed(`/feeds/${site.public_key}/board/quiet`);
    expect(quiet.entries).toEqual([]);
    expect(quiet.updated).toBe(board.created_at.toISOString());
  });

  it('are linked from the server-rendered thread page', async () => {
    const { thread } = await ask(guest.client, 'coats', { title: 'Machine washable?', body: 'At 30 degrees?' });
    const page = await get(`/t/${site.public_key}/${thread.id}/machine-washable`);
    expect(page.status).toBe(200);
    expect(page.body).toContain(
      `<link rel="alternate" type="application/atom+xml" title="Machine washable?" href="${PUBLIC}/feeds/${site.public_key}/thread/${thread.id}">`,
    );
    expect(page.body).toContain(`href="${PUBLIC}/feeds/${site.public_key}/board/coats"`);
  });
});
