/**
 * A guest becomes a member by a magic link, in Chromium: the guest asks on the demo brand page,
 * confirms an address, and follows the sign-in link from the email (the demo keeps it in its
 * outbox). The link's button lands on the brand page, where the widget keeps the member session
 * from the address's fragment, takes it out of the address, and stays signed in after a reload.
 */
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_SITE_KEY } from '../../server/src/demo/demo-site.js';
import { setPageUrlTemplate } from '../../server/src/domain/brand-pages.js';
import { closeDemoInBrowser, startDemoInBrowser } from '../helpers/demo-browser.js';
import { linksOf } from '../helpers/smtp-sink.js';
import { TestClient } from '../helpers/ws-client.js';

const demo = await startDemoInBrowser({
  webhooks: { enabled: false },
  mail: { pollingIntervalSeconds: 0.5, dueCron: null },
});
const { t, site, browser } = demo;
afterAll(() => closeDemoInBrowser(demo));

/** The path of the first link containing `part` in the `nth` email to `address` in the outbox. */
async function outboxLink(address: string, nth: number, part: string): Promise<string> {
  for (;;) {
    const { rows } = await sql<{ text: string }>`
      select text from mail_outbox where to_address = ${address} order by id
    `.execute(t.database.db);
    const text = rows[nth - 1]?.text;
    if (text) return new URL(linksOf(text).find((l) => l.includes(part)) as string).pathname;
    // A round trip to the database between reads, not a timer: the mail worker runs meanwhile.
    await sql`select pg_sleep(0.05)`.execute(t.database.db);
  }
}

describe('magic sign-in in the browser', () => {
  it('signs a guest in as a member on the brand page, keeping their question', async () => {
    // Links in email lead to this server's demo brand page.
    await setPageUrlTemplate(t.database.db, site.id, `${t.baseUrl}/?thread={thread}`);
    const page = await (await browser.newContext({ viewport: { width: 1200, height: 1000 } })).newPage();
    await page.goto(`${t.baseUrl}/`);
    const title = 'Do the laces come in red?';
    await page.getByRole('button', { name: 'Ask a question' }).first().click();
    await page.getByLabel('Your question').fill(title);
    await page.getByLabel('Details').fill('Mine are worn out after a year.');
    await page.getByLabel('Your name').fill('Kim Guest');
    await page.getByRole('button', { name: 'Post question' }).click();
    await page.getByText('Posting as').first().waitFor();
    const storageKey = `booth:guest:${DEMO_SITE_KEY}`;
    const guestToken = (await page.evaluate((key) => localStorage.getItem(key), storageKey)) as string;
    expect(guestToken).toMatch(/^g1\./);

    // The same guest gives and confirms an address, then asks for a sign-in link.
    const address = 'kim@mail.example';
    const guest = await TestClient.connect(t.wsUrl(site), t.baseUrl);
    const { me } = await guest.ok({ type: 'hello', guest: guestToken });
    const { rows } = await sql<{ id: string }>`select id from threads where title = ${title}`.execute(t.database.db);
    const threadId = rows[0]?.id as string;
    await guest.ok({ type: 'thread.follow', key: TestClient.key(), threadId, email: address });
    const confirm = await outboxLink(address, 1, '/mail/confirm/');
    expect((await fetch(`${t.baseUrl}${confirm}`, { method: 'POST' })).status).toBe(200);
    await guest.ok({ type: 'member.sign_in_link', threadId });
    const signIn = await outboxLink(address, 2, '/mail/sign-in/');
    await guest.close();

    await page.goto(`${t.baseUrl}${signIn}`);
    await page.getByRole('button', { name: 'Sign me in' }).click();
    await page.getByText('Signed in as').first().waitFor();
    await expect.poll(() => page.url()).toBe(`${t.baseUrl}/?thread=${threadId}#booth-thread=${threadId}`);
    const kept = (await page.evaluate((key) => localStorage.getItem(key), storageKey)) as string;
    expect(kept).toMatch(/^s1\./);

    await page.reload();
    await page.getByText('Signed in as').first().waitFor();
    expect(await page.getByText('Signed in as Kim Guest').count()).toBeGreaterThan(0);
    await page.getByText(title).first().waitFor();
    const { rows: members } = await sql<{ guest: boolean }>`
      select guest from members where id = ${me?.id ?? '0'}
    `.execute(t.database.db);
    expect(members).toEqual([{ guest: false }]);
  });
});
