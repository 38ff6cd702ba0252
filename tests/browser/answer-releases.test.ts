/**
 * Answers that go stale, in two browsers on the demo site: staff record a release in the Re-check
 * tab, the brand page shows "May be out of date" on the accepted answer at once, and confirming
 * the answer there takes the label away again, live. axe checks the label and the tab.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_BOARD } from '../../server/src/demo/demo-site.js';
import { axeViolations, axeViolationsIn } from '../helpers/axe.js';
import {
  acceptedDemoQuestion,
  closeDemoInBrowser,
  type DemoInBrowser,
  moderationPage,
  startDemoInBrowser,
} from '../helpers/demo-browser.js';

let demo: DemoInBrowser;

beforeAll(async () => {
  demo = await startDemoInBrowser();
});
afterAll(() => closeDemoInBrowser(demo));

const acceptedQuestion = (title: string) => acceptedDemoQuestion(demo, title);

describe('answers that go stale', () => {
  it('a release flags the accepted answer on the brand page live, and confirming it clears the label', async () => {
    const title = 'How do I lace the Trail Runner 2?';
    await acceptedQuestion(title);

    const customer = await (await demo.browser.newContext({ viewport: { width: 1280, height: 1000 } })).newPage();
    customer.on('pageerror', (error) => console.error('page error:', error.message));
    await customer.goto(`${demo.t.baseUrl}/`);
    const row = customer.locator('booth-board').getByRole('listitem').filter({ hasText: title });
    await row.getByText('✓ Answered').waitFor();
    expect(await row.getByText('May be out of date').count()).toBe(0);

    const staff = await moderationPage(demo, 'staff', 'Rae Recheck');
    staff.on('pageerror', (error) => console.error('page error:', error.message));
    await staff.getByRole('button', { name: 'Re-check' }).click();
    await staff.getByText('No answers to re-check.').waitFor();
    await staff.getByLabel('Board').fill(DEMO_BOARD);
    await staff.getByLabel('Release', { exact: true }).fill('Trail Runner 2.1 laces');
    await staff.getByRole('button', { name: 'Record release' }).click();
    await staff
      .getByRole('status')
      .filter({ hasText: /Release recorded: \d+ answers? to re-check\./ })
      .waitFor();

    // The brand page shows the label without a reload; it passes axe.
    await row.getByText('May be out of date').waitFor();
    expect(await axeViolations(customer)).toEqual([]);

    // The answer waits in the queue with the release it predates; the tab passes axe.
    const item = staff.getByRole('listitem').filter({ hasText: title });
    await item.getByText(/before Trail Runner 2\.1 laces/).waitFor();
    await staff.getByRole('cell', { name: 'Trail Runner 2.1 laces' }).waitFor();
    expect(await axeViolationsIn(staff, ['booth-moderate', 'booth-recheck-tab', 'section'])).toEqual([]);

    // Opened in the widget, the thread says so too.
    await row.getByRole('button', { name: title }).click();
    const header = customer.locator('booth-board').locator('.thread-header');
    await header.getByText('May be out of date').waitFor();

    // Staff confirm it: it leaves the queue, and the label leaves the brand page, live.
    await item.getByRole('button', { name: 'Still correct' }).click();
    await staff.getByRole('status').filter({ hasText: 'Answer confirmed.' }).waitFor();
    await expect.poll(() => staff.getByRole('listitem').filter({ hasText: title }).count()).toBe(0);
    await expect.poll(() => header.getByText('May be out of date').count()).toBe(0);
    expect(await header.getByText('✓ Answered').count()).toBe(1);
  });
});
