/**
 * The customer widget on the demo brand page, in two browsers at once: a question asked in one
 * appears in the other without a reload, a reply comes back live, the asker accepts it, and the
 * same board works on a page with a strict Content-Security-Policy.
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

/** A page in its own browser context (its own storage: a different person). */
async function personPage(path: string, cspViolations: string[] = []): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1200, height: 1000 } })).newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) cspViolations.push(message.text());
  });
  await page.goto(`${t.baseUrl}${path}`);
  return page;
}

describe('the widget, live in two browsers', () => {
  it('shows a question, a reply and an accepted answer on both pages without a reload', async () => {
    const asker = await personPage('/');
    const helper = await personPage('/');
    await asker.getByText('Do the Trail Runner 2 fit true to size?').waitFor();
    await helper.getByText('Do the Trail Runner 2 fit true to size?').waitFor();

    // The helper signs in through the brand's (demo) single sign-on.
    await helper.getByRole('button', { name: 'Alex (customer, SSO)' }).click();
    await helper.getByText('Signed in as Alex Rivera').first().waitFor();

    // A guest asks; the helper's page shows the question live.
    const title = 'Can I wash the insoles in a machine?';
    await asker.getByRole('button', { name: 'Ask a question' }).first().click();
    await asker.getByLabel('Your question').fill(title);
    await asker.getByLabel('Details').fill('They got muddy on a long run.');
    await asker.getByLabel('Your name').fill('Kim Guest');
    await asker.getByRole('button', { name: 'Post question' }).click();
    await helper.getByRole('button', { name: title }).waitFor();

    // Posting opens the new thread for the asker. The helper answers; the asker sees it arrive.
    await asker.getByRole('textbox', { name: 'Answer', exact: true }).waitFor();
    await helper.getByRole('button', { name: title }).first().click();
    await helper
      .getByRole('textbox', { name: 'Answer', exact: true })
      .fill('Hand wash them cold and let them air dry.');
    await helper.getByRole('button', { name: 'Post answer' }).click();
    await asker.getByText('Hand wash them cold and let them air dry.').waitFor();

    // Only the asker may accept; the accepted answer shows on both pages.
    expect(await helper.getByRole('button', { name: '✓ Accept answer' }).count()).toBe(0);
    await asker.getByRole('button', { name: '✓ Accept answer' }).click();
    await asker.getByText('✓ Accepted answer').waitFor();
    await helper.getByText('✓ Accepted answer').waitFor();

    const stored = await t.database.db
      .selectFrom('threads')
      .select(['accepted_post_id', 'reply_count'])
      .where('title', '=', title)
      .executeTakeFirstOrThrow();
    expect(stored.reply_count).toBe(1);
    expect(stored.accepted_post_id).not.toBeNull();
  });

  it('renders and stays live on a page with a strict Content-Security-Policy', async () => {
    const violations: string[] = [];
    const strict = await personPage('/demo/strict', violations);
    const response = await strict.request.get(`${t.baseUrl}/demo/strict`);
    expect(response.headers()['content-security-policy']).toContain("script-src 'self'");
    await strict.getByText('Do the Trail Runner 2 fit true to size?').waitFor();

    // A question asked elsewhere appears on the strict page without a reload.
    const other = await personPage('/');
    const title = 'Is there a vegan version of the Trail Runner 2?';
    await other.getByRole('button', { name: 'Ask a question' }).first().click();
    await other.getByLabel('Your question').fill(title);
    await other.getByLabel('Details').fill('No leather or animal glue, please.');
    await other.getByLabel('Your name').fill('Sam Plant');
    await other.getByRole('button', { name: 'Post question' }).click();
    await strict.getByRole('button', { name: title }).waitFor();
    expect(violations).toEqual([]);
  });
});
