import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteRow } from '../../server/src/db/database.js';
import { setPageUrlTemplate } from '../../server/src/domain/brand-pages.js';
import { relaxLimits } from '../helpers/relaxed-site.js';
import { createTestSite, signSso, startTestApp, type TestApp } from '../helpers/test-app.js';
import { TestClient } from '../helpers/ws-client.js';

let t: TestApp;
let site: SiteRow;
let asker: TestClient;
let staff: TestClient;
const PUBLIC = 'https://booth.example';

async function ask(title: string, body: string, kind: 'question' | 'discussion' = 'question') {
  return (await asker.ok({ type: 'thread.create', key: TestClient.key(), board: 'jackets', kind, title, body })).thread;
}

async function page(path: string) {
  const res = await fetch(`${t.baseUrl}${path}`, { redirect: 'manual' });
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    location: res.headers.get('location'),
    body: await res.text(),
  };
}

// biome-ignore lint/suspicious/noExplicitAny: JSON-LD fields are read one by one in assertions
function jsonLd(html: string): Record<string, any> {
  const m = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html);
  if (!m) throw new Error('no JSON-LD');
  return JSON.parse(m[1] as string);
}

beforeAll(async () => {
  t = await startTestApp({ webhooks: { enabled: false }, env: { PUBLIC_URL: PUBLIC } });
  site = await createTestSite(t.database);
  await relaxLimits(t.database, site.id);
  asker = await TestClient.connect(t.wsUrl(site));
  await asker.ok({ type: 'guest.join', name: 'Robin' });
  staff = await TestClient.connect(t.wsUrl(site));
  await staff.ok({ type: 'hello', sso: await signSso(site, { sub: 's1', name: 'Sam', role: 'staff' }) });
});

afterAll(async () => {
  await asker?.close();
  await staff?.close();
  await t?.close();
});

describe('thread pages', () => {
  it('serve a question as sanitized HTML with QAPage JSON-LD at a stable address', async () => {
    const thread = await ask(
      'Is the <b>rain</b> jacket waterproof?',
      'I walk in **heavy rain**. <script>alert(1)</script> [click](javascript:alert(2))',
    );
    const { post: other } = await asker.ok({
      type: 'post.create',
      key: TestClient.key(),
      threadId: thread.id,
      body: 'Mine leaked a bit.',
    });
    const { post: answer } = await staff.ok({
      type: 'post.create',
      key: TestClient.key(),
      threadId: thread.id,
      body: 'Yes: 20,000 mm rated.',
    });
    await staff.ok({ type: 'thread.accept', key: TestClient.key(), threadId: thread.id, postId: answer.id });

    const res = await page(`/t/${site.public_key}/${thread.id}/is-the-b-rain-b-jacket-waterproof`);
    expect(res.status).toBe(200);
    expect(res.type).toContain('text/html');
    expect(res.body).toContain('<h1>Is the &#60;b&#62;rain&#60;/b&#62; jacket waterproof?</h1>');
    expect(res.body).toContain('<strong>heavy rain</strong>');
    expect(res.body).not.toContain('<script>alert');
    const markup = res.body.replace(/<script type="application\/ld\+json">[\s\S]*?<\/script>/, '');
    expect(markup).not.toMatch(/href="javascript:/);
    expect(markup).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const selfUrl = `${PUBLIC}/t/${site.public_key}/${thread.id}/is-the-b-rain-b-jacket-waterproof`;
    expect(res.body).toContain(`<link rel="canonical" href="${selfUrl}">`);
    // The accepted answer comes first among the answers.
    expect(res.body.indexOf('20,000 mm')).toBeLessThan(res.body.indexOf('Mine leaked'));

    const data = jsonLd(res.body);
    expect(data['@type']).toBe('QAPage');
    expect(data.mainEntity).toMatchObject({
      '@type': 'Question',
      name: 'Is the <b>rain</b> jacket waterproof?',
      answerCount: 2,
      acceptedAnswer: { '@type': 'Answer', text: 'Yes: 20,000 mm rated.', author: { name: 'Sam' } },
    });
    expect(data.mainEntity.suggestedAnswer).toHaveLength(1);
    expect(data.mainEntity.suggestedAnswer[0].url).toBe(`${selfUrl}#post-${other.id}`);
    expect(data.mainEntity.text).toContain('heavy rain');
  });

  it('redirect a wrong or missing slug to the right one', async () => {
    const thread = await ask('Sizing of the parka', 'Does it run large?');
    for (const path of [`/t/${site.public_key}/${thread.id}`, `/t/${site.public_key}/${thread.id}/old-title`]) {
      const res = await page(path);
      expect(res.status).toBe(301);
      expect(res.location).toBe(`${PUBLIC}/t/${site.public_key}/${thread.id}/sizing-of-the-parka`);
    }
  });

  it('link canonically to the brand page once the site names it', async () => {
    const thread = await ask('Care instructions', 'How do I wash it?');
    await setPageUrlTemplate(t.database.db, site.id, 'https://brand.example/products/{board}?thread={thread}');
    const res = await page(`/t/${site.public_key}/${thread.id}/care-instructions`);
    const brand = `https://brand.example/products/jackets?thread=${thread.id}`;
    expect(res.body).toContain(`<link rel="canonical" href="${brand.replace('&', '&#38;')}">`);
    expect(jsonLd(res.body).mainEntity.url).toBe(brand);
    await setPageUrlTemplate(t.database.db, site.id, null);
    await expect(setPageUrlTemplate(t.database.db, site.id, 'javascript:alert(1)//{thread}')).rejects.toThrow(
      /page URL/,
    );
  });

  it('serve a discussion as DiscussionForumPosting, with JSON-LD that no title can break out of', async () => {
    const thread = await ask(
      'Trail stories </script><script>alert(1)</script>',
      'Where did you take yours?',
      'discussion',
    );
    await staff.ok({ type: 'post.create', key: TestClient.key(), threadId: thread.id, body: 'Iceland!' });
    const res = await page(`/t/${site.public_key}/${thread.id}/trail-stories-script-script-alert-1-script`);
    expect(res.status).toBe(200);
    expect(res.body.match(/<script/g)).toHaveLength(1);
    const data = jsonLd(res.body);
    expect(data['@type']).toBe('DiscussionForumPosting');
    expect(data.headline).toBe('Trail stories </script><script>alert(1)</script>');
    expect(data.comment[0]).toMatchObject({ '@type': 'Comment', text: 'Iceland!' });
  });

  it('hide hidden threads and unknown sites', async () => {
    const thread = await ask('Soon hidden', 'Bye.');
    await sql`update threads set hidden = true where id = ${thread.id}`.execute(t.database.db);
    expect((await page(`/t/${site.public_key}/${thread.id}/soon-hidden`)).status).toBe(404);
    expect((await page(`/t/site_unknown/${thread.id}/x`)).status).toBe(404);
    expect((await page(`/t/${site.public_key}/abc/x`)).status).toBe(404);
    const other = await createTestSite(t.database);
    const visible = await ask('Belongs to the first site', 'Yes.');
    expect((await page(`/t/${other.public_key}/${visible.id}/belongs-to-the-first-site`)).status).toBe(404);
  });

  it('list visible threads in a sitemap', async () => {
    const res = await page(`/t/${site.public_key}/sitemap.xml`);
    expect(res.status).toBe(200);
    expect(res.type).toContain('application/xml');
    expect(res.body).toContain(`<loc>${PUBLIC}/t/${site.public_key}/`);
    expect(res.body).toContain('/care-instructions</loc>');
    expect(res.body).not.toContain('soon-hidden');
  });
});
