/**
 * The public answer badge on the demo site, in Chromium: the owner turns it on in the settings
 * tab, the brand page's widget then shows it under its header (its chunk loads only on a site
 * that shows it), and the embeddable SVG says the same. axe checks the page and the settings tab.
 */
import { BADGE_RULES } from '@booth/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

/** The badge's sentence, as the widget and the SVG both word it. */
const BADGE = /answers \d+% of questions/;

describe('the answer badge', () => {
  it('shows in the widget header and as an SVG once the owner turns it on', async () => {
    for (let i = 0; i < BADGE_RULES.minQuestions; i++) {
      await acceptedDemoQuestion(demo, `Badge question ${i}: do the laces come in red?`);
    }
    const customer = await (await demo.browser.newContext({ viewport: { width: 1280, height: 1000 } })).newPage();
    customer.on('pageerror', (error) => console.error('page error:', error.message));
    const requested: string[] = [];
    customer.on('request', (request) => requested.push(request.url()));
    await customer.goto(`${demo.t.baseUrl}/`);
    const board = customer.locator('booth-board');
    await board.getByRole('button', { name: 'Frequently asked questions' }).waitFor();
    // Off by default: no badge, and its chunk never loads.
    expect(await board.getByText(BADGE).count()).toBe(0);
    expect(requested.filter((url) => url.includes('answer-badge'))).toEqual([]);

    const owner = await moderationPage(demo, 'owner', 'Olive Owner');
    owner.on('pageerror', (error) => console.error('page error:', error.message));
    await owner.getByRole('button', { name: 'Settings' }).click();
    await owner.getByLabel('Show the answer badge').check();
    expect(await axeViolationsIn(owner, ['booth-moderate', 'booth-settings-tab', 'section'])).toEqual([]);
    await owner.getByRole('button', { name: 'Save settings' }).click();
    await owner.getByRole('status').filter({ hasText: 'Settings saved.' }).waitFor();

    await customer.reload();
    const line = board.getByText(BADGE);
    await line.waitFor();
    const said = await line.textContent();
    expect(said).toMatch(new RegExp(`^${demo.site.name} answers \\d+% of questions`));
    expect(await axeViolations(customer)).toEqual([]);

    const image = await customer.goto(`${demo.t.baseUrl}/b/${demo.site.public_key}/answers.svg`);
    expect(image?.headers()['content-type']).toContain('image/svg+xml');
    expect(await customer.locator('svg title').textContent()).toBe(said);
  });
});
