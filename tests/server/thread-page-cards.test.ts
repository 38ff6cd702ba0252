/**
 * Server-rendered thread pages carry Open Graph and Twitter card tags (so a shared answered
 * question previews with the brand's answer) and speak the site's language.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteRow } from '../../server/src/db/database.js';
import { setPageUrlTemplate } from '../../server/src/domain/brand-pages.js';
import { threadPageUrl } from '../../server/src/domain/thread-links.js';
import { answer, ask } from '../helpers/actors.js';
import { tagsOf } from '../helpers/html-inspect.js';
import { relaxLimits } from '../helpers/relaxed-site.js';
import { createTestSite, signSso, startTestApp, type TestApp } from '../helpers/test-app.js';
import { TestClient } from '../helpers/ws-client.js';

const PUBLIC = 'https://booth.example';
let t: TestApp;

interface Board {
  site: SiteRow;
  asker: TestClient;
  staff: TestClient;
}
const boards: Board[] = [];

async function openBoard(site: SiteRow): Promise<Board> {
  await relaxLimits(t.database, site.id);
  const asker = await TestClient.connect(t.wsUrl(site));
  await asker.ok({ type: 'guest.join', name: 'Robin' });
  const staff = await TestClient.connect(t.wsUrl(site));
  await staff.ok({ type: 'hello', sso: await signSso(site, { sub: 's1', name: 'Sam', role: 'staff' }) });
  const board = { site, asker, staff };
  boards.push(board);
  return board;
}

/** The page of a thread at its address. */
async function threadPage(site: SiteRow, thread: { id: string; title: string }): Promise<string> {
  const res = await fetch(threadPageUrl(t.baseUrl, site.public_key, thread.id, thread.title));
  expect(res.status).toBe(200);
  return res.text();
}

/** The card tags of a page: `og:*` by property, `twitter:*` by name, values as a browser reads them. */
function cardTags(html: string): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const tag of tagsOf(html)) {
    if (tag.name !== 'meta') continue;
    const key = tag.attributes.property ?? tag.attributes.name ?? '';
    if (/^(og|twitter):/.test(key)) tags[key] = tag.attributes.content ?? '';
  }
  return tags;
}

beforeAll(async () => {
  t = await startTestApp({ webhooks: { enabled: false }, env: { PUBLIC_URL: PUBLIC } });
});

afterAll(async () => {
  for (const board of boards) {
    await board.asker.close();
    await board.staff.close();
  }
  await t?.close();
});

describe('social cards on thread pages', () => {
  it('describe an answered question with its accepted answer over the staff answer, and escape hostile text', async () => {
    const { site, asker, staff } = await openBoard(await createTestSite(t.database, { name: 'Trail & "Peak" <Co>' }));
    const title = 'Does it leak? "><script>alert(1)</script><meta property="og:title" content="x';
    const { thread } = await ask(asker, 'boots', { title, body: 'My soles wear out after a month.' });
    await answer(staff, thread.id, 'Staff here: send us a photo of the **sole**.');
    const { post: accepted } = await answer(asker, thread.id, 'Resoling fixed it & they are "like new" now.');
    await asker.ok({ type: 'thread.accept', key: TestClient.key(), threadId: thread.id, postId: accepted.id });

    const html = await threadPage(site, thread);
    const tags = cardTags(html);
    expect(tags).toEqual({
      'og:type': 'article',
      'og:title': title,
      'og:description': 'Resoling fixed it & they are "like new" now.',
      'og:site_name': 'Trail & "Peak" <Co>',
      'og:url': `${PUBLIC}/t/${site.public_key}/${thread.id}/does-it-leak-script-alert-1-script-meta-property-og-title-content-x`,
      'twitter:card': 'summary',
      'twitter:title': title,
      'twitter:description': 'Resoling fixed it & they are "like new" now.',
    });
    // The hostile title stays text: one og:title, and no script outside the JSON-LD.
    expect(html.match(/property="og:title"/g)).toHaveLength(1);
    expect(html.replace(/<script type="application\/ld\+json">[\s\S]*?<\/script>/, '')).not.toContain('<script');
  });

  it('fall back to the staff answer, then the question, trimmed on a word boundary; link the brand page', async () => {
    const { site, asker, staff } = await openBoard(await createTestSite(t.database));
    const long = `${'The waxed canvas keeps rain out '.repeat(10)}for years.`;
    const { thread } = await ask(asker, 'jackets', { title: 'Is the jacket waterproof?', body: long });
    expect(cardTags(await threadPage(site, thread))['og:description']).toMatch(/^The waxed canvas keeps rain out/);
    const description = cardTags(await threadPage(site, thread))['og:description'] as string;
    expect(Array.from(description).length).toBeLessThanOrEqual(200);
    expect(description).toMatch(/ (The|waxed|canvas|keeps|rain|out)…$/);

    await answer(asker, thread.id, 'Mine is fine.');
    await answer(staff, thread.id, 'Yes, rated to 20,000 mm.');
    await setPageUrlTemplate(t.database.db, site.id, 'https://brand.example/p/{board}?booth-thread={thread}');
    const tags = cardTags(await threadPage(site, thread));
    expect(tags['og:description']).toBe('Yes, rated to 20,000 mm.');
    expect(tags['og:url']).toBe(`https://brand.example/p/jackets?booth-thread=${thread.id}`);
  });
});

describe('thread pages in the site language', () => {
  it('render a German site in German, with lang, dates and plural from the catalog', async () => {
    const { site, asker, staff } = await openBoard(await createTestSite(t.database, { language: 'de' }));
    const { thread } = await ask(asker, 'schuhe', { title: 'Passt der Schuh?', body: 'Ich trage Größe 42.' });
    const { post } = await answer(staff, thread.id, 'Ja, er fällt normal aus.');
    await asker.ok({ type: 'thread.accept', key: TestClient.key(), threadId: thread.id, postId: post.id });
    await setPageUrlTemplate(t.database.db, site.id, 'https://marke.example/p/{board}?booth-thread={thread}');

    const html = await threadPage(site, thread);
    expect(html).toContain('<html lang="de" dir="ltr">');
    expect(html).toContain('<h2>1 Antwort</h2>');
    expect(html).toContain('<strong>Akzeptierte Antwort</strong>');
    expect(html).toContain('<span class="role">Team</span>');
    expect(html).toContain('Ohne Konto folgen:');
    expect(html).toContain('Diskutieren Sie mit auf Test Brand');
    const day = new Intl.DateTimeFormat('de', { dateStyle: 'medium', timeZone: 'UTC' }).format(
      new Date(post.createdAt),
    );
    expect(html).toContain(`>${day}</time>`);
    expect(html).not.toMatch(/Accepted answer|Follow without an account|\b1 answer\b/);
  });

  it('render an Arabic site right to left', async () => {
    const { site, asker } = await openBoard(await createTestSite(t.database, { language: 'ar' }));
    const { thread } = await ask(asker, 'boots', { title: 'هل الحذاء مقاوم للماء؟', body: 'أمشي تحت المطر كثيرًا.' });
    const html = await threadPage(site, thread);
    expect(html).toContain('<html lang="ar" dir="rtl">');
    expect(html).toContain('<h2>لا توجد إجابات</h2>');
  });
});
