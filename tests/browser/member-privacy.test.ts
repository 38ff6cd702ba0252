/**
 * A member's data and account from the moderation view: staff download everything the site
 * keeps about a member, and delete a customer's account at their request, after confirming in
 * the row. The member's post then shows under "Deleted member" on the brand page.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_BOARD } from '../../server/src/demo/demo-site.js';
import {
  closeDemoInBrowser,
  type DemoInBrowser,
  moderationPage,
  openModerationTab,
  startDemoInBrowser,
} from '../helpers/demo-browser.js';
import { signSso } from '../helpers/test-app.js';
import { TestClient } from '../helpers/ws-client.js';

let demo: DemoInBrowser;

beforeAll(async () => {
  demo = await startDemoInBrowser();
});
afterAll(() => closeDemoInBrowser(demo));

it('staff download a member’s data and delete their account from the Members tab', async () => {
  const { t, site } = demo;
  // A customer signed in by the brand asks a question.
  const name = 'Quinn Privacy';
  const title = 'Can I get the laces in orange?';
  const client = await TestClient.connect(t.wsUrl(site), t.baseUrl);
  const { me } = await client.ok({ type: 'hello', sso: await signSso(site, { sub: 'quinn-1', name }) });
  const { thread } = await client.ok({
    type: 'thread.create',
    key: TestClient.key(),
    board: DEMO_BOARD,
    kind: 'question',
    title,
    body: 'Orange laces would match my jacket.',
  });
  await client.close();

  const staff = await moderationPage(demo, 'owner', 'Morgan Owner');
  await openModerationTab(staff, 'Members');
  await staff.getByLabel('Search members').fill(name);
  await staff.getByLabel('Search members').press('Enter');

  // The download is the member's data as JSON, with their question in it.
  const [download] = await Promise.all([
    staff.waitForEvent('download'),
    staff.getByRole('link', { name: `Download data of ${name}` }).click(),
  ]);
  const data = JSON.parse(await readFile(await download.path(), 'utf8'));
  expect(data.member.name).toBe(name);
  expect(JSON.stringify(data)).toContain('Orange laces would match my jacket.');

  // Deleting asks first; keeping the account changes nothing.
  await staff.getByRole('button', { name: `Delete account of ${name}` }).click();
  const confirm = staff.getByRole('button', { name: `Yes, delete the account of ${name}` });
  await expect.poll(() => confirm.evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement)).toBe(true);
  await staff.getByRole('button', { name: 'Keep the account' }).click();
  await staff.getByRole('button', { name: `Delete account of ${name}` }).click();
  await confirm.click();
  await staff.getByText(`The account of ${name} is deleted.`).waitFor();

  // The member is erased: no one of that name is left, and the post shows under "Deleted member".
  const member = await t.database.db
    .selectFrom('members')
    .select(['name'])
    .where('id', '=', me?.id as string)
    .executeTakeFirstOrThrow();
  expect(member.name).toBe('Deleted member');
  const page = await staff.context().newPage();
  await page.goto(`${t.baseUrl}/#booth-thread=${thread.id}`);
  await page.getByText(title).first().waitFor();
  await expect.poll(() => page.getByText('Deleted member').count()).toBeGreaterThan(0);
  expect(await page.getByText(name).count()).toBe(0);
  await staff.context().close();
});
