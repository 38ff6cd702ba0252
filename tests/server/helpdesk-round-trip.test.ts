/**
 * The helpdesk round trip end to end. A real HTTP server plays the brand's helpdesk: it receives
 * the signed `thread.escalated` webhook, checks the signature as docs/helpdesk.md tells it to
 * (refusing a tampered one), opens a "ticket", and answers through the API's reply route with an
 * API key, the agent's name and the callback reference. The answer reaches a widget open on the
 * board live under the agent's name, the question's follower gets the email (a real SMTP server
 * in this process), and the moderation view shows the escalation resolved. Automatic escalation
 * past the unanswered threshold runs on the server's clock.
 */
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { ServerMessage } from '@booth/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteRow } from '../../server/src/db/database.js';
import { verifyWebhook } from '../../server/src/domain/webhooks/signature.js';
import { addWebhook, setUnansweredThreshold } from '../../server/src/domain/webhooks/webhooks.js';
import { callApi, makeApiKey } from '../helpers/api-client.js';
import { freePort } from '../helpers/booth-process.js';
import { relaxLimits } from '../helpers/relaxed-site.js';
import { SmtpSink } from '../helpers/smtp-sink.js';
import { connectModerator, type StaffLogin, staffLogin } from '../helpers/staff-session.js';
import { createTestSite, signSso, startTestApp, type TestApp } from '../helpers/test-app.js';
import { TestClient } from '../helpers/ws-client.js';

const LOCAL = ['127.0.0.1/32'];
let clock = new Date('2026-11-24T09:00:00.000Z');
let t: TestApp;
let site: SiteRow;
let sink: SmtpSink;
let owner: StaffLogin;
let helpdesk: Helpdesk;
const clients: TestClient[] = [];

interface Ticket {
  threadId: string;
  title: string;
  reason: string;
  reference: string;
  /** Where the callback says to post the answer. */
  replyUrl: string;
}

/**
 * A generic ticketing system's side: takes webhooks, keeps tickets, answers them through the API.
 * It trusts a webhook only if its signature checks out with the secret it was given.
 */
class Helpdesk {
  readonly tickets: Ticket[] = [];
  readonly refused: number[] = [];
  secret = '';
  apiKey = '';
  private waiters: Array<() => void> = [];
  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<Helpdesk> {
    let self: Helpdesk | null = null;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const desk = self as Helpdesk;
        const body = Buffer.concat(chunks).toString('utf8');
        const signature = req.headers['booth-signature'] as string | undefined;
        // The signature's time is compared with the server's clock, which this test moves.
        if (!verifyWebhook(desk.secret, signature, body, clock.getTime() / 1000)) {
          desk.refused.push(Date.now());
          res.writeHead(401).end('bad signature');
        } else {
          const hook = JSON.parse(body) as {
            event: string;
            data: {
              thread: { id: string; title: string };
              reason: string;
              callback: { reference: string; reply: { url: string } };
            };
          };
          if (hook.event === 'thread.escalated') {
            desk.tickets.push({
              threadId: hook.data.thread.id,
              title: hook.data.thread.title,
              reason: hook.data.reason,
              reference: hook.data.callback.reference,
              replyUrl: hook.data.callback.reply.url,
            });
          }
          res.writeHead(200).end('ok');
        }
        for (const w of desk.waiters.splice(0)) w();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address() as { port: number };
    self = new Helpdesk(server, `http://127.0.0.1:${address.port}/booth`);
    return self;
  }

  async ticketFor(threadId: string): Promise<Ticket> {
    for (;;) {
      const ticket = this.tickets.find((k) => k.threadId === threadId);
      if (ticket) return ticket;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** An agent resolves the ticket: the answer goes back through the API as the callback says. */
  answer(ticket: Ticket, agentName: string, body: string) {
    // The callback names the server's public URL, which in this test is the address it listens on.
    return callApi(t, 'POST', new URL(ticket.replyUrl).pathname, {
      secret: this.apiKey,
      idempotencyKey: `ticket-${ticket.threadId}-resolution`,
      body: { body, agentName, callbackRef: ticket.reference },
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

async function member(sub: string, name: string, email: string) {
  const client = await TestClient.connect(t.wsUrl(site));
  clients.push(client);
  await client.ok({ type: 'hello', sso: await signSso(site, { sub, name, email }, { now: clock }) });
  return client;
}

async function ask(client: TestClient, title: string) {
  const { thread } = await client.ok({
    type: 'thread.create',
    key: TestClient.key(),
    board: 'help',
    kind: 'question',
    title,
    body: `${title} It has been a week.`,
  });
  return thread;
}

beforeAll(async () => {
  sink = await SmtpSink.start();
  helpdesk = await Helpdesk.start();
  // The callback in the webhook names the server's public URL: make it the address the app listens on.
  const port = await freePort();
  t = await startTestApp({
    port,
    live: { now: () => clock },
    webhooks: {
      pollingIntervalSeconds: 0.5,
      retryDelaySeconds: 1,
      scanCron: null,
      retryLimit: 3,
      internalTargets: LOCAL,
    },
    mail: { pollingIntervalSeconds: 0.5, dueCron: null, retryDelaySeconds: 1 },
    env: { SMTP_URL: sink.url, PUBLIC_URL: `http://127.0.0.1:${port}` },
  });
  site = await createTestSite(t.database, { name: 'Acme Routers' });
  await relaxLimits(t.database, site.id);
  helpdesk.secret = (
    await addWebhook(t.database.db, site.id, helpdesk.url, ['thread.escalated'], { internalTargets: LOCAL })
  ).secret;
  helpdesk.apiKey = (await makeApiKey(t, site, { name: 'Helpdesk', scopes: ['read', 'write'] }, 'Morgan Staff')).secret;
  owner = await staffLogin(t, site, 'owner');
});

afterAll(async () => {
  for (const c of clients) await c.close();
  await t?.close();
  await helpdesk?.close();
  await sink?.close();
});

describe('the helpdesk round trip', () => {
  it('escalates with one click, and the helpdesk answer comes back live, by email and resolved', async () => {
    const asker = await member('cust-1', 'Rosa', 'rosa@mail.example');
    const thread = await ask(asker, 'My router drops Wi-Fi every hour');
    const followed = await asker.ok({ type: 'thread.follow', key: TestClient.key(), threadId: thread.id });
    expect(followed.email).toBe('confirmed');
    const widget = await TestClient.connect(t.wsUrl(site));
    clients.push(widget);
    await widget.ok({ type: 'subscribe', board: 'help' });

    const moderator = await connectModerator(t, site, owner);
    clients.push(moderator);
    const { escalation } = await moderator.ok({
      type: 'staff.thread.escalate',
      key: TestClient.key(),
      threadId: thread.id,
    });
    expect(escalation).toEqual({
      threadId: thread.id,
      reason: 'manual',
      escalatedAt: clock.toISOString(),
      escalatedBy: owner.account.name,
      resolvedAt: null,
    });
    // A second click answers the same escalation and sends nothing more.
    const again = await moderator.ok({ type: 'staff.thread.escalate', key: TestClient.key(), threadId: thread.id });
    expect(again.escalation).toEqual(escalation);
    expect((await moderator.ok({ type: 'staff.thread.open', threadId: thread.id })).escalation).toEqual(escalation);

    const ticket = await helpdesk.ticketFor(thread.id);
    expect(ticket).toMatchObject({ title: 'My router drops Wi-Fi every hour', reason: 'manual' });
    expect(ticket.replyUrl).toBe(`${t.baseUrl}/api/v1/threads/${thread.id}/replies`);

    clock = new Date(clock.getTime() + 25 * 60_000);
    const answered = await helpdesk.answer(ticket, 'Dana (Support)', 'Update the firmware to 2.4; it fixes the drops.');
    expect(answered.status).toBe(201);
    const postId = (answered.json as { post: { id: string } }).post.id;
    // The helpdesk retrying its call changes nothing.
    expect(
      (await helpdesk.answer(ticket, 'Dana (Support)', 'Update the firmware to 2.4; it fixes the drops.')).json,
    ).toEqual(answered.json);

    const live = (await widget.seen(
      (m: ServerMessage) => m.type === 'event' && m.event.kind === 'post.created' && m.event.post.id === postId,
    )) as Extract<ServerMessage, { type: 'event' }>;
    expect(live.event.kind === 'post.created' && live.event.post.author).toMatchObject({
      name: 'Dana (Support)',
      role: 'staff',
    });
    const [mail] = await sink.waitForMatching('rosa@mail.example', (m) =>
      m.text.includes('Update the firmware to 2.4'),
    );
    expect(mail?.text).toContain('Dana (Support)');

    const opened = await moderator.ok({ type: 'staff.thread.open', threadId: thread.id });
    expect(opened.escalation).toEqual({ ...escalation, resolvedAt: clock.toISOString() });
    expect(opened.thread.staffReplied).toBe(true);
    const entries = (await moderator.ok({ type: 'staff.audit' })).entries;
    expect(entries.filter((e) => e.action === 'thread.escalate' && e.target.id === thread.id)).toHaveLength(1);
    expect(helpdesk.tickets.filter((k) => k.threadId === thread.id)).toHaveLength(1);
  });

  it("refuses an answer whose callback reference is not the thread's, and a tampered webhook", async () => {
    const asker = await member('cust-2', 'Ivo', 'ivo@mail.example');
    const thread = await ask(asker, 'Which power adapter fits the R2?');
    const wrong = await callApi(t, 'POST', `/api/v1/threads/${thread.id}/replies`, {
      secret: helpdesk.apiKey,
      body: { body: 'Any 12 V adapter.', callbackRef: 'esc_aaaaaaaaaaaaaaaaaaaaaaaaaaaa' },
    });
    expect([wrong.status, (wrong.json as { error: { code: string } }).error.code]).toEqual([404, 'not_found']);

    // What a forger could send: a real delivery's body, changed, under its old signature.
    const body = JSON.stringify({ event: 'thread.escalated', data: { thread: { id: thread.id } } });
    const stamp = Math.floor(clock.getTime() / 1000);
    const signature = `t=${stamp},v1=${createHmac('sha256', helpdesk.secret).update(`${stamp}.${body}`).digest('hex')}`;
    const tampered = body.replace(thread.id, '1');
    const ticketsBefore = helpdesk.tickets.length;
    const response = await fetch(helpdesk.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'booth-signature': signature },
      body: tampered,
    });
    expect(response.status).toBe(401);
    expect(helpdesk.tickets.length).toBe(ticketsBefore);
    expect(helpdesk.refused.length).toBeGreaterThan(0);
  });

  it('escalates a question on its own once it waits past the threshold, when the site says so', async () => {
    await setUnansweredThreshold(t.database.db, site.id, 60);
    const moderator = await connectModerator(t, site, owner);
    clients.push(moderator);
    const asker = await member('cust-3', 'Noor', 'noor@mail.example');
    const waiting = await ask(asker, 'The LED blinks red after a reset');
    const webhooks = t.app.webhooks;
    if (!webhooks) throw new Error('webhooks are on in this test');

    clock = new Date(clock.getTime() + 61 * 60_000);
    // Off by default: nothing goes.
    expect(await webhooks.scanEscalations(clock)).toBe(0);
    const settings = await moderator.ok({ type: 'staff.settings.update', key: TestClient.key(), autoEscalate: true });
    expect(settings.autoEscalate).toBe(true);

    // A question asked now is not past the threshold yet.
    const fresh = await ask(asker, 'Can I mount the R2 on a wall?');
    // The waiting question, and the one the test before left unanswered, both waited past it.
    expect(await webhooks.scanEscalations(clock)).toBe(2);
    const ticket = await helpdesk.ticketFor(waiting.id);
    expect(ticket.reason).toBe('automatic');
    expect((await moderator.ok({ type: 'staff.thread.open', threadId: waiting.id })).escalation).toMatchObject({
      reason: 'automatic',
      escalatedBy: null,
      resolvedAt: null,
    });
    // Once each.
    expect(await webhooks.scanEscalations(clock)).toBe(0);
    expect((await moderator.ok({ type: 'staff.thread.open', threadId: fresh.id })).escalation).toBeNull();
  });

  it('an answer with a wrong reference writes nothing; one without a reference resolves the thread it answers', async () => {
    const asker = await member('cust-4', 'Teo', 'teo@mail.example');
    const thread = await ask(asker, 'The app cannot find my router');
    const moderator = await connectModerator(t, site, owner);
    clients.push(moderator);
    await moderator.ok({ type: 'staff.thread.escalate', key: TestClient.key(), threadId: thread.id });
    await helpdesk.ticketFor(thread.id);
    const posts = async () => (await moderator.ok({ type: 'staff.thread.open', threadId: thread.id })).posts.length;
    const before = await posts();

    const wrong = await callApi(t, 'POST', `/api/v1/threads/${thread.id}/replies`, {
      secret: helpdesk.apiKey,
      body: { body: 'Restart the app.', agentName: 'Dana (Support)', callbackRef: `esc_${'b'.repeat(32)}` },
    });
    expect(wrong.status).toBe(404);
    // The refusal rolled the answer back with it: no post, and the thread is still with the helpdesk.
    expect(await posts()).toBe(before);
    const open = await moderator.ok({ type: 'staff.thread.open', threadId: thread.id });
    expect(open.escalation?.resolvedAt).toBeNull();
    const queue = (await moderator.ok({ type: 'staff.unanswered' })).threads;
    expect(queue.find((q) => q.thread.id === thread.id)?.escalated).toBe(true);

    clock = new Date(clock.getTime() + 5 * 60_000);
    const plain = await callApi(t, 'POST', `/api/v1/threads/${thread.id}/replies`, {
      secret: helpdesk.apiKey,
      body: { body: 'Turn on Bluetooth, then restart the app.', agentName: 'Dana (Support)' },
    });
    expect(plain.status).toBe(201);
    const resolved = await moderator.ok({ type: 'staff.thread.open', threadId: thread.id });
    expect(resolved.posts).toHaveLength(before + 1);
    expect(resolved.escalation?.resolvedAt).toBe(clock.toISOString());
    // Answered by staff, it leaves the unanswered queue.
    const after = (await moderator.ok({ type: 'staff.unanswered' })).threads;
    expect(after.some((q) => q.thread.id === thread.id)).toBe(false);
  });
});
