import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteRow } from '../../server/src/db/database.js';
import { findSiteByKey } from '../../server/src/db/sites.queries.js';
import { DEMO_BOARD, DEMO_SITE_KEY } from '../../server/src/demo/demo-site.js';
import { closeDemoInBrowser, moderationPage, openModerationTab, startDemoInBrowser } from '../helpers/demo-browser.js';
import type { TestApp } from '../helpers/test-app.js';
import { TestClient } from '../helpers/ws-client.js';

let t: TestApp;
let browser: Browser;
let site: SiteRow;

beforeAll(async () => {
  ({ t, site, browser } = await startDemoInBrowser());
});
afterAll(() => closeDemoInBrowser({ t, browser }));

describe('spam policy in the site settings', () => {
  it('an owner changes the report threshold, a blocked word and a rate limit, and they are stored', async () => {
    const page = await moderationPage({ t, site, browser }, 'owner', 'Olive Owner');
    await openModerationTab(page, 'Settings');

    const threshold = page.getByLabel('Distinct reports that hide a post for review');
    await expect.poll(() => threshold.inputValue()).toBe('3');
    await threshold.fill('5');
    await page.getByLabel(/Blocked words or phrases/).fill('cheap followers\nbuy likes');
    await page.getByLabel('Posts per member').fill('4');
    await page.getByLabel('Create a board for a new name').selectOption('pattern');
    await page.getByLabel(/Pattern of names that may be created/).fill('product-*');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Settings saved.').waitFor();

    await expect
      .poll(async () => (await findSiteByKey(t.database.db, DEMO_SITE_KEY))?.policy)
      .toMatchObject({
        reportThreshold: 5,
        blockedWords: ['cheap followers', 'buy likes'],
        rateLimits: { posts: { member: 4 } },
        boards: { creation: 'pattern', list: [], pattern: 'product-*' },
      });

    // A value the server refuses is named, and nothing changes.
    await threshold.fill('0');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText(/reportThreshold/).waitFor();
    expect((await findSiteByKey(t.database.db, DEMO_SITE_KEY))?.policy).toMatchObject({ reportThreshold: 5 });

    // The new blocked word holds a customer's question; the Pending queue says why.
    const spammer = await TestClient.connect(t.wsUrl(site), t.baseUrl);
    await spammer.ok({ type: 'guest.join', name: 'Follower Seller' });
    await spammer.ok({
      type: 'thread.create',
      key: TestClient.key(),
      board: DEMO_BOARD,
      kind: 'question',
      title: 'Want more reach?',
      body: 'We sell cheap followers for your shop.',
    });
    await page.getByRole('button', { name: /^Pending/ }).click();
    await page
      .getByRole('region', { name: 'Posts waiting for review' })
      .getByText('held: blocked word (cheap followers)')
      .waitFor();
    await spammer.close();
  });
});
