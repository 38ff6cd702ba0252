/**
 * The moderation view's Insights and Webhooks pages on the demo site: the figures shown are the
 * server's, the charts are drawn, and a question asked in the widget shows up in the delivery log.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteRow } from '../../server/src/db/database.js';
import { closeDemoInBrowser, startDemoInBrowser } from '../helpers/demo-browser.js';
import { addStaff } from '../helpers/staff-session.js';
import { signSso, type TestApp } from '../helpers/test-app.js';
import { TestClient } from '../helpers/ws-client.js';

let t: TestApp;
let browser: Browser;
let site: SiteRow;

beforeAll(async () => {
  ({ t, site, browser } = await startDemoInBrowser({ webhooks: { pollingIntervalSeconds: 0.5, scanCron: null } }));
});
afterAll(() => closeDemoInBrowser({ t, browser }));

async function signedIn(): Promise<Page> {
  const { email, password } = await addStaff(t, site, 'staff', 'Insight Staff');
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 1000 } })).newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
  await page.goto(`${t.baseUrl}/moderate/`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText('Live ·').waitFor();
  return page;
}

describe('insights and webhooks in the moderation view', () => {
  it('show the server’s figures with charts, per period', async () => {
    const api = await TestClient.connect(t.wsUrl(site), site.allowed_origins[0]);
    await api.ok({ type: 'hello', sso: await signSso(site, { sub: 'api-staff', name: 'API Staff', role: 'staff' }) });
    const month = await api.ok({ type: 'insights', days: 30 });
    const week = await api.ok({ type: 'insights', days: 7 });
    await api.close();
    expect(month.asked).toBeGreaterThan(week.asked);
    expect(month.leaderboard.length).toBeGreaterThan(0);

    const page = await signedIn();
    await page.getByRole('button', { name: 'Insights' }).click();
    const card = (label: string) => page.locator('.kpi', { hasText: label }).locator('.value');
    await expect.poll(() => card('Questions asked').textContent()).toBe(String(month.asked));
    expect(await card('Active members').textContent()).toBe(String(month.activeMembers));
    expect(await card('People waiting').textContent()).toBe(String(month.unanswered.peopleWaiting));
    expect(month.unanswered.peopleWaiting).toBeGreaterThan(0);
    expect(await page.getByRole('img', { name: /Questions asked per day, \d+ in all/ }).count()).toBe(1);
    expect(await page.locator('svg.chart rect.asked').count()).toBe(30);
    await page
      .getByRole('cell', { name: month.leaderboard[0]?.member.name as string })
      .first()
      .waitFor();
    await page
      .getByRole('cell', { name: month.oldestUnanswered[0]?.title as string })
      .first()
      .waitFor();

    await page.getByRole('button', { name: '7 days' }).click();
    await expect.poll(() => card('Questions asked').textContent()).toBe(String(week.asked));
    expect(await page.locator('svg.chart rect.asked').count()).toBe(7);
  });

  it('list a delivery for a question asked in the widget', async () => {
    const customer = await TestClient.connect(t.wsUrl(site), site.allowed_origins[0]);
    await customer.ok({ type: 'hello', sso: await signSso(site, { sub: 'hooked', name: 'Webhook Watcher' }) });
    await customer.ok({
      type: 'thread.create',
      key: TestClient.key(),
      board: 'trail-runner-2',
      kind: 'question',
      title: 'Are replacement laces sold separately?',
      body: 'Mine snapped.',
    });
    await customer.close();
    const page = await signedIn();
    await page.getByRole('button', { name: 'Webhooks' }).click();
    await page.getByRole('cell', { name: 'question.created' }).first().waitFor();
    expect(await page.getByRole('cell', { name: /\/demo\/webhook-receiver$/ }).count()).toBeGreaterThan(0);
  });
});
