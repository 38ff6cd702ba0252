/**
 * Pictures in posts, on the demo brand page as a customer would add them: a phone's JPEG (with
 * its GPS position in EXIF) is picked from the keyboard, uploads with a progress bar, shows as a
 * preview, asks for alt text, goes into the question as markdown and shows on the board. The
 * stored picture has no EXIF left. A script named .png dropped on a reply is refused in words.
 * axe checks the uploader.
 */
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations } from '../helpers/axe.js';
import { closeDemoInBrowser, type DemoInBrowser, startDemoInBrowser } from '../helpers/demo-browser.js';
import { freePort } from '../helpers/pg-cluster.js';
import { phoneJpeg } from '../helpers/phone-photo.js';

let demo: DemoInBrowser;

beforeAll(async () => {
  // Image addresses are absolute, from the public URL: here, the app's own address.
  const port = await freePort();
  demo = await startDemoInBrowser({
    webhooks: { enabled: false },
    port,
    env: { PUBLIC_URL: `http://127.0.0.1:${port}` },
  });
});
afterAll(() => closeDemoInBrowser(demo));

async function guestPage(): Promise<Page> {
  const page = await (await demo.browser.newContext({ viewport: { width: 1200, height: 1100 } })).newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
  await page.goto(`${demo.t.baseUrl}/`);
  await page.getByText('Do the Trail Runner 2 fit true to size?').waitFor();
  return page;
}

/** Drops a file on a text area inside the widget, as a browser does for a drag from the desktop. */
async function dropFile(page: Page, selector: string, name: string, type: string, bytes: Buffer): Promise<void> {
  await page.evaluate(
    ({ selector, name, type, base64 }) => {
      const root = document.querySelector('booth-board')?.shadowRoot;
      const target = root?.querySelector(selector);
      if (!target) throw new Error(`nothing matches ${selector}`);
      const data = new DataTransfer();
      const raw = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      data.items.add(new File([raw], name, { type }));
      target.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
      target.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    },
    { selector, name, type, base64: bytes.toString('base64') },
  );
}

describe('pictures in the composer', () => {
  it('uploads a picked photo with progress, asks for alt text, and shows it on the board without its EXIF', async () => {
    const page = await guestPage();
    await page.getByRole('button', { name: 'Ask a question' }).first().click();
    await page.getByLabel('Your question').fill('Is this wear on the heel normal after 300 km?');
    await page.getByLabel('Details').fill('Here is the left shoe.');
    await page.getByLabel('Your name').fill('Robin Runner');

    // Slow the upload down so the progress bar can be seen.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 20,
      downloadThroughput: -1,
      uploadThroughput: 300 * 1024,
    });

    const photo = await phoneJpeg({ width: 1600, height: 1200, noisy: true });
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Add a picture' }).focus();
    await page.keyboard.press('Enter');
    await (await chooser).setFiles({ name: 'heel.jpg', mimeType: 'image/jpeg', buffer: photo });

    await page.getByRole('progressbar', { name: 'Uploading heel.jpg…' }).waitFor();
    const alt = page.getByLabel('Describe the picture (alt text)');
    await alt.waitFor();
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    const preview = page.locator('.image-preview');
    await expect
      .poll(() => preview.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
      .toBeGreaterThan(0);
    await expect
      .poll(() => alt.evaluate((input) => input === (input.getRootNode() as ShadowRoot).activeElement))
      .toBe(true);

    // No alt text: the picture is not inserted, and the field says why.
    await page.keyboard.press('Enter');
    await page.getByText('Describe the picture first: people who cannot see it rely on this.').waitFor();
    // Posting now would lose the picture, so the form says so.
    await page.getByRole('button', { name: 'Post question' }).click();
    await page.getByText('Insert your picture into the text, or remove it.').waitFor();
    expect(await axeViolations(page)).toEqual([]);

    await alt.fill('Worn heel of the left shoe');
    await page.keyboard.press('Enter');
    const details = page.getByLabel('Details');
    await expect
      .poll(() => details.inputValue())
      .toMatch(/^Here is the left shoe\.\n\n!\[Worn heel of the left shoe\]\(http:\/\/[^)]+\/images\/[^)]+\)\n$/);
    await page.getByRole('button', { name: 'Post question' }).click();

    const shown = page.locator('[part~="post-body"] img[alt="Worn heel of the left shoe"]');
    await shown.waitFor();
    await expect
      .poll(() => shown.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
      .toBeGreaterThan(0);

    // The stored picture is re-encoded: no EXIF, so no GPS position, whatever the browser is served.
    const src = await shown.getAttribute('src');
    for (const accept of ['image/webp,*/*', 'image/jpeg']) {
      const stored = Buffer.from(await (await fetch(src as string, { headers: { accept } })).arrayBuffer());
      const meta = await sharp(stored).metadata();
      expect(meta.exif).toBeUndefined();
      expect(meta.width).toBe(1600);
    }
  });

  it('refuses a script named .png dropped on a reply, in clear words', async () => {
    const page = await guestPage();
    await page.getByRole('button', { name: 'Do the Trail Runner 2 fit true to size?' }).click();
    await page.getByLabel('Your name').fill('Sam Sceptic');
    await dropFile(
      page,
      '#reply-body',
      'sole.png',
      'image/png',
      Buffer.from('<script>alert(document.cookie)</script>'),
    );
    await page
      .getByRole('alert')
      .filter({ hasText: 'sole.png: This file is not an image Booth can show. Use a JPEG, PNG, WebP or GIF picture.' })
      .waitFor();
    expect(await page.getByLabel('Answer', { exact: true }).inputValue()).toBe('');
    expect(await axeViolations(page)).toEqual([]);
  });
});
