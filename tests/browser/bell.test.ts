/**
 * The bell of a signed-in member, in Chromium on the demo brand page: the member asks (and so
 * follows their question) on two pages at once; staff, in another browser, say they have the
 * question too and answer it. Both of the member's pages count the answer live; opening the
 * thread from the bell's list clears the count on both. axe checks the bell and its list.
 */
import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { axeViolations } from '../helpers/axe.js';
import { closeDemoInBrowser, startDemoInBrowser } from '../helpers/demo-browser.js';

// The mail queue counts unread news as it fans a write out to followers; it polls often here so
// that the demo's seed writes, queued at start, are through quickly.
const demo = await startDemoInBrowser({ webhooks: { enabled: false }, mail: { pollingIntervalSeconds: 0.5 } });
const { t, browser } = demo;
afterAll(() => closeDemoInBrowser(demo));

/**
 * Waits until the mail queue has fanned out every write so far. The fan-out takes one job per
 * poll, so the demo's seed leaves a backlog that would otherwise delay the answer's count.
 */
async function mailFannedOut(): Promise<void> {
  for (;;) {
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from ${sql.table(`${t.database.schema}.job`)}
      where name = 'booth-mail-fan-out' and state not in ('completed', 'failed', 'cancelled')
    `.execute(t.database.db);
    if (rows[0]?.n === 0) return;
    // A round trip to the database between reads, not a timer: the queue's worker runs meanwhile.
    await sql`select pg_sleep(0.05)`.execute(t.database.db);
  }
}

/** The bell button, found by its accessible name, which carries the count. */
const bell = (page: Page, count: number) =>
  page.getByRole('button', { name: `${count} unread answers and replies`, exact: true });

describe('the bell', () => {
  it('counts answers in a followed thread live on every page of the member, and clears on opening it', async () => {
    const member = await browser.newContext({ viewport: { width: 1200, height: 1000 } });
    const first = await member.newPage();
    first.on('pageerror', (error) => console.error('page error:', error.message));
    await first.goto(`${t.baseUrl}/`);
    await first.getByRole('button', { name: 'Alex (customer, SSO)' }).click();
    await first.getByText('Signed in as Alex Rivera').first().waitFor();
    await bell(first, 0).waitFor();

    // Asking follows the question.
    const title = 'Do the Trail Runner 2 come in wide?';
    await first.getByRole('button', { name: 'Ask a question' }).first().click();
    await first.getByLabel('Your question').fill(title);
    await first.getByLabel('Details').fill('My feet are wide at the toes.');
    await first.getByRole('button', { name: 'Post question' }).click();
    await first.getByRole('button', { name: '✓ You have this question · 1 waiting' }).waitFor();

    // The same member on a second page of the same browser (the demo keeps the persona).
    const second = await member.newPage();
    await second.goto(`${t.baseUrl}/`);
    await second.getByText('Signed in as Alex Rivera').first().waitFor();
    await bell(second, 0).waitFor();

    // Staff, in another browser, have the question too (the asker's page counts it live), then answer.
    const staff = await (await browser.newContext({ viewport: { width: 1200, height: 1000 } })).newPage();
    await staff.goto(`${t.baseUrl}/`);
    await staff.getByRole('button', { name: 'Sam (Acme staff, SSO)' }).click();
    await staff.getByText('Signed in as Sam').first().waitFor();
    await staff.getByRole('button', { name: title }).click();
    await staff.getByRole('button', { name: 'I have this question too · 1 waiting' }).click();
    await first.getByRole('button', { name: '✓ You have this question · 2 waiting' }).waitFor();
    await mailFannedOut();
    await staff.getByRole('textbox', { name: 'Answer', exact: true }).fill('Yes: the wide fit comes in every size.');
    await staff.getByRole('button', { name: 'Post answer' }).click();

    await bell(first, 1).waitFor();
    await bell(second, 1).waitFor();

    // The second page opens its bell and the thread from the list.
    await bell(second, 1).click();
    const list = second.getByRole('list', { name: 'Threads with unread answers and replies' });
    await expect.poll(() => list.getByRole('listitem').count()).toBe(1);
    expect(await list.getByRole('listitem').textContent()).toContain('1 new');
    expect(await axeViolations(second)).toEqual([]);
    await list.getByRole('button', { name: title }).click();
    await second.getByText('Yes: the wide fit comes in every size.').waitFor();

    // Opening it cleared the count everywhere: on this page and on the member's other page.
    await bell(second, 0).waitFor();
    await bell(first, 0).waitFor();
    expect(await axeViolations(first)).toEqual([]);
  });
});
