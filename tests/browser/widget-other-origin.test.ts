/**
 * A brand page on another origin, under its own strict Content-Security-Policy, pastes the
 * script tag: the classic `embed.js` loads the widget's ES modules from Booth's origin (with
 * CORS), the board renders and goes live, the thread view's chunk follows (its styles adopted
 * under the page's CSP), and search loads its chunk when it is used.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateSiteOrigins } from '../../server/src/db/sites.queries.js';
import { DEMO_BOARD, DEMO_SITE_KEY } from '../../server/src/demo/demo-site.js';
import { closeDemoInBrowser, startDemoInBrowser } from '../helpers/demo-browser.js';
import type { TestApp } from '../helpers/test-app.js';

let t: TestApp;
let browser: Browser;
/** The brand's own web server, on another port: another origin. */
let brandServer: Server;
let brand: string;

beforeAll(async () => {
  const demo = await startDemoInBrowser({ webhooks: { enabled: false } });
  ({ t, browser } = demo);
  brandServer = createServer((_request, response) => {
    const booth = new URL(t.baseUrl);
    response.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': `default-src 'none'; script-src ${booth.origin}; connect-src ws://${booth.host}`,
    });
    response.end(brandPage(t.baseUrl));
  });
  await new Promise<void>((resolve) => brandServer.listen(0, '127.0.0.1', resolve));
  brand = `http://127.0.0.1:${(brandServer.address() as AddressInfo).port}`;
  await updateSiteOrigins(t.database.db, demo.site.id, [t.baseUrl, brand]);
});
afterAll(async () => {
  await new Promise((resolve) => brandServer?.close(resolve));
  await closeDemoInBrowser({ t, browser });
});

/** The brand's product page: nothing inline, scripts and sockets only from Booth. */
function brandPage(booth: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Trail Runner 2 · Brand</title></head>
<body>
  <h1>Trail Runner 2</h1>
  <script src="${booth}/embed.js" data-site="${DEMO_SITE_KEY}" data-board="${DEMO_BOARD}" async></script>
</body>
</html>`;
}

describe('the widget on a brand page of another origin', () => {
  it('renders from its chunks, live, and loads the thread view and search after the board', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1200, height: 1000 } })).newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
    });
    const scripts: Response[] = [];
    page.on('response', (response) => {
      if (response.url().startsWith(t.baseUrl) && response.url().endsWith('.js')) scripts.push(response);
    });
    await page.goto(`${brand}/products/trail-runner-2`);

    await page.getByText('Do the Trail Runner 2 fit true to size?').waitFor();
    await page.getByText('Live', { exact: true }).first().waitFor();
    const firstLoad = scripts.map((response) => new URL(response.url()).pathname);
    expect(firstLoad[0]).toBe('/embed.js');
    expect(firstLoad.some((path) => /^\/widget-[\w-]+\.js$/.test(path))).toBe(true);
    expect(firstLoad.some((path) => path.startsWith('/search-panel-'))).toBe(false);

    await page.getByRole('button', { name: 'Do the Trail Runner 2 fit true to size?' }).click();
    const answer = page.locator('.post').filter({ hasText: 'half a size up' });
    await answer.waitFor();
    // The thread's styles came with its chunk: posts are framed cards.
    expect(await answer.evaluate((post) => getComputedStyle(post).borderTopStyle)).toBe('solid');
    const thread = scripts.find((response) => new URL(response.url()).pathname.startsWith('/thread-panel-'));
    expect(await thread?.headerValue('access-control-allow-origin')).toBe('*');
    await page.getByRole('button', { name: 'All topics' }).click();

    await page.getByLabel('Search questions and discussions').fill('shipping germany');
    await page
      .getByRole('list', { name: 'Search results' })
      .getByText('How long does shipping to Germany take?')
      .waitFor();
    const search = scripts.find((response) => new URL(response.url()).pathname.startsWith('/search-panel-'));
    expect(search?.status()).toBe(200);
    expect(await search?.headerValue('access-control-allow-origin')).toBe('*');
    expect(await search?.headerValue('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(problems).toEqual([]);
  });
});
