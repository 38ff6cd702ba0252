/**
 * Escalating to the helpdesk from the moderation view, in Chromium: one click on a thread sends it
 * (the panel then says it is with the helpdesk and who sent it, and its row in the unanswered
 * queue carries the same mark), the owner's setting for automatic
 * escalation saves, and axe finds nothing on either.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_BOARD } from '../../server/src/demo/demo-site.js';
import { axeViolationsIn } from '../helpers/axe.js';
import { closeDemoInBrowser, type DemoInBrowser, moderationPage, startDemoInBrowser } from '../helpers/demo-browser.js';
import { TestClient } from '../helpers/ws-client.js';

let demo: DemoInBrowser;

beforeAll(async () => {
  demo = await startDemoInBrowser();
});
afterAll(() => closeDemoInBrowser(demo));

describe('escalating to the helpdesk', () => {
  it('sends a thread with one click and shows it is with the helpdesk', async () => {
    const title = 'My order tracking page shows an error';
    const customer = await TestClient.connect(demo.t.wsUrl(demo.site), demo.t.baseUrl);
    await customer.ok({ type: 'guest.join', name: 'Uma Customer' });
    await customer.ok({
      type: 'thread.create',
      key: TestClient.key(),
      board: DEMO_BOARD,
      kind: 'question',
      title,
      body: 'It says error 500 since this morning.',
    });
    await customer.close();

    const staff = await moderationPage(demo, 'owner', 'Eli Escalator');
    staff.on('pageerror', (error) => console.error('page error:', error.message));
    await staff.getByRole('button', { name: title }).click();
    const panel = staff.locator('booth-thread-panel');
    await panel.getByRole('button', { name: 'Escalate to helpdesk' }).click();
    await staff.getByRole('status').filter({ hasText: 'Sent to the helpdesk.' }).waitFor();
    await panel.getByText('With the helpdesk').waitFor();
    await panel.getByText(/escalated by Eli Escalator/).waitFor();
    expect(await panel.getByRole('button', { name: 'Escalate to helpdesk' }).count()).toBe(0);
    // The unanswered queue marks the row too, once the staff feed tells of the escalation.
    await staff.locator('booth-unanswered-tab li').filter({ hasText: title }).getByText('With the helpdesk').waitFor();
    expect(await axeViolationsIn(staff, ['booth-moderate', 'booth-thread-panel', 'aside'])).toEqual([]);
    expect(await axeViolationsIn(staff, ['booth-moderate', 'booth-unanswered-tab', 'section'])).toEqual([]);

    await staff.getByRole('button', { name: 'Settings', exact: true }).click();
    const setting = staff.getByRole('checkbox', { name: /^Escalate questions to the helpdesk/ });
    await setting.check();
    await staff.getByRole('button', { name: 'Save settings' }).click();
    await expect
      .poll(
        async () =>
          (
            await demo.t.database.db
              .selectFrom('sites')
              .select('auto_escalate')
              .where('id', '=', demo.site.id)
              .executeTakeFirstOrThrow()
          ).auto_escalate,
      )
      .toBe(true);
    expect(await axeViolationsIn(staff, ['booth-moderate', 'booth-settings-tab', 'section'])).toEqual([]);
  });
});
