/**
 * An owner sets the site's email and alert settings and what happens to deleted accounts'
 * posts in the moderation view; after a reload the form shows what was stored.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { findSiteMailSettings } from '../../server/src/db/site-mail-settings.queries.js';
import { findSiteAlertTiming } from '../../server/src/db/staff-alerts.queries.js';
import { deletedMemberPosts } from '../../server/src/domain/privacy/erase-member.js';
import { closeDemoInBrowser, moderationPage, openModerationTab, startDemoInBrowser } from '../helpers/demo-browser.js';

const demo = await startDemoInBrowser();
const { t, site } = demo;
afterAll(() => closeDemoInBrowser(demo));

describe('email settings in the moderation view', () => {
  it('an owner saves the sender, colour, alerts, digest hour and deleted posts; a reload shows them', async () => {
    const page = await moderationPage(demo, 'owner', 'Olive Owner', { width: 1280, height: 1600 });
    await openModerationTab(page, 'Settings');

    const hour = page.getByLabel(/Hour of the daily digest/);
    await expect.poll(() => hour.inputValue()).toBe('8');
    await page.getByLabel(/Posts of a member who deletes their account/).selectOption('remove');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Settings saved.').waitFor();

    await page.getByLabel('Email me a daily digest').check();
    await page.getByLabel(/Minutes a question may wait/).fill('45');
    await hour.fill('17');
    await page.getByLabel(/Sender name/).fill('Acme Support');
    await page.getByLabel(/Sender address/).fill('support@acme.example');
    await page.getByLabel(/Accent colour of emails/).fill('#2F6B4F');
    await page.getByRole('button', { name: 'Save email settings' }).click();
    await page.getByText('Email settings saved.').waitFor();

    expect(await findSiteMailSettings(t.database.db, site.id)).toEqual({
      fromName: 'Acme Support',
      fromAddress: 'support@acme.example',
      accentColor: '#2f6b4f',
    });
    expect(await findSiteAlertTiming(t.database.db, site.id)).toEqual({ thresholdMinutes: 45, digestHour: 17 });
    expect(await deletedMemberPosts(t.database.db, site.id)).toBe('remove');

    await page.reload();
    await page.getByText('Live ·').waitFor();
    await openModerationTab(page, 'Settings');
    await expect.poll(() => page.getByLabel(/Hour of the daily digest/).inputValue()).toBe('17');
    expect(await page.getByLabel(/Minutes a question may wait/).inputValue()).toBe('45');
    expect(await page.getByLabel('Email me a daily digest').isChecked()).toBe(true);
    expect(await page.getByLabel('Email me when a question waits past the threshold').isChecked()).toBe(false);
    expect(await page.getByLabel(/Sender name/).inputValue()).toBe('Acme Support');
    expect(await page.getByLabel(/Sender address/).inputValue()).toBe('support@acme.example');
    expect(await page.getByLabel(/Accent colour of emails/).inputValue()).toBe('#2f6b4f');
    expect(await page.getByLabel(/Posts of a member who deletes their account/).inputValue()).toBe('remove');

    // Clearing the sender name puts the site's name back.
    await page.getByLabel(/Sender name/).fill('');
    await page.getByRole('button', { name: 'Save email settings' }).click();
    await expect.poll(async () => (await findSiteMailSettings(t.database.db, site.id)).fromName).toBeNull();
  });
});
