import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteRow } from '../../server/src/db/database.js';
import { exportSite } from '../../server/src/domain/export/site-export.js';
import { tagsOf } from '../helpers/html-inspect.js';
import { relaxLimits } from '../helpers/relaxed-site.js';
import { connectModerator, staffLogin } from '../helpers/staff-session.js';
import { createTestSite, imageDepsOf, signSso, startTestApp, type TestApp } from '../helpers/test-app.js';
import { TestClient } from '../helpers/ws-client.js';

let t: TestApp;
const PUBLIC = 'https://booth.example';
/** Late on New Year's Eve in UTC: a page that used a zone other than UTC would show another day. */
const NOW = new Date('2031-12-31T23:30:00Z');

beforeAll(async () => {
  t = await startTestApp({ webhooks: { enabled: false }, env: { PUBLIC_URL: PUBLIC }, live: { now: () => NOW } });
});
afterAll(async () => t?.close());

/** A site with an asker (guest) and a staff member (SSO) connected to its widget. */
async function siteWithPeople(options: { name?: string; language?: 'de' | 'ar' } = {}) {
  const site = await createTestSite(t.database, options);
  await relaxLimits(t.database, site.id);
  const asker = await TestClient.connect(t.wsUrl(site));
  await asker.ok({ type: 'guest.join', name: 'Robin' });
  const staff = await TestClient.connect(t.wsUrl(site));
  await staff.ok({ type: 'hello', sso: await signSso(site, { sub: 's1', name: 'Sam', role: 'staff' }, { now: NOW }) });
  return { site, asker, staff };
}

async function ask(asker: TestClient, title: string, body: string) {
  return (
    await asker.ok({ type: 'thread.create', key: TestClient.key(), board: 'boots', kind: 'question', title, body })
  ).thread;
}

async function reply(client: TestClient, threadId: string, body: string) {
  return (await client.ok({ type: 'post.create', key: TestClient.key(), threadId, body })).post;
}

/** The thread page as a social network's crawler reads it: its body, and its meta tags by name. */
async function threadPage(site: SiteRow, threadId: string) {
  const first = await fetch(`${t.baseUrl}/t/${site.public_key}/${threadId}`, { redirect: 'manual' });
  const location = first.headers.get('location');
  if (!location) throw new Error(`no redirect to the page's address (${first.status})`);
  const res = await fetch(`${t.baseUrl}${new URL(location).pathname}`);
  expect(res.status).toBe(200);
  const body = await res.text();
  const head = body.slice(0, body.indexOf('</head>'));
  const meta = new Map<string, string>();
  for (const tag of tagsOf(head).filter((tag) => tag.name === 'meta')) {
    const key = tag.attributes.property ?? tag.attributes.name;
    if (key && tag.attributes.content !== undefined) meta.set(key, tag.attributes.content);
  }
  return { body, head, meta, url: location };
}

describe("a site's share picture", () => {
  it("show the site's picture once an owner sets one (https only), and carry it in the export", async () => {
    const { site, asker } = await siteWithPeople();
    const moderator = await connectModerator(t, site, await staffLogin(t, site, 'owner'));
    for (const bad of ['http://brand.example/card.png', 'javascript:alert(1)//https://x', 'not a url']) {
      const refused = await moderator.request({
        type: 'staff.settings.update',
        key: TestClient.key(),
        shareImageUrl: bad,
      });
      expect(refused.ok ? null : refused.error.code).toBe('invalid_message');
    }
    const image = 'https://brand.example/card.png?size=large&v=2';
    const saved = await moderator.ok({ type: 'staff.settings.update', key: TestClient.key(), shareImageUrl: image });
    expect(saved.shareImageUrl).toBe(image);

    const thread = await ask(asker, 'Sizes?', 'Do they run small?');
    const { meta } = await threadPage(site, thread.id);
    expect(meta.get('og:image')).toBe(image);
    expect(meta.get('twitter:image')).toBe(image);
    expect(meta.get('twitter:card')).toBe('summary_large_image');
    expect((await exportSite(t.database.db, site.public_key, NOW, imageDepsOf(t))).site.shareImageUrl).toBe(image);

    const cleared = await moderator.ok({ type: 'staff.settings.update', key: TestClient.key(), shareImageUrl: null });
    expect(cleared.shareImageUrl).toBeNull();
  });
});

describe("feeds in the site's language", () => {
  it('title entries in German on a German site', async () => {
    const { site, asker, staff } = await siteWithPeople({ language: 'de' });
    const thread = await ask(asker, 'Passen die Stiefel?', 'Ich habe breite Füße.');
    const answer = await reply(staff, thread.id, 'Ja, die Weite ist G.');
    await asker.ok({ type: 'thread.accept', key: TestClient.key(), threadId: thread.id, postId: answer.id });
    await reply(asker, thread.id, 'Danke!');
    const res = await fetch(`${t.baseUrl}/feeds/${site.public_key}/thread/${thread.id}`);
    expect(res.status).toBe(200);
    const titles = [
      ...(await res.text()).matchAll(/<title type="html">(?:<!\[CDATA\[)?([\s\S]*?)(?:\]\]>)?<\/title>/g),
    ].map((m) => m[1]);
    expect(titles).toEqual(
      expect.arrayContaining([
        'Frage: Passen die Stiefel?',
        'Sam (Team) hat die akzeptierte Antwort auf Passen die Stiefel? gegeben',
        'Robin hat auf Passen die Stiefel? geantwortet',
      ]),
    );
  });
});
