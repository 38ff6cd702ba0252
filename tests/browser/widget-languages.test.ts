/**
 * The widget speaks the page's language in Chromium: German from the host page's `<html lang>`,
 * Japanese from the element's own `lang` (over the page's), Arabic from the script tag's
 * `data-lang`, laid out right to left. Each page downloads its own language's catalog (the list's
 * words, which the first paint waits for, and the rest) and no other. A screenshot of each is written for a person to look at (the path is printed).
 */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDemoInBrowser, startDemoInBrowser } from '../helpers/demo-browser.js';
import type { TestApp } from '../helpers/test-app.js';

let t: TestApp;
let browser: Browser;
const shots = join(tmpdir(), 'booth-widget-languages');

beforeAll(async () => {
  ({ t, browser } = await startDemoInBrowser({ webhooks: { enabled: false } }));
  mkdirSync(shots, { recursive: true });
});
afterAll(() => closeDemoInBrowser({ t, browser }));

const SEEDED = 'Do the Trail Runner 2 fit true to size?';
/** A catalog chunk: the list's words of a language (`list-de-…`) or the rest of them (`de-…`). */
const CATALOG_CHUNK = /\/((?:list-)?(?:en|de|fr|es|pt-BR|ja|ar))-[\w-]+\.js$/;
/** The list's words: the catalog chunk a board's first paint waits for. */
const LIST_CATALOG_CHUNK = /\/list-(?:en|de|fr|es|pt-BR|ja|ar)-[\w-]+\.js$/;
/** The two catalog chunks of `language`, in the order `catalogs` sorts them to. */
const both = (language: string) => [language, `list-${language}`];

interface LanguagePage {
  page: Page;
  /** The catalog chunks the page downloaded, by language (`list-de` for the list's words). */
  catalogs: string[];
  /** Lets the held catalog download through (see `holdCatalog`). */
  releaseCatalog: () => void;
}

/** How a test sets the language on the demo brand page. */
interface LanguageSetup {
  /** Replaces the page's `<html lang="en">`. */
  htmlLang?: string;
  /** Added to the embed script tag as `data-lang`. */
  scriptLang?: string;
  /** The board is written into the page as `<booth-board lang=…>`, the script only defines it. */
  elementLang?: string;
  /** The download of the list's words waits until `releaseCatalog` is called. */
  holdCatalog?: boolean;
}

/**
 * The demo brand page as the server sends it, with the language markup of `setup` written in
 * while the browser parses it (before the embed script runs), as a brand's own page would have it.
 */
async function demoPage(setup: LanguageSetup): Promise<LanguagePage> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, locale: 'en-US' });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
  const catalogs: string[] = [];
  page.on('request', (request) => {
    const match = CATALOG_CHUNK.exec(new URL(request.url()).pathname);
    if (match) catalogs.push(match[1] as string);
  });
  await page.addInitScript((set: LanguageSetup) => {
    new MutationObserver((records, observer) => {
      for (const node of records.flatMap((record) => [...record.addedNodes])) {
        if (node === document.documentElement && set.htmlLang) document.documentElement.lang = set.htmlLang;
        if (!(node instanceof HTMLScriptElement) || !node.src.endsWith('/embed.js')) continue;
        observer.disconnect();
        if (set.scriptLang) node.dataset.lang = set.scriptLang;
        if (set.elementLang) {
          const board = document.createElement('booth-board');
          board.setAttribute('lang', set.elementLang);
          board.setAttribute('site', node.dataset.site ?? '');
          board.setAttribute('board', node.dataset.board ?? '');
          node.before(board);
          delete node.dataset.site;
        }
      }
    }).observe(document, { childList: true, subtree: true });
  }, setup);
  let releaseCatalog = () => {};
  if (setup.holdCatalog) {
    const released = new Promise<void>((resolve) => {
      releaseCatalog = resolve;
    });
    await page.route(LIST_CATALOG_CHUNK, async (route) => {
      await released;
      await route.continue();
    });
  }
  await page.goto(`${t.baseUrl}/`);
  return { page, catalogs, releaseCatalog };
}

/** The widget's frame: its language, direction and computed direction. */
const frame = (page: Page) =>
  page.locator('booth-board .board').evaluate((board) => ({
    lang: board.getAttribute('lang'),
    dir: board.getAttribute('dir'),
    direction: getComputedStyle(board).direction,
  }));

async function screenshot(page: Page, name: string): Promise<void> {
  const path = join(shots, `${name}.png`);
  await page.locator('booth-board').screenshot({ path });
  console.info(`widget in ${name}: ${path}`);
}

describe('the widget in the page’s language', () => {
  it('speaks German on a page whose <html lang> is German', async () => {
    const { page, catalogs, releaseCatalog } = await demoPage({ htmlLang: 'de-DE', holdCatalog: true });
    // Until its words arrive the board is a blank, busy frame: no keys, no English first.
    await expect.poll(() => [...catalogs].sort()).toEqual(both('de'));
    const frameWhileLoading = page.locator('booth-board .board');
    expect(await frameWhileLoading.getAttribute('aria-busy')).toBe('true');
    expect((await frameWhileLoading.textContent())?.trim()).toBe('');
    releaseCatalog();
    await page.getByRole('button', { name: 'Frage stellen' }).waitFor();
    await page.getByRole('button', { name: 'Diskussion starten' }).waitFor();
    await page.getByRole('button', { name: SEEDED }).waitFor();
    expect(await page.getByRole('list', { name: 'Themen' }).count()).toBe(1);
    expect(await page.getByPlaceholder('Suchen…').count()).toBe(1);
    expect(await frame(page)).toEqual({ lang: 'de', dir: 'ltr', direction: 'ltr' });

    // An open thread: its header, byline and the answers' heading in German, and dates by Intl.
    await page.getByRole('button', { name: SEEDED }).click();
    await page.getByRole('button', { name: 'Alle Themen' }).waitFor();
    await page.getByText(/Gefragt von/).waitFor();
    const when = await page.locator('.thread-header time').first().textContent();
    expect(when).not.toMatch(/ago|yesterday|now/);
    expect(await page.locator('booth-board .replies-heading').textContent()).toMatch(/^1 Antwort$/);
    await screenshot(page, 'de');
    expect(catalogs.sort()).toEqual(both('de'));
  });

  it('speaks Japanese where the element’s lang says so, over the page’s', async () => {
    const { page, catalogs } = await demoPage({ htmlLang: 'fr', elementLang: 'ja' });
    await page.getByRole('button', { name: '質問する' }).waitFor();
    await page.getByRole('button', { name: 'ディスカッションを始める' }).waitFor();
    await page.getByRole('button', { name: SEEDED }).waitFor();
    await page.getByText('ライブ').waitFor();
    expect(await frame(page)).toEqual({ lang: 'ja', dir: 'ltr', direction: 'ltr' });
    await screenshot(page, 'ja');
    expect(catalogs.sort()).toEqual(both('ja'));
  });

  it('speaks Arabic from the script’s data-lang, right to left and mirrored', async () => {
    const { page, catalogs } = await demoPage({ scriptLang: 'ar' });
    const ask = page.getByRole('button', { name: 'اطرح سؤالًا' });
    await ask.waitFor();
    await page.getByRole('button', { name: SEEDED }).waitFor();
    expect(await frame(page)).toEqual({ lang: 'ar', dir: 'rtl', direction: 'rtl' });

    // Mirrored: the ask button starts at the right edge, the connection status sits on the left.
    const board = await page.locator('booth-board .board').boundingBox();
    const button = await ask.boundingBox();
    const status = await page.locator('booth-board .status').boundingBox();
    if (!board || !button || !status) throw new Error('the board is not laid out');
    const middle = board.x + board.width / 2;
    expect(button.x).toBeGreaterThan(middle);
    expect(board.x + board.width - (button.x + button.width)).toBeLessThan(40);
    expect(status.x + status.width).toBeLessThan(middle);

    // The count column of a thread row is on the right too, its title to its left.
    const row = page.locator('booth-board .thread-item').first();
    const count = await row.locator('.count').boundingBox();
    const title = await row.locator('.thread-title').boundingBox();
    if (!count || !title) throw new Error('the thread row is not laid out');
    expect(count.x).toBeGreaterThan(title.x);

    await screenshot(page, 'ar-list');

    // The way back points right.
    await page.getByRole('button', { name: SEEDED }).click();
    const back = page.getByRole('button', { name: 'كل المواضيع' });
    await back.waitFor();
    const arrow = await back.locator('.arrow').evaluate((a) => getComputedStyle(a).transform);
    expect(arrow).toBe('matrix(-1, 0, 0, 1, 0, 0)');
    await page.getByText(/سأله/).waitFor();
    await screenshot(page, 'ar');
    expect(catalogs.sort()).toEqual(both('ar'));
  });

  it('speaks English when its language’s words cannot be fetched', async () => {
    const { page, catalogs } = await demoPage({ htmlLang: 'de' });
    await page.getByRole('button', { name: 'Frage stellen' }).waitFor();
    catalogs.length = 0;
    await page.route(/\/(?:list-)?de-[\w-]+\.js$/, (route) => route.abort());
    await page.reload();
    await page.getByRole('button', { name: 'Ask a question' }).waitFor();
    expect(await frame(page)).toEqual({ lang: 'en', dir: 'ltr', direction: 'ltr' });
    // Both parts of English, once each (the list's words serve the first paint and the whole).
    await expect.poll(() => [...catalogs].sort()).toEqual([...both('de'), ...both('en')].sort());
  });

  it('lays English out left to right, the other way round', async () => {
    const { page, catalogs } = await demoPage({});
    const ask = page.getByRole('button', { name: 'Ask a question' });
    await ask.waitFor();
    const board = await page.locator('booth-board .board').boundingBox();
    const button = await ask.boundingBox();
    if (!board || !button) throw new Error('the board is not laid out');
    expect(button.x + button.width).toBeLessThan(board.x + board.width / 2);
    expect(await frame(page)).toEqual({ lang: 'en', dir: 'ltr', direction: 'ltr' });
    expect(catalogs.sort()).toEqual(both('en'));
  });
});
