/**
 * The moderation view speaks the staff member's language: the browser's by default, another one
 * picked in the header (remembered on reload and kept with the account), Arabic laid out right to left. Only the chosen
 * language's catalog is fetched. A screenshot of each is written to test-results/ for people to look at.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_BOARD } from '../../server/src/demo/demo-site.js';
import { closeDemoInBrowser, type DemoInBrowser, startDemoInBrowser } from '../helpers/demo-browser.js';
import { addStaff } from '../helpers/staff-session.js';
import { signSso } from '../helpers/test-app.js';
import { TestClient } from '../helpers/ws-client.js';

let demo: DemoInBrowser;
const shots = join(import.meta.dirname, '../../test-results');

beforeAll(async () => {
  demo = await startDemoInBrowser();
  mkdirSync(shots, { recursive: true });
});
afterAll(() => closeDemoInBrowser(demo));

/** A question with two more people waiting on it, so the queue shows a plural count. */
async function askWithFollowers(title: string): Promise<void> {
  const { t, site } = demo;
  const people: TestClient[] = [];
  const join = async (sub: string) => {
    const client = await TestClient.connect(t.wsUrl(site), site.allowed_origins[0]);
    await client.ok({ type: 'hello', sso: await signSso(site, { sub, name: sub }) });
    people.push(client);
    return client;
  };
  const { thread } = await (await join('lang-asker')).ok({
    type: 'thread.create',
    key: TestClient.key(),
    board: DEMO_BOARD,
    kind: 'question',
    title,
    body: 'Size 44 runs small for me.',
  });
  for (const sub of ['lang-fan-1', 'lang-fan-2']) {
    await (await join(sub)).ok({ type: 'thread.follow', key: TestClient.key(), threadId: thread.id });
  }
  for (const client of people) await client.close();
}

/** The catalog chunks (`de-….js`) the page fetched. */
function catalogRequests(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (request) => {
    const name = /\/moderate\/assets\/(en|de|fr|es|pt-BR|ja|ar)-[\w-]+\.js$/.exec(request.url())?.[1];
    if (name) seen.push(name);
  });
  return seen;
}

const root = (page: Page) =>
  page.evaluate(() => ({ lang: document.documentElement.lang, dir: document.documentElement.dir }));

describe('the moderation view in the staff member’s language', () => {
  it('starts in the browser’s German, switches to Arabic right to left, and keeps it on reload', async () => {
    const title = 'Läuft die Größe 44 klein aus?';
    await askWithFollowers(title);
    const { email, password } = await addStaff(demo.t, demo.site, 'owner', 'Jana Ober');
    const context = await demo.browser.newContext({ locale: 'de-DE', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const catalogs = catalogRequests(page);

    // German from navigator.languages: the sign-in form is German and only its catalog was fetched.
    await page.goto(`${demo.t.baseUrl}/moderate/`);
    await page.getByRole('heading', { name: 'Booth-Moderation' }).waitFor();
    expect(await root(page)).toEqual({ lang: 'de', dir: 'ltr' });
    expect(catalogs).toEqual(['de']);
    await page.getByLabel('E-Mail').fill(email);
    await page.getByLabel('Passwort').fill('nicht das Passwort');
    await page.getByRole('button', { name: 'Anmelden' }).click();
    // The server's refusal, worded by the catalog from its code.
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('E-Mail-Adresse oder Passwort stimmen nicht.');
    await page.getByLabel('Passwort').fill(password);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.getByText('● Live ·').waitFor();

    // Tabs, queue rows and plurals in German.
    await page.getByRole('button', { name: 'Abmelden' }).waitFor();
    const queue = page.getByRole('region', { name: 'Unbeantwortete Fragen' });
    const row = queue.getByRole('listitem').filter({ hasText: title });
    await expect.poll(() => row.textContent()).toContain('3 Personen warten');
    expect(await row.textContent()).toMatch(/wartet seit (weniger als einer Minute|\d+ Min\.)/);
    expect(await row.getByRole('button', { name: 'Antworten' }).count()).toBe(1);
    await page.getByRole('button', { name: /^Einstellungen/ }).click();
    await page.getByLabel('Verschiedene Meldungen, die einen Beitrag zur Prüfung ausblenden').waitFor();
    await page.getByRole('button', { name: /^Unbeantwortet/ }).click();
    await page.screenshot({ path: join(shots, 'moderation-de.png') });

    // Arabic, picked in the header: every word changes at once, the page turns right to left.
    await page.getByLabel('Sprache').selectOption('ar');
    await page.getByRole('button', { name: 'تسجيل الخروج' }).waitFor();
    expect(await root(page)).toEqual({ lang: 'ar', dir: 'rtl' });
    expect(await page.title()).toBe('Booth · الإشراف');
    expect(catalogs).toEqual(['de', 'ar']);
    const arabicQueue = page.getByRole('region', { name: 'أسئلة بلا إجابة' });
    const arabicRow = arabicQueue.getByRole('listitem').filter({ hasText: title });
    expect(await arabicRow.textContent()).toContain('ينتظرون');
    expect(await arabicRow.getByRole('button', { name: 'أجب' }).count()).toBe(1);

    // Right to left: the first tab sits at the right edge, and text starts on the right.
    const tabs = page.getByRole('navigation').getByRole('button');
    const first = await tabs.first().boundingBox();
    const last = await tabs.last().boundingBox();
    expect(first && last && first.x > last.x).toBe(true);
    const rowTitle = arabicRow.locator('.row-title');
    const list = await arabicQueue.boundingBox();
    const titleBox = await rowTitle.boundingBox();
    expect(list && titleBox && list.x + list.width - (titleBox.x + titleBox.width) < 40).toBe(true);
    await page.screenshot({ path: join(shots, 'moderation-ar.png') });
    // The thread beside the queue, and the insights, right to left too.
    await rowTitle.click();
    await page.getByRole('complementary', { name: 'الموضوع' }).getByRole('button', { name: 'نشر الإجابة' }).waitFor();
    await page.screenshot({ path: join(shots, 'moderation-ar-thread.png') });
    await page.getByRole('button', { name: 'إغلاق' }).click();
    await page.getByRole('button', { name: 'الإحصاءات' }).click();
    await page.getByRole('region', { name: 'الإحصاءات' }).getByText('الأسئلة المطروحة').waitFor();
    await page.screenshot({ path: join(shots, 'moderation-ar-insights.png'), fullPage: true });
    await page.getByRole('button', { name: /^بلا إجابة/ }).click();

    // The choice is remembered: a reload comes back in Arabic without fetching German.
    catalogs.length = 0;
    await page.reload();
    await page.getByRole('button', { name: 'تسجيل الخروج' }).waitFor();
    expect(await root(page)).toEqual({ lang: 'ar', dir: 'rtl' });
    expect(catalogs).toEqual(['ar']);
    await context.close();

    // The pick is kept with the account: on another browser (English), signing in turns the view Arabic.
    const elsewhere = await (await demo.browser.newContext({ locale: 'en-US' })).newPage();
    await elsewhere.goto(`${demo.t.baseUrl}/moderate/`);
    await elsewhere.getByLabel('Email').fill(email);
    await elsewhere.getByLabel('Password').fill(password);
    await elsewhere.getByRole('button', { name: 'Sign in' }).click();
    await elsewhere.getByRole('button', { name: 'تسجيل الخروج' }).waitFor();
    expect(await root(elsewhere)).toEqual({ lang: 'ar', dir: 'rtl' });
    await elsewhere.context().close();
  });

  it('starts in English when the catalog of the browser’s language cannot be fetched', async () => {
    const context = await demo.browser.newContext({ locale: 'de-DE' });
    const page = await context.newPage();
    await page.route(/\/moderate\/assets\/de-[\w-]+\.js$/, (route) => route.abort());
    await page.goto(`${demo.t.baseUrl}/moderate/`);
    await page.getByRole('heading', { name: 'Booth moderation' }).waitFor();
    expect(await root(page)).toEqual({ lang: 'en', dir: 'ltr' });
    await context.close();
  });

  it('stays in English for an English browser, with English dates and counts', async () => {
    const { email, password } = await addStaff(demo.t, demo.site, 'staff', 'Ezra Staff');
    const context = await demo.browser.newContext({ locale: 'en-US', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const catalogs = catalogRequests(page);
    await page.goto(`${demo.t.baseUrl}/moderate/`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('● Live ·').waitFor();
    expect(await root(page)).toEqual({ lang: 'en', dir: 'ltr' });
    expect(catalogs).toEqual(['en']);
    expect(await page.getByLabel('Language').inputValue()).toBe('en');
    const names = await page.getByLabel('Language').locator('option').allTextContents();
    expect(names).toEqual(['English', 'Deutsch', 'Français', 'Español', 'Português (Brasil)', '日本語', 'العربية']);
    await context.close();
  });
});
