/**
 * Export and import: a seeded site leaves one Booth as JSON (over the authorized HTTP route)
 * and arrives in another (its own database schema) without loss; a Disqus export lands in a board.
 */
import { SignJWT } from 'jose';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteRow } from '../../server/src/db/database.js';
import { importDisqus } from '../../server/src/domain/export/disqus-import.js';
import { exportSite, type SiteExport } from '../../server/src/domain/export/site-export.js';
import { importSite } from '../../server/src/domain/export/site-import.js';
import { saveSitePolicy } from '../../server/src/domain/policy/site-policies.js';
import { createSiteWithOwner } from '../../server/src/domain/staff-accounts.js';
import { relaxLimits } from '../helpers/relaxed-site.js';
import { imageDepsOf, signSso, startTestApp, TEST_ORIGIN, type TestApp } from '../helpers/test-app.js';
import { openSeparateTestDatabase } from '../helpers/test-database.js';
import { TestClient } from '../helpers/ws-client.js';

let source: TestApp;
let target: TestApp;
let other: Awaited<ReturnType<typeof openSeparateTestDatabase>>;

let site: SiteRow;
const OWNER_PASSWORD = 'correct horse battery staple';

async function exportToken(s: Pick<SiteRow, 'sso_secret'>, scope = 'booth:export', secret?: string) {
  return new SignJWT({ scope })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(new TextEncoder().encode(secret ?? s.sso_secret));
}

/** Replaces ids by their position, so two exports of the same content compare equal. */
function normalized(doc: SiteExport) {
  const ids = (list: Array<{ id: string }>, p: string) => new Map(list.map((x, i) => [x.id, `${p}${i}`]));
  const m = ids(doc.members, 'm');
  const b = ids(doc.boards, 'b');
  const t = ids(doc.threads, 't');
  const p = ids(doc.posts, 'p');
  const ref = (map: Map<string, string>, id: string | null) => (id === null ? null : (map.get(id) ?? `missing:${id}`));
  return {
    site: doc.site,
    members: doc.members.map((x) => ({ ...x, id: ref(m, x.id) })),
    boards: doc.boards.map((x) => ({ ...x, id: ref(b, x.id) })),
    threads: doc.threads.map((x) => ({
      ...x,
      id: ref(t, x.id),
      board: ref(b, x.board),
      author: ref(m, x.author),
      acceptedPost: ref(p, x.acceptedPost),
    })),
    posts: doc.posts.map((x) => ({
      ...x,
      id: ref(p, x.id),
      thread: ref(t, x.thread),
      parent: ref(p, x.parent),
      author: ref(m, x.author),
    })),
    votes: doc.votes
      .map((x) => ({ post: ref(p, x.post), member: ref(m, x.member), value: x.value }))
      .sort((x, y) => `${x.post}${x.member}`.localeCompare(`${y.post}${y.member}`)),
    releases: doc.releases.map((x) => ({ ...x, board: ref(b, x.board) })),
  };
}

beforeAll(async () => {
  source = await startTestApp({ webhooks: { enabled: false } });
  // A second Booth with a database of its own.
  other = await openSeparateTestDatabase();
  target = await startTestApp({ database: other, webhooks: { enabled: false } });
  ({ site } = await createSiteWithOwner(source.database.db, {
    name: 'Outdoor Brand',
    origins: [TEST_ORIGIN],
    ownerEmail: 'owner@brand.example',
    ownerName: 'Olive Owner',
    password: OWNER_PASSWORD,
  }));
  await relaxLimits(source.database, site.id);
  // Both off by default: turned on here, so the round trip shows they travel.
  await source.database.db
    .updateTable('sites')
    .set({ answer_badge: true, auto_escalate: true })
    .where('id', '=', site.id)
    .execute();
  await saveSitePolicy(source.database.db, site.id, {
    duplicateWindowMinutes: 0,
    blockedWords: ['casino'],
    rateLimits: {
      posts: { member: 0, ip: 0, site: 0 },
      writes: { member: 0, ip: 0, site: 0 },
      signIns: { ip: 0, site: 0 },
    },
  });

  const guest = await TestClient.connect(source.wsUrl(site));
  await guest.ok({ type: 'guest.join', name: 'Guest Gale' });
  const member = await TestClient.connect(source.wsUrl(site));
  await member.ok({
    type: 'hello',
    sso: await signSso(site, { sub: 'cust-7', name: 'Casey', avatar: 'https://cdn.example/c.png' }),
  });
  const staff = await TestClient.connect(source.wsUrl(site));
  await staff.ok({ type: 'hello', sso: await signSso(site, { sub: 'agent-2', name: 'Sam', role: 'staff' }) });
  const key = TestClient.key;

  const { thread: q } = await guest.ok({
    type: 'thread.create',
    key: key(),
    board: 'tents',
    kind: 'question',
    title: 'Is the tent **storm** proof?',
    body: 'Planning a trip.\n\n- wind\n- rain',
  });
  const { post: a1 } = await member.ok({
    type: 'post.create',
    key: key(),
    threadId: q.id,
    body: 'Mine survived 80 km/h.',
  });
  await guest.ok({ type: 'post.create', key: key(), threadId: q.id, parentId: a1.id, body: 'Good to know, thanks!' });
  const { post: a2 } = await staff.ok({
    type: 'post.create',
    key: key(),
    threadId: q.id,
    body: 'Rated for [force 9](https://brand.example/specs).',
  });
  await staff.ok({ type: 'thread.accept', key: key(), threadId: q.id, postId: a2.id });
  await staff.ok({ type: 'staff.release.record', key: key(), board: 'tents', name: 'Tent v2' });
  await member.ok({ type: 'vote', key: key(), postId: a2.id, value: 1 });
  await guest.ok({ type: 'vote', key: key(), postId: a1.id, value: 1 });
  await staff.ok({ type: 'vote', key: key(), postId: q.rootPostId, value: 1 });
  const { post: oops } = await member.ok({
    type: 'post.create',
    key: key(),
    threadId: q.id,
    body: 'Wrong thread, sorry',
  });
  await member.ok({ type: 'post.delete', key: key(), postId: oops.id });
  await member.ok({ type: 'post.edit', key: key(), postId: a1.id, body: 'Mine survived 80 km/h gusts.' });

  const { thread: d } = await member.ok({
    type: 'thread.create',
    key: key(),
    board: 'stoves',
    kind: 'discussion',
    title: 'Favourite trail meals',
    body: 'Share yours!',
  });
  await guest.ok({ type: 'post.create', key: key(), threadId: d.id, body: 'Lentil curry.' });
  const { thread: gone } = await guest.ok({
    type: 'thread.create',
    key: key(),
    board: 'stoves',
    kind: 'question',
    title: 'Removed by its author',
    body: 'Never mind.',
  });
  await guest.ok({ type: 'post.delete', key: key(), postId: gone.rootPostId });
  await sql`update members set banned_until = now() + interval '3 days', trust_level = 1 where external_id = 'cust-7' and site_id = ${site.id}`.execute(
    source.database.db,
  );
  for (const c of [guest, member, staff]) await c.close();
});

afterAll(async () => {
  await source?.close();
  await target?.close();
  await other?.dispose();
});

describe('export', () => {
  it('is refused without an owner session or an export token of the site', async () => {
    const url = `${source.baseUrl}/api/sites/${site.public_key}/export`;
    expect((await fetch(url)).status).toBe(401);
    const customerToken = await signSso(site, { sub: 'cust-7', name: 'Casey' });
    expect((await fetch(url, { headers: { authorization: `Bearer ${customerToken}` } })).status).toBe(403);
    const wrongSecret = await exportToken(site, 'booth:export', 'not-the-secret');
    expect((await fetch(url, { headers: { authorization: `Bearer ${wrongSecret}` } })).status).toBe(401);
    const unknown = await fetch(`${source.baseUrl}/api/sites/site_nope/export`, {
      headers: { authorization: `Bearer ${await exportToken(site)}` },
    });
    expect(unknown.status).toBe(404);
  });

  it('is given to an owner signed in to the moderation view', async () => {
    const login = await fetch(`${source.baseUrl}/moderate/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'owner@brand.example', password: OWNER_PASSWORD }),
    });
    expect(login.status).toBe(200);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] as string;
    const res = await fetch(`${source.baseUrl}/api/sites/${site.public_key}/export`, { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain(`booth-${site.public_key}.json`);
    const doc = (await res.json()) as SiteExport;
    expect(doc.site.name).toBe('Outdoor Brand');
  });

  it('round-trips through another Booth without loss', async () => {
    const res = await fetch(`${source.baseUrl}/api/sites/${site.public_key}/export`, {
      headers: { authorization: `Bearer ${await exportToken(site)}` },
    });
    expect(res.status).toBe(200);
    const doc = (await res.json()) as SiteExport;
    expect(doc.format).toBe('booth-site-export');
    expect(doc.boards.map((b) => b.slug).sort()).toEqual(['stoves', 'tents']);
    expect(doc.threads).toHaveLength(3);
    expect(doc.posts).toHaveLength(8);
    expect(doc.votes).toHaveLength(3);
    expect(doc.releases).toEqual([{ board: expect.any(String), name: 'Tent v2', releasedAt: expect.any(String) }]);
    expect(doc.threads.filter((t) => t.answerStale).map((t) => t.title)).toEqual(['Is the tent **storm** proof?']);
    expect(doc.members.map((m) => m.name).sort()).toEqual(['Casey', 'Guest Gale', 'Olive Owner', 'Sam']);
    expect(JSON.stringify(doc)).not.toContain('password');
    expect(doc.site).toMatchObject({ answerBadge: true, autoEscalate: true });

    const summary = await importSite(target.database.db, doc, imageDepsOf(target));
    expect(summary).toMatchObject({ siteKey: site.public_key, created: true, threads: 3, posts: 8, votes: 3 });
    const again = await exportSite(target.database.db, site.public_key, new Date(), imageDepsOf(target));
    expect(normalized(again)).toEqual(normalized(doc));

    // Rendered HTML and the live protocol see the same threads on the new Booth.
    const imported = (await target.app.db
      .selectFrom('sites')
      .selectAll()
      .where('public_key', '=', site.public_key)
      .executeTakeFirstOrThrow()) as SiteRow;
    expect(imported.sso_secret).not.toBe(site.sso_secret);
    const reader = await TestClient.connect(target.wsUrl(imported));
    const snap = await reader.ok({ type: 'subscribe', board: 'tents' });
    if (snap.mode !== 'snapshot') throw new Error('expected a snapshot');
    const question = snap.threads[0];
    expect(question).toMatchObject({
      title: 'Is the tent **storm** proof?',
      status: 'answered',
      replyCount: 3,
      score: 1,
    });
    const opened = await reader.ok({ type: 'thread.open', threadId: question?.id as string });
    const originalReader = await TestClient.connect(source.wsUrl(site));
    const originalThreadId = doc.threads.find((t) => t.title === 'Is the tent **storm** proof?')?.id as string;
    const original = await originalReader.ok({ type: 'thread.open', threadId: originalThreadId });
    expect(opened.posts.map((p) => [p.html, p.author.name, p.score, p.parentId !== null])).toEqual(
      original.posts.map((p) => [p.html, p.author.name, p.score, p.parentId !== null]),
    );
    expect(opened.thread.acceptedPostId).toBe(opened.posts.find((p) => p.html.includes('force 9'))?.id);
    expect(opened.thread.answerStale).toBe(true);
    await reader.close();
    await originalReader.close();

    // The same key cannot be imported twice as a new site.
    await expect(importSite(target.database.db, doc, imageDepsOf(target))).rejects.toThrow(/exists already/);
  });

  it('merges into an existing site: same people, same boards', async () => {
    const doc = await exportSite(source.database.db, site.public_key, new Date(), imageDepsOf(source));
    const merged = await importSite(target.database.db, doc, imageDepsOf(target), { into: site.public_key });
    expect(merged).toMatchObject({ created: false, members: 1, boards: 0, threads: 3 });
    // Members with an external id or email (Casey, Sam, the owner) were matched; the guest is new.
    const { rows } = await sql<{
      n: string;
    }>`select count(*) as n from members m join sites s on s.id = m.site_id where s.public_key = ${site.public_key} and m.external_id = 'cust-7'`.execute(
      target.database.db,
    );
    expect(Number(rows[0]?.n)).toBe(1);
  });

  it('refuses a malformed document and writes nothing', async () => {
    const doc = await exportSite(source.database.db, site.public_key, new Date(), imageDepsOf(source));
    await expect(
      importSite(target.database.db, { ...doc, version: 3 }, imageDepsOf(target), { key: 'site_bad_1' }),
    ).rejects.toThrow(/version/);
    const broken = { ...doc, posts: doc.posts.map((p, i) => (i === 3 ? { ...p, thread: '999999' } : p)) };
    await expect(importSite(target.database.db, broken, imageDepsOf(target), { key: 'site_bad_2' })).rejects.toThrow(
      /thread 999999/,
    );
    const left = await target.app.db
      .selectFrom('sites')
      .select('id')
      .where('public_key', 'in', ['site_bad_1', 'site_bad_2'])
      .execute();
    expect(left).toEqual([]);
  });
});

const DISQUS = `<?xml version="1.0" encoding="utf-8"?>
<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <category dsq:id="1"><forum>brand</forum><title>General</title><isDefault>true</isDefault></category>
  <thread dsq:id="100">
    <id>page-1</id><forum>brand</forum><category dsq:id="1"/>
    <link>https://brand.example/blog/winter-camping</link>
    <title>Winter camping tips &amp; tricks</title>
    <message><![CDATA[]]></message>
    <createdAt>2019-01-05T10:00:00Z</createdAt>
    <author><name>Blog</name><isAnonymous>false</isAnonymous><username>brandblog</username></author>
    <isClosed>false</isClosed><isDeleted>false</isDeleted>
  </thread>
  <thread dsq:id="200">
    <id>page-2</id><forum>brand</forum><category dsq:id="1"/>
    <link>https://brand.example/blog/empty</link><title>No comments here</title>
    <createdAt>2019-02-01T10:00:00Z</createdAt><isClosed>false</isClosed><isDeleted>false</isDeleted>
  </thread>
  <post dsq:id="1001">
    <message><![CDATA[<p>Bring a <b>foam</b> pad &amp; a <a href="https://shop.example/pad" rel="nofollow">good one</a>.</p><p>Second para<br>line two</p>]]></message>
    <createdAt>2019-01-05T12:00:00Z</createdAt><isDeleted>false</isDeleted><isSpam>false</isSpam>
    <author><email>ann@example.com</email><name>Ann</name><isAnonymous>false</isAnonymous><username>ann_k</username></author>
    <thread dsq:id="100"/>
  </post>
  <post dsq:id="1002">
    <message><![CDATA[<p>Agreed! <script>alert(1)</script><a href="javascript:alert(2)">x</a></p>]]></message>
    <createdAt>2019-01-05T13:00:00Z</createdAt><isDeleted>false</isDeleted><isSpam>false</isSpam>
    <author><name>Anonymous Hiker</name><isAnonymous>true</isAnonymous></author>
    <thread dsq:id="100"/><parent dsq:id="1001"/>
  </post>
  <post dsq:id="1003">
    <message><![CDATA[<p>Reply to the reply</p>]]></message>
    <createdAt>2019-01-05T14:00:00Z</createdAt><isDeleted>false</isDeleted><isSpam>false</isSpam>
    <author><name>Ann</name><isAnonymous>false</isAnonymous><username>ann_k</username></author>
    <thread dsq:id="100"/><parent dsq:id="1002"/>
  </post>
  <post dsq:id="1004">
    <message><![CDATA[<p>Buy followers cheap</p>]]></message>
    <createdAt>2019-01-05T15:00:00Z</createdAt><isDeleted>false</isDeleted><isSpam>true</isSpam>
    <author><name>Spammer</name><isAnonymous>true</isAnonymous></author><thread dsq:id="100"/>
  </post>
  <post dsq:id="1005">
    <message><![CDATA[<p>deleted</p>]]></message>
    <createdAt>2019-01-05T16:00:00Z</createdAt><isDeleted>true</isDeleted><isSpam>false</isSpam>
    <author><name>Ann</name><username>ann_k</username></author><thread dsq:id="100"/>
  </post>
</disqus>`;

describe('Disqus import', () => {
  it('turns each commented Disqus thread into a discussion with its live comments', async () => {
    const summary = await importDisqus(source.database.db, site.public_key, 'blog', DISQUS);
    expect(summary).toEqual({ threads: 1, posts: 3, members: 2, skipped: 0 });
    const reader = await TestClient.connect(source.wsUrl(site));
    const snap = await reader.ok({ type: 'subscribe', board: 'blog' });
    if (snap.mode !== 'snapshot') throw new Error('expected a snapshot');
    expect(snap.threads).toHaveLength(1);
    const thread = snap.threads[0];
    expect(thread).toMatchObject({ kind: 'discussion', title: 'Winter camping tips & tricks', replyCount: 3 });
    expect(thread?.createdAt).toBe('2019-01-05T10:00:00.000Z');
    const { posts } = await reader.ok({ type: 'thread.open', threadId: thread?.id as string });
    const [root, first, second, third] = posts;
    expect(root?.source).toBe('Comments from https://brand.example/blog/winter-camping');
    expect(first?.source).toBe(
      'Bring a **foam** pad & a [good one](https://shop.example/pad).\n\nSecond para\nline two',
    );
    expect(first?.html).toContain('<a href="https://shop.example/pad" rel="nofollow ugc noopener">good one</a>');
    expect(first?.author.name).toBe('Ann');
    expect(second?.author).toMatchObject({ name: 'Anonymous Hiker', guest: true });
    expect(second?.html).not.toMatch(/<script|javascript:/);
    expect(second?.parentId).toBe(first?.id);
    // A reply to a reply joins its top-level comment.
    expect(third?.parentId).toBe(first?.id);
    expect(third?.author.id).toBe(first?.author.id);
    await reader.close();
  });

  it('skips discussions imported before when the same export is imported again', async () => {
    const board = 'blog-again';
    expect(await importDisqus(source.database.db, site.public_key, board, DISQUS)).toMatchObject({ threads: 1 });
    const again = await importDisqus(source.database.db, site.public_key, board, DISQUS);
    expect(again).toEqual({ threads: 0, posts: 0, members: 0, skipped: 1 });
    const reader = await TestClient.connect(source.wsUrl(site));
    const snap = await reader.ok({ type: 'subscribe', board });
    expect(snap.mode === 'snapshot' && snap.threads.map((t) => t.title)).toEqual(['Winter camping tips & tricks']);
    // Another board of the site is another place: the same export goes there too.
    expect(await importDisqus(source.database.db, site.public_key, 'blog-elsewhere', DISQUS)).toMatchObject({
      threads: 1,
      skipped: 0,
    });
    await reader.close();
  });

  it('refuses what is not a Disqus export', async () => {
    await expect(importDisqus(source.database.db, site.public_key, 'blog', '<rss></rss>')).rejects.toThrow(/disqus/i);
    await expect(importDisqus(source.database.db, 'site_nope', 'blog', DISQUS)).rejects.toThrow(/site/);
  });
});
