import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteRow } from '../../server/src/db/database.js';
import { DEMO_BOARD } from '../../server/src/demo/demo-site.js';
import { closeDemoInBrowser, startDemoInBrowser } from '../helpers/demo-browser.js';
import { addStaff } from '../helpers/staff-session.js';
import { signSso, type TestApp } from '../helpers/test-app.js';
import { TestClient } from '../helpers/ws-client.js';

let t: TestApp;
let browser: Browser;
let site: SiteRow;

beforeAll(async () => {
  ({ t, site, browser } = await startDemoInBrowser());
});
afterAll(() => closeDemoInBrowser({ t, browser }));

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
  return page;
}

describe('the moderation loop in two browsers', () => {
  it('a question asked in the widget is answered from /moderate, and a reported post disappears', async () => {
    const { email, password } = await addStaff(t, site, 'staff', 'Riley Staff');

    // The staff member signs in to the moderation view.
    const staff = await newPage();
    await staff.goto(`${t.baseUrl}/moderate/`);
    await staff.getByLabel('Email').fill(email);
    await staff.getByLabel('Password').fill('not the password');
    await staff.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => staff.getByRole('alert').textContent()).toContain('The email or password is not right.');
    await staff.getByLabel('Password').fill(password);
    await staff.getByRole('button', { name: 'Sign in' }).click();
    await staff.getByText('Live ·').waitFor();

    // A customer asks a question in the widget on the brand page; staff are shown online.
    const customer = await newPage();
    await customer.goto(`${t.baseUrl}/`);
    await customer.getByText('Staff online').waitFor();
    await customer.getByRole('button', { name: 'Ask a question' }).first().click();
    const title = 'Is the Trail Runner 2 waterproof?';
    await customer.getByLabel('Your question').fill(title);
    await customer.getByLabel('Details').fill('Planning a rainy hike next week.');
    await customer.getByLabel('Your name').fill('Pat Customer');
    await customer.getByRole('button', { name: 'Post question' }).click();

    // It appears in the Unanswered queue without a reload, with how long it has waited.
    const row = staff.getByRole('button', { name: title });
    await row.waitFor();
    await expect.poll(() => staff.getByText(/waiting (under a minute|\d+ min)/).count()).toBeGreaterThan(0);
    await row.click();
    await staff
      .getByLabel('Your answer')
      .fill('It is water-resistant, not waterproof: pair it with gaiters in heavy rain.');
    await staff.getByRole('button', { name: 'Post answer' }).click();

    // The queue drops it, and the customer, whose question stays open after asking, sees the
    // staff-badged answer appear live in it.
    await expect.poll(() => staff.getByRole('button', { name: title }).count()).toBe(0);
    await customer.getByRole('heading', { name: title }).waitFor();
    await customer.getByText('It is water-resistant, not waterproof').waitFor();
    await expect.poll(() => customer.getByText('Staff', { exact: true }).count()).toBeGreaterThan(0);

    // Another member replies with an ad; the customer reports it from the widget.
    const { thread } = (await t.database.db
      .selectFrom('threads')
      .select('id')
      .where('title', '=', title)
      .executeTakeFirstOrThrow()
      .then((row) => ({ thread: row }))) as { thread: { id: string } };
    const spammer = await TestClient.connect(t.wsUrl(site), t.baseUrl);
    await spammer.ok({ type: 'guest.join', name: 'Shoe Deals' });
    await spammer.ok({ type: 'subscribe', board: DEMO_BOARD });
    await spammer.ok({
      type: 'post.create',
      key: TestClient.key(),
      threadId: thread.id,
      body: 'Cheaper copies at my shop, ask me',
    });
    const ad = customer.getByText('Cheaper copies at my shop');
    await ad.waitFor();
    await customer.locator('booth-board').getByRole('button', { name: 'Report' }).last().click();
    await customer.getByLabel('Spam or advertising').check();
    await customer.getByRole('button', { name: 'Send report' }).click();
    await customer.getByText('Reported — thank you').waitFor();

    // Staff hide it from the Reports queue; it disappears from the customer's page.
    // The answered thread may still be open beside the queue, showing the same reply,
    // so look inside the Reports list only.
    await staff.getByRole('button', { name: /^Reports/ }).click();
    const reports = staff.getByRole('region', { name: 'Reported posts' });
    await reports.getByText('Cheaper copies at my shop').waitFor();
    await reports.getByRole('button', { name: 'Hide post' }).click();
    await expect.poll(() => ad.count()).toBe(0);

    // The audit log names who did it.
    await staff.getByRole('button', { name: 'Audit log' }).click();
    await staff.getByText('post.hide').waitFor();
    await spammer.close();
  });

  it('orders the unanswered queue by the people waiting, on the server, with the count on each row', async () => {
    const { email, password } = await addStaff(t, site, 'staff', 'Quinn Staff');
    // Two new questions: the older one with its asker alone, the younger one with two more people waiting.
    const people: TestClient[] = [];
    const say = async (sub: string) => {
      const client = await TestClient.connect(t.wsUrl(site), site.allowed_origins[0]);
      await client.ok({ type: 'hello', sso: await signSso(site, { sub, name: sub }) });
      people.push(client);
      return client;
    };
    const ask = async (client: TestClient, title: string) =>
      (
        await client.ok({
          type: 'thread.create',
          key: TestClient.key(),
          board: DEMO_BOARD,
          kind: 'question',
          title,
          body: 'Thanks in advance.',
        })
      ).thread.id;
    const lonely = 'Are the soles resoleable?';
    const crowded = 'Is there a half size 44.5?';
    await ask(await say('order-asker-1'), lonely);
    const crowdedId = await ask(await say('order-asker-2'), crowded);
    for (const sub of ['order-fan-1', 'order-fan-2']) {
      await (await say(sub)).ok({ type: 'thread.follow', key: TestClient.key(), threadId: crowdedId });
    }
    for (const client of people) await client.close();

    const staff = await newPage();
    await staff.goto(`${t.baseUrl}/moderate/`);
    await staff.getByLabel('Email').fill(email);
    await staff.getByLabel('Password').fill(password);
    await staff.getByRole('button', { name: 'Sign in' }).click();
    await staff.getByText('Live ·').waitFor();
    const titles = () => staff.locator('booth-unanswered-tab .row-title').allTextContents();
    const before = (list: string[], a: string, b: string) => list.indexOf(a) >= 0 && list.indexOf(a) < list.indexOf(b);
    await expect.poll(async () => before(await titles(), lonely, crowded)).toBe(true);

    await staff.getByLabel('Order').selectOption({ label: 'most people waiting first' });
    await expect.poll(async () => before(await titles(), crowded, lonely)).toBe(true);
    const row = staff.locator('booth-unanswered-tab li', { hasText: crowded });
    expect(await row.textContent()).toContain('3 people waiting');
  });
});
