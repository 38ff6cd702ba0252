/**
 * Two-factor sign-in and lockouts in the moderation view, driven in Chromium: a staff member
 * turns an authenticator on from the Account tab, signs in with its codes and with a recovery
 * code (once), and an owner lifts a lockout from the Staff tab. Codes are computed with
 * `otpauth` from the QR code the page shows (scanned from a screenshot, as a phone would), at
 * the server's injected clock.
 */
import jsQR from 'jsqr';
import { Secret, TOTP } from 'otpauth';
import type { Browser, Locator, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteRow } from '../../server/src/db/database.js';
import { closeDemoInBrowser, startDemoInBrowser } from '../helpers/demo-browser.js';
import { addStaff, postJson } from '../helpers/staff-session.js';
import type { TestApp } from '../helpers/test-app.js';

let t: TestApp;
let browser: Browser;
let site: SiteRow;
/** The server's clock; moved by the test, never read from the wall. */
let clock = new Date('2026-03-02T10:00:00.000Z');
let nextHost = 1;

beforeAll(async () => {
  ({ t, site, browser } = await startDemoInBrowser({ live: { now: () => clock } }));
});
afterAll(() => closeDemoInBrowser({ t, browser }));

/** The next 30-second step of the server's clock: each code is taken once, so a new sign-in waits for it. */
function nextStep(): void {
  clock = new Date(clock.getTime() + 30_000);
}

const codeAt = (secret: string, at: Date) =>
  new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: at.getTime() });

/** A six-digit code that is none of the codes the server accepts around `at`. */
function wrongCodeAt(secret: string, at: Date): string {
  const valid = [-30_000, 0, 30_000].map((d) => codeAt(secret, new Date(at.getTime() + d)));
  return ['000000', '111111', '222222', '333333'].find((c) => !valid.includes(c)) as string;
}

/** What a phone's camera reads from the QR code on screen. */
async function scan(image: Locator): Promise<string | null> {
  const png = PNG.sync.read(await image.screenshot());
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? null;
}

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
  return page;
}

/** Fills in email and password and presses Sign in. */
async function enterPassword(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Types a code into the sign-in form's code field (which the server asked for) and submits. */
async function enterCode(page: Page, code: string): Promise<void> {
  const field = page.getByLabel('Authentication code');
  await field.fill(code);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('status').filter({ hasText: 'You are signed out.' }).waitFor();
}

/** Alerts with something in them (the sign-in form keeps an empty one ready). */
const shownAlerts = (page: Page) => page.getByRole('alert').filter({ hasText: /\S/ });
const alertText = (page: Page) => shownAlerts(page).textContent();

describe('two-factor sign-in in the moderation view', () => {
  it('turns on from the Account tab, then signs in with a code, and with a recovery code only once', async () => {
    const { email, password } = await addStaff(t, site, 'staff', 'Toni Staff');
    const page = await newPage();
    await page.goto(`${t.baseUrl}/moderate/`);
    await enterPassword(page, email, password);
    await page.getByText('Live ·').waitFor();
    // No code was asked for: two-factor is still off.
    expect(await page.getByLabel('Authentication code').count()).toBe(0);

    // Setting up shows the key as a QR code, as an otpauth:// link and as text, all alike.
    await page.getByRole('button', { name: 'Account' }).click();
    const account = page.getByRole('region', { name: 'Your account' });
    await account.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
    const qr = account.getByRole('img', { name: 'QR code for your authenticator app' });
    await qr.waitFor();
    const scanned = await scan(qr);
    expect(scanned).toMatch(/^otpauth:\/\/totp\//);
    const link = account.getByRole('link', { name: /^otpauth:\/\/totp\// });
    expect(await link.getAttribute('href')).toBe(scanned);
    const secret = new URL(scanned as string).searchParams.get('secret') as string;
    const shownKey = (await account.locator('pre').first().textContent())?.replace(/\s+/g, '');
    expect(shownKey).toBe(secret);

    // A wrong code is refused with the server's words; the app's current code turns it on.
    await account.getByLabel('Code from the app').fill(wrongCodeAt(secret, clock));
    await account.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
    await expect.poll(() => alertText(page)).toContain('That code is not right.');
    await account.getByLabel('Code from the app').fill(codeAt(secret, clock));
    await account.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();

    // The recovery codes are shown once, with a note to keep them.
    const list = account.getByRole('list', { name: 'Recovery codes' });
    await list.waitFor();
    const recoveryCodes = (await list.getByRole('listitem').allTextContents()).map((c) => c.trim());
    expect(recoveryCodes).toHaveLength(10);
    await account.getByText('shown only this once').waitFor();
    await account.getByRole('button', { name: 'I have saved my recovery codes' }).click();
    await account.getByText(/^On\./).waitFor();
    expect(await list.count()).toBe(0);
    await signOut(page);

    // The password alone now brings the code field, with no error shown.
    nextStep();
    await enterPassword(page, email, password);
    const codeField = page.getByLabel('Authentication code');
    await codeField.waitFor();
    expect(await shownAlerts(page).count()).toBe(0);
    await expect
      .poll(() => codeField.evaluate((el) => el === (el.getRootNode() as ShadowRoot).activeElement))
      .toBe(true);
    await enterCode(page, wrongCodeAt(secret, clock));
    await expect.poll(() => alertText(page)).toContain('The code is not right.');
    expect(await codeField.getAttribute('aria-invalid')).toBe('true');
    await enterCode(page, codeAt(secret, clock));
    await page.getByText('Live ·').waitFor();
    await signOut(page);

    // A recovery code signs in once …
    const recovery = recoveryCodes[0] as string;
    await enterPassword(page, email, password);
    await enterCode(page, recovery);
    await page.getByText('Live ·').waitFor();
    await signOut(page);

    // … and is refused the second time.
    await enterPassword(page, email, password);
    await enterCode(page, recovery);
    await expect.poll(() => alertText(page)).toContain('The code is not right.');
    expect(await page.getByText('Live ·').count()).toBe(0);

    // The app's next code still works; two-factor is turned off with the password and a code.
    nextStep();
    await enterCode(page, codeAt(secret, clock));
    await page.getByText('Live ·').waitFor();
    await page.getByRole('button', { name: 'Account' }).click();
    nextStep();
    await account.getByLabel('Password').fill(password);
    await account.getByLabel('Authentication code').fill(codeAt(secret, clock));
    await account.getByRole('button', { name: 'Turn off two-factor sign-in' }).click();
    await account.getByRole('button', { name: 'Set up two-factor sign-in' }).waitFor();
    await signOut(page);
    await enterPassword(page, email, password);
    await page.getByText('Live ·').waitFor();
    await page.context().close();
  });

  it('lets an owner unlock a locked-out staff account from the Staff tab', async () => {
    const locked = await addStaff(t, site, 'staff', 'Lou Lockedout');
    // Ten wrong passwords from ten networks lock the account.
    const attempt = (password: string) =>
      postJson(
        t,
        '/moderate/api/login',
        { email: locked.email, password },
        { 'x-forwarded-for': `198.51.100.${nextHost++}` },
      );
    for (let i = 0; i < 10; i++) expect((await attempt(`wrong-${i}`)).status).toBe(401);
    expect((await attempt(locked.password)).status).toBe(423);

    const owner = await addStaff(t, site, 'owner', 'Olive Owner');
    const page = await newPage();
    await page.goto(`${t.baseUrl}/moderate/`);
    await enterPassword(page, owner.email, owner.password);
    await page.getByText('Live ·').waitFor();
    await page.getByRole('button', { name: 'Staff', exact: true }).click();
    const row = page.getByRole('row').filter({ hasText: 'Lou Lockedout' });
    await row.getByText('Locked', { exact: true }).waitFor();
    // The owner's own row is not locked and offers no unlock.
    expect(
      await page
        .getByRole('row')
        .filter({ hasText: 'Olive Owner' })
        .getByRole('button', { name: /^Unlock/ })
        .count(),
    ).toBe(0);

    await row.getByRole('button', { name: 'Unlock Lou Lockedout' }).click();
    await page.getByRole('status').filter({ hasText: 'Lou Lockedout can sign in again.' }).waitFor();
    await expect.poll(() => row.getByText('Locked', { exact: true }).count()).toBe(0);
    expect((await attempt(locked.password)).status).toBe(200);
    await page.context().close();
  });
});
