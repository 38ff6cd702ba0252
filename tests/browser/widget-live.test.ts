/**
 * The customer widget on the demo brand page, in two browsers at once: a question asked in one
 * appears in the other without a reload, a reply comes back live, the asker accepts it, and the
 * same board works on a page with a strict Content-Security-Policy. A guest's held question
 * stays theirs after a reload, and a guest can change their name.
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

/** Asks a question on the board as a new guest called `name`. */
async function askAsGuest(page: Page, title: string, details: string, name: string): Promise<void> {
  await page.getByRole('button', { name: 'Ask a question' }).first().click();
  await page.getByLabel('Your question').fill(title);
  await page.getByLabel('Details').fill(details);
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('button', { name: 'Post question' }).click();
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
    await askAsGuest(asker, title, 'They got muddy on a long run.', 'Kim Guest');
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
    await askAsGuest(other, title, 'No leather or animal glue, please.', 'Sam Plant');
    await strict.getByRole('button', { name: title }).waitFor();
    expect(violations).toEqual([]);
  });

  it('keeps a guest’s held question for them after a reload, and lets them change their name', async () => {
    const guest = await personPage('/');
    const other = await personPage('/');
    const title = 'Is the size chart online right?';
    await askAsGuest(guest, title, 'I found one at https://sizes.example.com but is it right?', 'Lee Guest');
    await guest.getByText('is waiting for a quick review').waitFor();

    // A new guest's link holds the question; after a reload its author still finds it, marked.
    // The page's address names the question (posting opened it), so the reload opens it again.
    await guest.reload();
    await guest.getByText('is waiting for a quick review').waitFor();
    await guest.getByRole('button', { name: 'All topics' }).click();
    await guest.getByText('Awaiting review · only you can see this').waitFor();
    await guest.getByRole('button', { name: title }).click();
    await guest.getByText('is waiting for a quick review').waitFor();

    // The same guest takes another name; their question shows it.
    await guest.getByRole('button', { name: 'Change your display name' }).click();
    await guest.getByRole('form', { name: 'Change your display name' }).getByLabel('Your name').fill('Lee Green');
    await guest.getByRole('button', { name: 'Save', exact: true }).click();
    await guest.getByText('Posting as Lee Green').waitFor();
    await guest.getByRole('article', { name: 'Question by Lee Green' }).waitFor();

    await other.reload();
    await other.getByText('Do the Trail Runner 2 fit true to size?').waitFor();
    expect(await other.getByRole('button', { name: title }).count()).toBe(0);
  });

  it('opens the question form and posts right after the first paint, before the forms’ chunk has arrived', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1200, height: 1000 } })).newPage();
    page.on('pageerror', (error) => console.error('page error:', error.message));
    // The forms and the writes come in chunks of their own, fetched after the first paint: hold
    // them back until the visitor has clicked, as on a slow network.
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    const held: string[] = [];
    await page.route(/\/board-(forms|writes)-[\w-]+\.js$/, async (route) => {
      held.push(new URL(route.request().url()).pathname);
      await released;
      await route.continue();
    });
    await page.goto(`${t.baseUrl}/`);
    await page.getByRole('button', { name: 'Ask a question' }).first().click();
    await expect.poll(() => held.some((path) => path.startsWith('/board-forms-'))).toBe(true);
    expect(await page.getByLabel('Your question').count()).toBe(0);

    release();
    const title = 'Do the laces come in other colours?';
    await page.getByLabel('Your question').fill(title);
    await page.getByLabel('Details').fill('Mine are grey; I would like red ones.');
    await page.getByLabel('Your name').fill('Ari Quick');
    await page.getByRole('button', { name: 'Post question' }).click();
    await page.getByRole('heading', { name: title }).waitFor();
    await page.getByRole('textbox', { name: 'Answer', exact: true }).waitFor();
    expect(held.some((path) => path.startsWith('/board-writes-'))).toBe(true);
  });
});
