/**
 * On the demo brand page, as a customer would: search finds an answered question with the
 * matched words marked, and typing a question title offers the existing answer before posting.
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

async function demoPage(): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 1000 } })).newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
  await page.goto(`${t.baseUrl}/`);
  await page.getByText('Staff online').or(page.getByText('Live')).first().waitFor();
  return page;
}

describe('finding answers in the widget', () => {
  it('search shows matching threads with the words marked', async () => {
    const page = await demoPage();
    await page.getByLabel('Search questions and discussions').fill('shipping germany');
    const results = page.getByRole('list', { name: 'Search results' });
    await results.getByText('How long does shipping to Germany take?').waitFor();
    const marked = await results.locator('mark').allTextContents();
    expect(marked.map((m) => m.toLowerCase())).toEqual(expect.arrayContaining(['shipping', 'germany']));
  });

  it('suggests the answered question while a title is typed, and opens it', async () => {
    const page = await demoPage();
    await page.getByRole('button', { name: 'Ask a question' }).first().click();
    await page.getByLabel('Your question').pressSequentially('Can I retu', { delay: 40 });
    const offered = page.locator('[part="suggestions"]');
    const suggestion = offered.getByRole('button', { name: 'Can I return shoes I wore on a trail once?' });
    await suggestion.waitFor();
    await offered.getByText('our 30-day trial covers worn shoes').waitFor();
    expect(await offered.getByText('✓ Answered').count()).toBeGreaterThan(0);
    await suggestion.click();
    await page.getByText('Start the return from your account.').first().waitFor();
  });
});
