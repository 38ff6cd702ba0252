/**
 * The FAQ built from answers, in two browsers on the demo site: a visitor opens the FAQ (its
 * chunk loads only then), reads an answer, searches it; staff write a summary in the moderation
 * view's FAQ tab and the visitor sees it on reopening. axe checks both.
 */
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

const acceptedQuestion = (title: string, answer: string) => acceptedDemoQuestion(demo, title, { answer });

describe('the FAQ in the widget', () => {
  it('loads on demand, opens answers, searches, and shows the summary staff wrote', async () => {
    const washing = 'Can the Trail Runner 2 go in the washing machine?';
    const sizing = 'Does the Trail Runner 2 fit wide feet?';
    await acceptedQuestion(washing, 'Yes, on a cold cycle, laces removed.');
    await acceptedQuestion(sizing, 'It runs narrow; order the wide version.');

    const customer = await (await demo.browser.newContext({ viewport: { width: 1280, height: 1000 } })).newPage();
    customer.on('pageerror', (error) => console.error('page error:', error.message));
    const chunks: string[] = [];
    customer.on('request', (request) => chunks.push(request.url()));
    await customer.goto(`${demo.t.baseUrl}/`);
    const board = customer.locator('booth-board');
    await board.getByRole('button', { name: 'Frequently asked questions' }).waitFor();
    expect(chunks.filter((url) => url.includes('faq-panel'))).toEqual([]);

    await board.getByRole('button', { name: 'Frequently asked questions' }).click();
    const faq = board.getByRole('region', { name: 'Frequently asked questions' });
    await faq.getByText(washing).waitFor();
    expect(chunks.filter((url) => url.includes('faq-panel')).length).toBe(1);
    await faq.getByText(washing).click();
    await faq.getByText('Yes, on a cold cycle, laces removed.').waitFor();
    expect(await axeViolations(customer)).toEqual([]);

    await faq.getByRole('searchbox', { name: 'Search the FAQ' }).fill('wide feet');
    await expect.poll(() => faq.getByText(washing).count()).toBe(0);
    expect(await faq.getByText(sizing).count()).toBe(1);

    // Staff write a summary in the FAQ tab.
    const staff = await moderationPage(demo, 'staff', 'Fay FAQ');
    staff.on('pageerror', (error) => console.error('page error:', error.message));
    await staff.getByRole('button', { name: 'FAQ', exact: true }).click();
    const entry = staff.getByRole('form', { name: sizing });
    await entry.getByLabel('Summary').fill('Order the wide version; the standard one runs narrow.');
    await entry.getByLabel('Position').fill('1');
    await entry.getByRole('button', { name: 'Save' }).click();
    await staff.getByRole('status').filter({ hasText: 'FAQ entry saved.' }).waitFor();
    expect(await axeViolationsIn(staff, ['booth-moderate', 'booth-faq-tab', 'section'])).toEqual([]);

    // Reopened, the FAQ puts it first with the summary.
    await faq.getByRole('button', { name: 'Back to all questions' }).click();
    await board.getByRole('button', { name: 'Frequently asked questions' }).click();
    const first = faq.getByRole('listitem').first();
    await first.getByText(sizing).waitFor();
    await first.getByText(sizing).click();
    await first.getByText('Order the wide version; the standard one runs narrow.').waitFor();
    expect(await axeViolations(customer)).toEqual([]);
  });
});
