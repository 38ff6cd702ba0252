import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteRow } from '../../server/src/db/database.js';
import { getOrCreateSecret } from '../../server/src/db/secrets.queries.js';
import { signMailToken } from '../../server/src/domain/mail/mail-tokens.js';
import { replyAddress } from '../../server/src/domain/mail/reply-address.js';
import { saveSitePolicy } from '../../server/src/domain/policy/site-policies.js';
import {
  answer,
  ask,
  connectGuest,
  connectMember,
  connectStaff,
  createOpenSite,
  eventMatching,
  flush,
  PERMISSIVE_POLICY,
  type Visitor,
} from '../helpers/actors.js';
import { SmtpSink } from '../helpers/smtp-sink.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { TestClient } from '../helpers/ws-client.js';

const DOMAIN = 'reply.booth.example';
const ROBIN = 'robin@mail.example';
const MAX_BYTES = 40_000;
let t: TestApp;
let site: SiteRow;
let secret: string;
let robin: Visitor;
let staff: Visitor;
let watcher: TestClient;
let transport: Transporter;
let sink: SmtpSink;

interface Refusal {
  responseCode?: number;
  response?: string;
}

/** Sends one email to Booth's listener as a mail server would; resolves with the refusal, or null when accepted. */
async function send(mail: SendMailOptions): Promise<Refusal | null> {
  try {
    await transport.sendMail({ from: ROBIN, subject: 'Re: your question', ...mail });
    return null;
  } catch (error) {
    return error as Refusal;
  }
}

/** Robin's reply address for a thread, signed with the clock of the server under test. */
function addressFor(threadId: string, memberId = robin.me.id, now = t.app.services.now()): string {
  return replyAddress(secret, DOMAIN, memberId, threadId, now);
}

async function postsIn(threadId: string): Promise<number> {
  const row = await t.database.db
    .selectFrom('posts')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('thread_id', '=', threadId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

const QUOTED = [
  '',
  '-- ',
  'Robin',
  'Sent from my phone',
  '',
  'On Fri, 4 Dec 2026 at 10:00, Test Brand <booth@brand.example> wrote:',
  '> Sam from Support answered',
  '> It zips off at the collar.',
].join('\n');

beforeAll(async () => {
  sink = await SmtpSink.start();
  t = await startTestApp({
    webhooks: { enabled: false },
    mail: { pollingIntervalSeconds: 0.5, dueCron: null },
    env: { SMTP_INBOUND_PORT: '0', REPLY_DOMAIN: DOMAIN, SMTP_URL: sink.url },
    inboundSmtp: { maxBytes: MAX_BYTES },
  });
  site = await createOpenSite(t.database);
  secret = await getOrCreateSecret(t.database.db, 'mail_token');
  robin = await connectGuest(t, site, 'Robin');
  const now = t.app.services.now();
  await t.database.db
    .insertInto('member_emails')
    .values({
      member_id: robin.me.id,
      site_id: site.id,
      address: ROBIN,
      confirmed_at: now,
      confirm_nonce: '1',
      created_at: now,
    })
    .execute();
  staff = await connectStaff(t, site);
  watcher = await TestClient.connect(t.wsUrl(site));
  await watcher.ok({ type: 'subscribe', board: 'coats' });
  transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: t.app.inboundSmtpPort as number,
    secure: false,
    ignoreTLS: true,
  });
});

afterAll(async () => {
  transport?.close();
  for (const c of [robin?.client, staff?.client, watcher]) await c?.close();
  await t?.close();
  await sink?.close();
});

describe('reply by email', () => {
  it('answers the email Booth sent: its Reply-To posts in the thread, live', async () => {
    const ola = await connectMember(t, site, { sub: 'cust-ola', name: 'Ola', email: 'ola@mail.example' });
    const { thread } = await ask(ola.client, 'coats', { title: 'Is the parka windproof?', body: 'Norway winters.' });
    await answer(staff.client, thread.id, 'Yes: tested to 80 km/h.');
    const [mail] = await sink.waitFor('ola@mail.example');
    const replyTo = mail?.parsed.replyTo?.value[0]?.address as string;
    expect(mail?.text).toMatch(/Download your data or delete your account: http\S+\/mail\/account\/[a-z2-7]{52}/);
    expect(replyTo).toMatch(new RegExp(`^reply\\+[a-z2-7]{52}@${DOMAIN.replaceAll('.', '\\.')}$`));

    const live = eventMatching(
      watcher,
      (m) =>
        m.event.kind === 'post.created' && m.event.post.threadId === thread.id && m.event.post.author.id === ola.me.id,
    );
    expect(
      await send({
        from: 'Ola <ola@mail.example>',
        to: replyTo,
        subject: `Re: ${mail?.subject}`,
        inReplyTo: mail?.parsed.messageId,
        text: `Great, ordering one.\n\nOn Fri, Booth wrote:\n> ${mail?.text.split('\n').join('\n> ')}`,
      }),
    ).toBeNull();
    const created = (await live).event as { post: { source: string } };
    expect(created.post.source).toBe('Great, ordering one.');
    await ola.client.close();
  });

  it('turns the new text of a reply into a post that open pages see live', async () => {
    const { thread } = await ask(robin.client, 'coats', { title: 'Does the hood come off?', body: 'Zip or buttons?' });
    await answer(staff.client, thread.id, 'It zips off at the collar.');
    const messageId = `<reply-1.${TestClient.key()}@mail.example>`;
    const refused = await send({
      to: addressFor(thread.id),
      messageId,
      text: `Thanks, found the zip!\n\nWorks great.${QUOTED}`,
    });
    expect(refused).toBeNull();

    const created = await eventMatching(
      watcher,
      (m) =>
        m.event.kind === 'post.created' &&
        m.event.post.threadId === thread.id &&
        m.event.post.author.id === robin.me.id,
    );
    const post = (created.event as { post: { source: string; author: { name: string } } }).post;
    expect(post.source).toBe('Thanks, found the zip!\n\nWorks great.');
    expect(post.author.name).toBe('Robin');

    // The same email delivered again (a mail server retrying) posts nothing more.
    const before = await postsIn(thread.id);
    expect(
      await send({ to: addressFor(thread.id), messageId, text: `Thanks, found the zip!\n\nWorks great.${QUOTED}` }),
    ).toBeNull();
    expect(await postsIn(thread.id)).toBe(before);
  });

  it('reads the text of an HTML-only reply', async () => {
    const { thread } = await ask(robin.client, 'coats', { title: 'Is it machine washable?', body: 'At 30?' });
    const refused = await send({
      to: addressFor(thread.id),
      html: '<p>Yes, I washed mine at <b>30</b> degrees.</p><blockquote>On Friday Sam wrote: earlier text</blockquote>',
    });
    expect(refused).toBeNull();
    const created = await eventMatching(
      watcher,
      (m) => m.event.kind === 'post.created' && m.event.post.threadId === thread.id && !m.event.post.root,
    );
    expect((created.event as { post: { source: string } }).post.source).toBe('Yes, I washed mine at 30 degrees.');
  });

  it('refuses forged, expired, foreign and unknown addresses at RCPT TO, and stores nothing', async () => {
    const { thread } = await ask(robin.client, 'coats', { title: 'What colours are there?', body: 'Any green?' });
    const good = addressFor(thread.id);
    const [local, domain] = good.split('@') as [string, string];
    // A changed character inside the token (the last one also carries padding bits).
    const at = local.length - 10;
    const flipped = `${local.slice(0, at)}${local[at] === 'a' ? 'b' : 'a'}${local.slice(at + 1)}@${domain}`;
    const longAgo = new Date(t.app.services.now().getTime() - 91 * 86_400_000);
    const otherPurpose = `reply+${signMailToken(secret, { purpose: 'unfollow', memberId: robin.me.id, subjectId: thread.id, now: t.app.services.now() })}@${DOMAIN}`;
    const before = await postsIn(thread.id);
    for (const to of [
      flipped,
      addressFor(thread.id, robin.me.id, longAgo),
      otherPurpose,
      good.replace(DOMAIN, 'elsewhere.example'),
      `someone@${DOMAIN}`,
      addressFor('999999999', robin.me.id),
    ]) {
      const refused = await send({ to, text: 'Is this posted?' });
      expect(refused?.responseCode, to).toBe(550);
      expect(refused?.response, to).toMatch(/5\.1\.1/);
    }
    expect(await postsIn(thread.id)).toBe(before);
    await flush(watcher);
    expect(
      watcher.events.some((e) => e.event.kind === 'post.created' && e.event.post.source === 'Is this posted?'),
    ).toBe(false);
  });

  it('refuses oversized, empty and malformed mail, and mail from another sender', async () => {
    const { thread } = await ask(robin.client, 'coats', {
      title: 'Does it come in XXL?',
      body: 'Asking for a friend.',
    });
    const to = addressFor(thread.id);
    const before = await postsIn(thread.id);

    const big = await send({ to, text: `Huge ${'x'.repeat(MAX_BYTES)}` });
    expect(big?.responseCode).toBe(552);
    const onlyQuote = await send({ to, text: QUOTED.trimStart() });
    expect(onlyQuote?.responseCode).toBe(554);
    const stranger = await send({ to, from: 'mallory@evil.example', text: 'Posting as Robin.' });
    expect(stranger?.responseCode).toBe(550);
    expect(stranger?.response).toMatch(/5\.7\.1/);
    // A message without any header or sender.
    const raw = await send({ to, envelope: { from: ROBIN, to }, raw: 'just some bytes\r\n' });
    expect(raw?.responseCode).toBe(554);
    // Vacation notices are taken and dropped.
    expect(
      await send({ to, text: 'I am away until Monday.', headers: { 'Auto-Submitted': 'auto-replied' } }),
    ).toBeNull();

    expect(await postsIn(thread.id)).toBe(before);
  });

  it('goes through the spam policy, pre-moderation and rate limits of the widget', async () => {
    const { thread } = await ask(robin.client, 'coats', { title: 'Where is my order?', body: 'Order 1234.' });
    const to = addressFor(thread.id);

    // Held by the blocked words: staff see it, the page does not.
    await saveSitePolicy(t.database.db, site.id, { ...PERMISSIVE_POLICY, blockedWords: ['cheap followers'] });
    expect(await send({ to, text: 'Buy cheap followers here' })).toBeNull();
    const held = await t.database.db
      .selectFrom('posts')
      .select(['status', 'hold_reason'])
      .where('thread_id', '=', thread.id)
      .where('root', '=', false)
      .execute();
    expect(held).toEqual([{ status: 'pending', hold_reason: expect.stringMatching(/^blocked_word/) }]);
    await flush(watcher);
    expect(
      watcher.events.some(
        (e) => e.event.kind === 'post.created' && e.event.post.threadId === thread.id && !e.event.post.root,
      ),
    ).toBe(false);

    // The same text again is refused as a duplicate.
    await saveSitePolicy(t.database.db, site.id, { ...PERMISSIVE_POLICY, duplicateWindowMinutes: 60 });
    expect(await send({ to, text: 'Still waiting for order 1234.' })).toBeNull();
    const duplicate = await send({ to, text: 'Still waiting for order 1234.' });
    expect(duplicate?.responseCode).toBe(550);

    // Over the member's post limit: a temporary refusal, so the mail server tries again later.
    await saveSitePolicy(t.database.db, site.id, {
      ...PERMISSIVE_POLICY,
      rateLimits: { ...PERMISSIVE_POLICY.rateLimits, posts: { member: 1, ip: 0, site: 0 } },
    });
    t.app.sitePolicies.forget(site.id);
    const before = await postsIn(thread.id);
    const first = await send({ to, text: 'One more question about 1234.' });
    const second = await send({ to, text: 'And yet another one about 1234.' });
    expect(second?.responseCode).toBe(451);
    expect(second?.response).toMatch(/4\.7\.1/);
    expect(await postsIn(thread.id)).toBe(before + (first === null ? 1 : 0));
    await saveSitePolicy(t.database.db, site.id, PERMISSIVE_POLICY);
    t.app.sitePolicies.forget(site.id);
  });

  it('refuses a banned member and a locked thread', async () => {
    const { thread } = await ask(robin.client, 'coats', { title: 'Can I return it?', body: 'Wrong size.' });
    await staff.client.ok({ type: 'staff.thread.action', key: TestClient.key(), threadId: thread.id, action: 'lock' });
    const locked = await send({ to: addressFor(thread.id), text: 'Please unlock.' });
    expect(locked?.responseCode).toBe(550);
    expect(locked?.response).toMatch(/5\.7\.1/);

    const { thread: open } = await ask(robin.client, 'coats', { title: 'Is the lining warm?', body: 'For winter.' });
    await staff.client.ok({ type: 'staff.member.ban', key: TestClient.key(), memberId: robin.me.id, days: null });
    const banned = await send({ to: addressFor(open.id), text: 'Still here.' });
    expect(banned?.responseCode).toBe(550);
    expect(banned?.response).toMatch(/5\.7\.1/);
    expect(await postsIn(open.id)).toBe(1);
  });
});
