/**
 * The API keys tab on the demo site, in Chromium: an owner makes a key that writes as a staff
 * member, sees its secret once (it signs in to the API), revokes it after confirming on the row
 * (it signs nothing in from then on), and the secret is gone once the tab reloads. axe checks the tab.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authenticateApiKey } from '../../server/src/domain/api-keys.js';
import { axeViolationsIn } from '../helpers/axe.js';
import { closeDemoInBrowser, type DemoInBrowser, moderationPage, startDemoInBrowser } from '../helpers/demo-browser.js';

let demo: DemoInBrowser;

beforeAll(async () => {
  demo = await startDemoInBrowser();
});
afterAll(() => closeDemoInBrowser(demo));

describe('the API keys tab', () => {
  it('makes a key with its secret shown once, and revokes it after a confirmation', async () => {
    const page = await moderationPage(demo, 'owner', 'Kim Keymaker');
    page.on('pageerror', (error) => console.error('page error:', error.message));
    await page.getByRole('button', { name: 'API keys', exact: true }).click();
    const tab = page.locator('booth-api-keys-tab');
    await tab.getByRole('heading', { name: 'API keys' }).waitFor();
    expect(await axeViolationsIn(page, ['booth-moderate', 'booth-api-keys-tab', 'section'])).toEqual([]);

    await tab.getByLabel('Name').fill('Helpdesk');
    await tab.getByRole('checkbox', { name: 'Write as staff' }).check();
    await tab.getByRole('combobox', { name: /^Acts as/ }).selectOption({ label: 'Kim Keymaker' });
    await tab.getByRole('button', { name: 'Make key' }).click();

    const secretBox = tab.locator('pre[data-secret]');
    await secretBox.waitFor();
    const secret = (await secretBox.textContent())?.trim() ?? '';
    expect(secret).toMatch(/^booth_/);
    const row = tab.getByRole('row').filter({ hasText: 'Helpdesk' });
    await row.getByText('Read, Write as staff').waitFor();
    await row.getByText('Kim Keymaker').waitFor();
    await row.getByText(`${secret.slice(0, 12)}…`).waitFor();
    expect(await axeViolationsIn(page, ['booth-moderate', 'booth-api-keys-tab', 'section'])).toEqual([]);
    const principal = await authenticateApiKey(demo.t.app.services, secret);
    expect(principal).toMatchObject({ siteId: demo.site.id, scopes: ['read', 'write'] });

    // Revoking asks on the row first.
    await row.getByRole('button', { name: 'Revoke the key Helpdesk' }).click();
    await row.getByText('Systems using this key stop working.').waitFor();
    expect(await axeViolationsIn(page, ['booth-moderate', 'booth-api-keys-tab', 'section'])).toEqual([]);
    await row.getByRole('button', { name: 'Revoke now' }).click();
    await page.getByRole('status').filter({ hasText: 'Key Helpdesk revoked.' }).waitFor();
    await row.getByText('Revoked').waitFor();
    expect(await authenticateApiKey(demo.t.app.services, secret)).toBeNull();

    // Another visit to the tab lists the key, never its secret.
    await page.getByRole('button', { name: 'Audit log', exact: false }).first().click();
    await page.getByRole('button', { name: 'API keys', exact: true }).click();
    await tab.getByRole('row').filter({ hasText: 'Helpdesk' }).waitFor();
    expect(await tab.locator('pre[data-secret]').count()).toBe(0);
    expect(await page.content()).not.toContain(secret);
  });
});
