/**
 * The Install tab on the demo site, in Chromium: the script tag to copy with `data-board`
 * explained, the SSO examples, a page refused from a new origin listed and allowed with a click
 * (after which that origin connects), and the live preview of a board taking the theme
 * variables. axe checks the tab.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_BOARD } from '../../server/src/demo/demo-site.js';
import { axeViolationsIn } from '../helpers/axe.js';
import { closeDemoInBrowser, type DemoInBrowser, moderationPage, startDemoInBrowser } from '../helpers/demo-browser.js';
import { tryUpgrade } from '../helpers/http-client.js';

let demo: DemoInBrowser;

beforeAll(async () => {
  demo = await startDemoInBrowser();
});
afterAll(() => closeDemoInBrowser(demo));

describe('the Install tab', () => {
  it('shows the tag and SSO examples, allows a refused origin with a click, and previews a themed board', async () => {
    const origin = 'https://new-shop.example';
    expect((await tryUpgrade(demo.t.wsUrl(demo.site), origin)).status).toBe(403);

    const page = await moderationPage(demo, 'owner', 'Ines Installer');
    page.on('pageerror', (error) => console.error('page error:', error.message));
    await page.getByRole('button', { name: 'Install', exact: true }).click();
    const tab = page.locator('booth-install-tab');
    await tab.getByRole('heading', { name: 'Install Booth on your site' }).waitFor();

    // The tag to copy, with its attributes explained.
    await tab.getByText(`data-site="${demo.site.public_key}"`).first().waitFor();
    await tab.getByText(/data-board names the board this page shows/).waitFor();

    // Single sign-on: the tag with data-sso, and each backend's example.
    await tab.getByText('data-sso="TOKEN_FROM_YOUR_BACKEND"').waitFor();
    await tab.getByText('export function boothSsoToken(user').waitFor();
    await tab.getByRole('button', { name: 'Python' }).click();
    await tab.getByText('def booth_sso_token(user: dict').waitFor();
    expect(await tab.getByRole('button', { name: 'Python' }).getAttribute('aria-pressed')).toBe('true');
    await tab.getByRole('button', { name: 'PHP' }).click();
    await tab.getByText('function booth_sso_token(array $user').waitFor();

    // The refused origin is listed; one click allows it, and pages there connect.
    const row = tab.getByRole('row').filter({ hasText: origin });
    await row.waitFor();
    expect(await axeViolationsIn(page, ['booth-moderate', 'booth-install-tab', 'section'])).toEqual([]);
    await row.getByRole('button', { name: `Allow ${origin}` }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Allowed ${origin}.` })
      .waitFor();
    await expect.poll(() => tab.getByRole('row').filter({ hasText: origin }).count()).toBe(0);
    await tab.getByRole('listitem').filter({ hasText: origin }).waitFor();
    expect((await tryUpgrade(demo.t.wsUrl(demo.site), origin)).status).toBe(101);

    // The preview is the live board, with the theme variables set on it.
    await tab.getByRole('combobox', { name: /^Board/ }).selectOption(DEMO_BOARD);
    const board = tab.locator('booth-board');
    await board.getByRole('list', { name: 'Threads' }).waitFor();
    await tab.getByLabel('Accent colour (--booth-accent)').fill('#aa3300');
    await tab.getByLabel('Corner radius in pixels (--booth-radius)').fill('4');
    await expect
      .poll(() => board.evaluate((el) => getComputedStyle(el).getPropertyValue('--booth-accent').trim()))
      .toBe('#aa3300');
    expect(await board.evaluate((el) => getComputedStyle(el).getPropertyValue('--booth-radius').trim())).toBe('4px');
    await tab.getByText('--booth-accent: #aa3300;').waitFor();
    expect(await axeViolationsIn(page, ['booth-moderate', 'booth-install-tab', 'section'])).toEqual([]);
  });
});
