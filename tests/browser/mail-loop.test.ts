/**
 * The whole email loop, in Chromium on the demo brand page, with a real SMTP server in the test
 * process receiving what Booth sends: a guest asks, follows their question by email from the
 * widget and confirms the address from the confirmation email, then leaves. Staff answer inline
 * in /moderate; the answer arrives by email with one-click unsubscribe headers, and its thread
 * link opens the brand page on the thread with the answer. The guest answers the email from
 * their mail program (nodemailer to Booth's inbound SMTP listener, at the Reply-To address), and
 * a page that has the thread open shows the reply live.
 */
import nodemailer from 'nodemailer';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { setPageUrlTemplate } from '../../server/src/domain/brand-pages.js';
import { MAIL_LINK_PATHS } from '../../server/src/domain/mail/mail-links.js';
import { closeDemoInBrowser, moderationPage, startDemoInBrowser } from '../helpers/demo-browser.js';
import { linksOf, type ReceivedMail, SmtpSink } from '../helpers/smtp-sink.js';

const PUBLIC_URL = 'http://booth.test';
const REPLY_DOMAIN = 'reply.booth.test';
// The server's clock: every token in the emails is signed and checked on it.
const clock = new Date('2026-12-04T09:00:00Z');

const sink = await SmtpSink.start();
const demo = await startDemoInBrowser({
  live: { now: () => clock },
  webhooks: { enabled: false },
  mail: { pollingIntervalSeconds: 0.5, dueCron: null, retryDelaySeconds: 1 },
  env: { SMTP_URL: sink.url, PUBLIC_URL, SMTP_INBOUND_PORT: '0', REPLY_DOMAIN },
});
const { t, site, browser } = demo;
afterAll(async () => {
  await closeDemoInBrowser(demo);
  await sink.close();
});

/** A page in its own browser context: a different person, or the same one on another device. */
async function newPage(): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1200, height: 1000 } })).newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
  return page;
}

/** The link of an email that goes to `path`, on this server (emails name the public URL). */
function linkTo(mail: ReceivedMail | undefined, path: string): string {
  const link = linksOf(mail?.text ?? '').find((l) => l.startsWith(`${PUBLIC_URL}${path}/`));
  if (!link) throw new Error(`no ${path} link in: ${mail?.text}`);
  return `${t.baseUrl}${new URL(link).pathname}`;
}

describe('the email loop in the browser', () => {
  it('a guest follows by email, staff answer in /moderate, and the guest replies by email to open pages', async () => {
    // Links in email lead to this server's demo brand page.
    await setPageUrlTemplate(t.database.db, site.id, `${t.baseUrl}/?thread={thread}`);
    const address = 'kim@mail.example';
    const title = 'Can I get the Trail Runner 2 resoled?';
    const answer = 'Yes: send them to our repair shop, resoling takes two weeks.';
    const replyText = 'Thank you, I will send mine in on Monday.';

    // A guest asks on the brand page and follows the question by email from the widget.
    const guest = await newPage();
    await guest.goto(`${t.baseUrl}/`);
    await guest.getByRole('button', { name: 'Ask a question' }).first().click();
    await guest.getByLabel('Your question').fill(title);
    await guest.getByLabel('Details').fill('The uppers are fine, the soles are worn flat.');
    await guest.getByLabel('Your name').fill('Kim Guest');
    await guest.getByRole('button', { name: 'Post question' }).click();
    await guest.getByRole('button', { name: /✓ You have this question/ }).waitFor();
    await guest.getByRole('button', { name: 'Email me too' }).click();
    await guest.getByLabel('Your email').fill(address);
    await guest.getByRole('button', { name: 'Email me', exact: true }).click();
    await guest.getByText('Check your inbox to confirm your email.').waitFor();

    // The confirmation email; its link asks, and its button confirms.
    const [confirmation] = await sink.waitFor(address);
    expect(confirmation?.subject).toBe('Confirm your email for Acme Outdoor');
    await guest.goto(linkTo(confirmation, MAIL_LINK_PATHS.confirm));
    await guest.getByRole('button', { name: 'Confirm my email' }).click();
    await guest.getByText('Your email is confirmed').waitFor();
    await guest.context().close();

    // Staff answer inline in the moderation view.
    const staff = await moderationPage(demo, 'staff', 'Riley Staff');
    await staff.getByRole('button', { name: title }).click();
    await staff.getByLabel('Your answer').fill(answer);
    await staff.getByRole('button', { name: 'Post answer' }).click();

    // The answer arrives by email, to the guest alone, with one-click unsubscribe and a Reply-To.
    const [, told] = await sink.waitFor(address, 2);
    if (!told) throw new Error('no answer email');
    expect(told.rcptTo).toEqual([address]);
    expect(told.to).toEqual([address]);
    expect(told.subject).toBe(`Riley Staff answered: ${title}`);
    expect(told.text).toContain(answer);
    const unsubscribe = told.header('list-unsubscribe') as string;
    expect(unsubscribe).toMatch(
      new RegExp(`^<${PUBLIC_URL.replaceAll('.', '\\.')}${MAIL_LINK_PATHS.unfollow}/[a-z2-7]{52}>$`),
    );
    expect(told.header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    const replyTo = told.parsed.replyTo?.value[0]?.address as string;
    expect(replyTo).toMatch(new RegExp(`^reply\\+[a-z2-7]{52}@${REPLY_DOMAIN.replaceAll('.', '\\.')}$`));

    // The thread link opens the brand page on that thread, with the staff answer.
    const fromEmail = await newPage();
    await fromEmail.goto(linkTo(told, MAIL_LINK_PATHS.open));
    const threadId = new URL(fromEmail.url()).searchParams.get('thread') as string;
    expect(fromEmail.url()).toBe(`${t.baseUrl}/?thread=${threadId}#booth-thread=${threadId}`);
    await fromEmail.getByRole('article', { name: 'Question by Kim Guest' }).waitFor();
    await fromEmail.getByText(answer).waitFor();
    await expect.poll(() => fromEmail.getByText('Staff', { exact: true }).count()).toBeGreaterThan(0);

    // Someone else has the same thread open by its deep link.
    const other = await newPage();
    await other.goto(`${t.baseUrl}/#booth-thread=${threadId}`);
    await other.getByText(answer).waitFor();
    // A mark on each page's window, which a reload would lose.
    for (const page of [fromEmail, other]) {
      await page.evaluate(() => {
        (globalThis as { sameLoad?: boolean }).sameLoad = true;
      });
    }

    // The guest answers the email; Booth's listener takes it at the Reply-To address.
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: t.app.inboundSmtpPort as number,
      secure: false,
      ignoreTLS: true,
    });
    try {
      await transport.sendMail({
        from: `Kim Guest <${address}>`,
        to: replyTo,
        subject: `Re: ${told.subject}`,
        inReplyTo: told.parsed.messageId,
        text: `${replyText}\n\nOn Fri, Acme Outdoor wrote:\n> ${told.text.split('\n').join('\n> ')}`,
      });
    } finally {
      transport.close();
    }

    // Both open pages show the reply live (without a reload), as the guest's, without the quote.
    for (const page of [fromEmail, other]) {
      await page.getByText(replyText).waitFor();
      expect(await page.evaluate(() => (globalThis as { sameLoad?: boolean }).sameLoad)).toBe(true);
    }
    const posts = await t.database.db
      .selectFrom('posts')
      .innerJoin('members', 'members.id', 'posts.author_id')
      .select(['posts.source', 'members.name'])
      .where('posts.thread_id', '=', threadId)
      .orderBy('posts.id')
      .execute();
    expect(posts.slice(1)).toEqual([
      { source: answer, name: 'Riley Staff' },
      { source: replyText, name: 'Kim Guest' },
    ]);
  }, 120_000);
});
