/**
 * On the demo brand page, with the keyboard only: the board sorts by most votes and filters to
 * unanswered questions, the host page's address shows the choice (its own parameters and
 * fragment kept), a reload shows the board the same way, and a question answered meanwhile
 * leaves the unanswered list live.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteRow } from '../../server/src/db/database.js';
import { DEMO_BOARD } from '../../server/src/demo/demo-site.js';
import { closeDemoInBrowser, startDemoInBrowser } from '../helpers/demo-browser.js';
import type { TestApp } from '../helpers/test-app.js';
import { TestClient } from '../helpers/ws-client.js';

let t: TestApp;
let browser: Browser;
/** The asker and a helper stay connected to answer live while the page watches. */
let asker: TestClient;
let helper: TestClient;
let votedThreadId = '';
const VOTED = 'Which socks keep feet dry on long runs?';
const ANSWERED_VOTED = 'Is the tongue padded enough for long runs?';

/** A guest on the demo site, from the demo page's origin. */
async function guest(site: SiteRow, name: string): Promise<TestClient> {
  const client = await TestClient.connect(t.wsUrl(site), t.baseUrl);
  await client.ok({ type: 'guest.join', name });
  return client;
}

beforeAll(async () => {
  const demo = await startDemoInBrowser({ webhooks: { enabled: false } });
  ({ t, browser } = demo);
  // Two questions with the board's most votes on their opening posts: one answered, one not.
  asker = await guest(demo.site, 'Sasha Guest');
  const voters = [await guest(demo.site, 'Voter One'), await guest(demo.site, 'Voter Two')];
  const ask = (title: string) =>
    asker.ok({
      type: 'thread.create',
      key: TestClient.key(),
      board: DEMO_BOARD,
      kind: 'question',
      title,
      body: 'Asking before I order.',
    });
  const voted = await ask(VOTED);
  votedThreadId = voted.thread.id;
  const answered = await ask(ANSWERED_VOTED);
  for (const voter of voters) {
    for (const { post } of [voted, answered]) {
      await voter.ok({ type: 'vote', key: TestClient.key(), postId: post.id, value: 1 });
    }
  }
  // The answered one has one vote more, so it leads "Most votes" until the filter drops it.
  helper = await guest(demo.site, 'Helper Guest');
  await helper.ok({ type: 'vote', key: TestClient.key(), postId: answered.post.id, value: 1 });
  const reply = await helper.ok({
    type: 'post.create',
    key: TestClient.key(),
    threadId: answered.thread.id,
    body: 'Yes, it is padded.',
  });
  await asker.ok({
    type: 'thread.accept',
    key: TestClient.key(),
    threadId: answered.thread.id,
    postId: reply.post.id,
  });
  for (const client of voters) await client.close();
});
afterAll(async () => {
  await asker?.close();
  await helper?.close();
  await closeDemoInBrowser({ t, browser });
});

/** The id of the element that has focus, inside the board's shadow root too. */
function focusedId(page: Page): Promise<string> {
  return page.evaluate(() => {
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    return active?.id ?? '';
  });
}

/** Presses Tab until the element with `id` has focus, as a keyboard user moves through the page. */
async function tabTo(page: Page, id: string): Promise<void> {
  for (let i = 0; i < 60; i++) {
    if ((await focusedId(page)) === id) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached #${id}`);
}

/** Titles of the board's threads as listed. */
async function listedTitles(page: Page): Promise<string[]> {
  return page.getByRole('list', { name: 'Threads' }).locator('.open-thread').allTextContents();
}

/** Waits until the list's first thread is `title`. */
async function firstListed(page: Page, title: string): Promise<void> {
  await page
    .getByRole('list', { name: 'Threads' })
    .locator('.thread-item')
    .first()
    .getByRole('button', { name: title })
    .waitFor();
}

describe('sorting and filtering the board', () => {
  it('sorts by most votes and shows unanswered questions with the keyboard, in the address, after a reload', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 1000 } })).newPage();
    page.on('pageerror', (error) => console.error('page error:', error.message));
    await page.goto(`${t.baseUrl}/?color=red#reviews`);
    const sort = page.getByLabel('Sort by');
    const filter = page.getByLabel('Show', { exact: true });
    await sort.waitFor();
    expect(await sort.inputValue()).toBe('activity');
    // The newest activity is the accepted answer: the answered question leads the default order.
    await firstListed(page, ANSWERED_VOTED);

    await tabTo(page, 'listing-sort');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await sort.inputValue()).toBe('votes');
    await firstListed(page, ANSWERED_VOTED);
    expect((await listedTitles(page)).slice(0, 2).map((s) => s.trim())).toEqual([ANSWERED_VOTED, VOTED]);

    await tabTo(page, 'listing-filter');
    await page.keyboard.press('ArrowDown');
    expect(await filter.inputValue()).toBe('unanswered');
    await firstListed(page, VOTED);
    await page.getByRole('list', { name: 'Threads' }).locator('[part~="badge-answered"]').first().waitFor({
      state: 'detached',
    });
    expect((await listedTitles(page)).map((s) => s.trim())).not.toContain(ANSWERED_VOTED);

    const url = new URL(page.url());
    expect(url.searchParams.get('booth-sort')).toBe('votes');
    expect(url.searchParams.get('booth-filter')).toBe('unanswered');
    expect(url.searchParams.get('color')).toBe('red');
    expect(url.hash).toBe('#reviews');

    await page.reload();
    await page.getByLabel('Sort by').waitFor();
    expect(await page.getByLabel('Sort by').inputValue()).toBe('votes');
    expect(await page.getByLabel('Show', { exact: true }).inputValue()).toBe('unanswered');
    await firstListed(page, VOTED);
    expect((await listedTitles(page)).map((s) => s.trim())).not.toContain(ANSWERED_VOTED);

    // Live: once the question is answered elsewhere, it leaves the unanswered list without a reload.
    const reply = await helper.ok({
      type: 'post.create',
      key: TestClient.key(),
      threadId: votedThreadId,
      body: 'Merino.',
    });
    await asker.ok({ type: 'thread.accept', key: TestClient.key(), threadId: votedThreadId, postId: reply.post.id });
    await page
      .getByRole('list', { name: 'Threads' })
      .getByRole('button', { name: VOTED })
      .waitFor({ state: 'detached' });

    // Back to the defaults: the address loses Booth's parameters and keeps the page's own.
    await tabTo(page, 'listing-sort');
    await page.keyboard.press('Home');
    await tabTo(page, 'listing-filter');
    await page.keyboard.press('Home');
    await firstListed(page, VOTED);
    expect(new URL(page.url()).search).toBe('?color=red');
    expect(new URL(page.url()).hash).toBe('#reviews');
  });
});
