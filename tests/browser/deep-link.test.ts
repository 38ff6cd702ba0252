/**
 * Deep links on a brand page: opening a thread puts `booth-thread` in the page's address as a new
 * history entry (Back returns to the list, Forward reopens it), a page loaded with the link opens
 * the thread at the linked post, the query style works where the site asks for it, and the Share
 * button copies the link (or hands it to the Web Share API where the browser has one).
 */
import { LIMITS } from '@booth/shared';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteRow } from '../../server/src/db/database.js';
import { DEMO_BOARD } from '../../server/src/demo/demo-site.js';
import { closeDemoInBrowser, startDemoInBrowser } from '../helpers/demo-browser.js';
import { relaxLimits } from '../helpers/relaxed-site.js';
import { signSso, type TestApp } from '../helpers/test-app.js';
import { TestClient } from '../helpers/ws-client.js';

let t: TestApp;
let site: SiteRow;
let browser: Browser;
const TITLE = 'Which insoles fit the Trail Runner 2 best?';
/** The long thread and a reply far down in it. */
const long = { threadId: '', deepPostId: '', deepText: 'Reply number 34 of the insole thread.' };

beforeAll(async () => {
  ({ t, site, browser } = await startDemoInBrowser({ webhooks: { enabled: false } }));
  await relaxLimits(t.database, site.id);
  const staff = await TestClient.connect(t.wsUrl(site), new URL(t.baseUrl).origin);
  await staff.ok({ type: 'hello', sso: await signSso(site, { sub: 'deep-link-staff', name: 'Sam', role: 'staff' }) });
  const { thread } = await staff.ok({
    type: 'thread.create',
    key: TestClient.key(),
    board: DEMO_BOARD,
    kind: 'question',
    title: TITLE,
    body: 'Looking for something with more arch support.',
  });
  long.threadId = thread.id;
  // Enough replies that the one linked sits far below the first screen, on the thread's second page.
  for (let n = 1; n <= 40; n += 1) {
    const body = n === 34 ? long.deepText : `Reply number ${n}: a thought on insoles, with a few words to fill a line.`;
    const { post } = await staff.ok({ type: 'post.create', key: TestClient.key(), threadId: thread.id, body });
    if (n === 34) long.deepPostId = post.id;
  }
  await staff.close();
}, 120_000);
afterAll(() => closeDemoInBrowser({ t, browser }));

async function newContext(): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 1200, height: 800 } });
}

async function newPage(context?: BrowserContext): Promise<Page> {
  const page = await (context ?? (await newContext())).newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
  return page;
}

const board = (page: Page) => page.locator('booth-board');
const threadHeading = (page: Page) => board(page).locator('#thread-title');
const listButton = (page: Page) => board(page).getByRole('button', { name: TITLE });

/** The post's place in the window, and whether it has focus inside the board. */
function linkedPost(page: Page, postId: string) {
  return page.evaluate((id) => {
    const root = document.querySelector('booth-board')?.shadowRoot;
    const post = root?.getElementById(`post-${id}`);
    if (!post) return null;
    const box = post.getBoundingClientRect();
    return {
      inView: box.top >= 0 && box.top < window.innerHeight,
      scrolled: window.scrollY,
      focused: root?.activeElement === post,
      marked: post.hasAttribute('data-linked'),
    };
  }, postId);
}

describe('deep links in the page address', () => {
  it('opens a thread as a new history entry; Back returns to the list and Forward reopens it', async () => {
    const page = await newPage();
    await page.goto(`${t.baseUrl}/`);
    await listButton(page).first().click();
    await threadHeading(page).waitFor();
    expect(new URL(page.url()).hash).toBe(`#booth-thread=${long.threadId}`);
    const entries = await page.evaluate(() => history.length);

    await page.goBack();
    await listButton(page).first().waitFor();
    expect(await threadHeading(page).count()).toBe(0);
    expect(page.url()).toBe(`${t.baseUrl}/`);

    await page.goForward();
    await threadHeading(page).waitFor();
    expect(page.url()).toContain(`#booth-thread=${long.threadId}`);

    // The board's own Back goes back in history: no new entry, and Forward still reopens the thread.
    await board(page).locator('[part~="back-button"]').click();
    await listButton(page).first().waitFor();
    await expect.poll(() => page.url()).toBe(`${t.baseUrl}/`);
    expect(await page.evaluate(() => history.length)).toBe(entries);
    await page.goForward();
    await threadHeading(page).waitFor();
  });

  it('opens the linked thread after a reload, scrolled to the linked post deep in it', async () => {
    const page = await newPage();
    await page.goto(`${t.baseUrl}/`);
    await listButton(page).first().waitFor();
    await page.goto(`${t.baseUrl}/#booth-thread=${long.threadId}&booth-post=${long.deepPostId}`);
    await page.reload();
    await threadHeading(page).waitFor();
    await board(page).getByText(long.deepText).waitFor();
    await expect
      .poll(() => linkedPost(page, long.deepPostId))
      .toMatchObject({ inView: true, focused: true, marked: true });
    expect((await linkedPost(page, long.deepPostId))?.scrolled).toBeGreaterThan(0);

    // Back to the list from a link the visitor arrived with: the address drops the thread in place.
    const entries = await page.evaluate(() => history.length);
    await board(page).locator('[part~="back-button"]').click();
    await listButton(page).first().waitFor();
    await expect.poll(() => page.url()).toBe(`${t.baseUrl}/`);
    expect(await page.evaluate(() => history.length)).toBe(entries);
  });

  it('writes the query instead when the script tag asks, keeping the page’s own parameters and fragment', async () => {
    // A page the test serves itself has no local address: Chromium's local network checks would
    // keep its board from reaching the server on 127.0.0.1, which a real brand page does not meet.
    const local = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-features=LocalNetworkAccessChecks'],
    });
    try {
      const page = await newPage(await local.newContext({ viewport: { width: 1200, height: 800 } }));
      const path = '/query-style.html';
      await page.route(`${t.baseUrl}${path}*`, (route) =>
        route.fulfill({
          contentType: 'text/html',
          body: `<!doctype html><html lang="en"><body><h1 id="top">Trail Runner 2</h1>
            <script src="/embed.js" data-site="${site.public_key}" data-board="${DEMO_BOARD}" data-deep-link="query" async></script>
            </body></html>`,
        }),
      );
      await page.goto(`${t.baseUrl}${path}?colour=red#top`);
      await listButton(page).first().click();
      await threadHeading(page).waitFor();
      expect(page.url()).toBe(`${t.baseUrl}${path}?colour=red&booth-thread=${long.threadId}#top`);

      await page.goBack();
      await listButton(page).first().waitFor();
      expect(page.url()).toBe(`${t.baseUrl}${path}?colour=red#top`);

      // A link in the query (or in the fragment, as emails send) opens the thread on load.
      await page.goto(`${t.baseUrl}${path}?colour=red&booth-thread=${long.threadId}&booth-post=${long.deepPostId}`);
      await threadHeading(page).waitFor();
      await expect.poll(() => linkedPost(page, long.deepPostId)).toMatchObject({ inView: true, focused: true });
    } finally {
      await local.close();
    }
  });
});

describe('a long thread', () => {
  const posts = (page: Page) => board(page).locator('[id^="post-"]');

  it('opens with its first page and loads the rest as the reader scrolls to the end', async () => {
    const page = await newPage();
    await page.goto(`${t.baseUrl}/`);
    await listButton(page).first().click();
    await threadHeading(page).waitFor();
    const more = board(page).getByRole('button', { name: 'Load more replies' });
    await more.waitFor();
    expect(await posts(page).count()).toBe(LIMITS.threadPageSize);
    expect(await board(page).getByText('Reply number 40:').count()).toBe(0);

    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await board(page).getByText('Reply number 40:').waitFor();
    await more.waitFor({ state: 'detached' });
    const ids = await posts(page).evaluateAll((items) => items.map((item) => item.id));
    expect([ids.length, new Set(ids).size]).toEqual([41, 41]);
  });
});

describe('the Share button', () => {
  it('copies the thread’s link where the browser cannot share, and says so', async () => {
    const context = await newContext();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: t.baseUrl });
    // Headless Chromium may or may not offer Web Share: take it away to test the fallback.
    await context.addInitScript(() => {
      delete (Navigator.prototype as { share?: unknown }).share;
    });
    const page = await newPage(context);
    await page.goto(`${t.baseUrl}/?colour=red`);
    await listButton(page).first().click();
    await threadHeading(page).waitFor();
    await board(page).getByRole('button', { name: 'Share' }).click();
    await board(page).getByRole('status').filter({ hasText: 'Link copied' }).waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(`${t.baseUrl}/?colour=red#booth-thread=${long.threadId}`);
  });

  it('hands the title and the link to the Web Share API where the browser has it', async () => {
    const context = await newContext();
    await context.addInitScript(() => {
      const shared: ShareData[] = [];
      Object.assign(window, { shared });
      Object.defineProperty(Navigator.prototype, 'share', {
        configurable: true,
        value: async (data: ShareData) => {
          shared.push(data);
        },
      });
    });
    const page = await newPage(context);
    await page.goto(`${t.baseUrl}/`);
    await listButton(page).first().click();
    await threadHeading(page).waitFor();
    await board(page).getByRole('button', { name: 'Share' }).click();
    const shared = await page.waitForFunction(() => (window as unknown as { shared: ShareData[] }).shared[0]);
    expect(await shared.jsonValue()).toEqual({ title: TITLE, url: `${t.baseUrl}/#booth-thread=${long.threadId}` });
  });
});
