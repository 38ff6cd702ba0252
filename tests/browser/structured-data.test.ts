/**
 * On the demo brand page: opening a thread adds its schema.org JSON-LD to the page (inside the
 * widget's element, where search engines that render pages read it), and closing it removes it.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDemoInBrowser, startDemoInBrowser } from '../helpers/demo-browser.js';
import type { TestApp } from '../helpers/test-app.js';

let t: TestApp;
let browser: Browser;

beforeAll(async () => {
  ({ t, browser } = await startDemoInBrowser({ webhooks: { enabled: false } }));
});
afterAll(() => closeDemoInBrowser({ t, browser }));

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
  return page;
}

const jsonLd = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('script[type="application/ld+json"]')].map((s) => JSON.parse(s.textContent ?? '')),
  );

describe('structured data for the open thread', () => {
  it('is added to the brand page while a question is open, and removed when it closes', async () => {
    const page = await newPage();
    await page.goto(`${t.baseUrl}/`);
    const title = 'How long does shipping to Germany take?';
    await page.getByRole('button', { name: title }).first().click();
    await page.getByText('2 to 3 working days').first().waitFor();
    await expect.poll(async () => (await jsonLd(page)).length).toBe(1);
    const [data] = await jsonLd(page);
    expect(data['@type']).toBe('QAPage');
    expect(data.mainEntity.name).toBe(title);
    expect(data.mainEntity.acceptedAnswer.text).toContain('2 to 3 working days');
    // The address of the question on this page: the deep link that opens it.
    // The address of the question on this page, which opens it; in the query, which search engines keep.
    expect(data.mainEntity.url).toMatch(new RegExp(`^${t.baseUrl}/\\?booth-thread=[0-9]+$`));
    expect(data.mainEntity.acceptedAnswer.url).toMatch(/\?booth-thread=[0-9]+&booth-post=[0-9]+$/);
    // It lives in the widget's own element, not elsewhere in the host page.
    const parent = await page.evaluate(
      () => document.querySelector('script[type="application/ld+json"]')?.parentElement?.tagName,
    );
    expect(parent).toBe('BOOTH-BOARD');

    await page.locator('booth-board').locator('[part~="back-button"]').click();
    await expect.poll(async () => (await jsonLd(page)).length).toBe(0);

    await page.getByRole('button', { name: 'Favourite trails for a first ultra?' }).first().click();
    await page.getByText('Planning my first 50 km').first().waitFor();
    await expect.poll(async () => (await jsonLd(page))[0]?.['@type']).toBe('DiscussionForumPosting');
  });
});
