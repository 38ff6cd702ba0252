/**
 * Without SMTP_URL, Booth keeps email in the local outbox and the demo shows it at /outbox:
 * the same message nodemailer would have sent, with its links, on a fresh machine.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteRow } from '../../server/src/db/database.js';
import { relaxLimits } from '../helpers/relaxed-site.js';
import { createTestSite, signSso, startTestApp, type TestApp } from '../helpers/test-app.js';
import { TestClient } from '../helpers/ws-client.js';

let t: TestApp;
let site: SiteRow;
const clients: TestClient[] = [];

async function member(sub: string, name: string, extra: { role?: string; email?: string } = {}) {
  const client = await TestClient.connect(t.wsUrl(site));
  clients.push(client);
  await client.ok({ type: 'hello', sso: await signSso(site, { sub, name, ...extra }) });
  return client;
}

beforeAll(async () => {
  t = await startTestApp({
    webhooks: { enabled: false },
    mail: { pollingIntervalSeconds: 0.5, dueCron: null },
    env: { BOOTH_DEMO: 'true' },
  });
  site = await createTestSite(t.database, { name: 'Outbox Brand' });
  await relaxLimits(t.database, site.id);
});

afterAll(async () => {
  for (const c of clients) await c.close();
  await t?.close();
});

describe('the local outbox', () => {
  it('keeps the email a staff answer sends and shows it at /outbox', async () => {
    expect(t.app.mailer?.local).toBe(true);
    const asker = await member('cust-1', 'Robin', { email: 'robin@outbox.example' });
    const { thread } = await asker.ok({
      type: 'thread.create',
      key: TestClient.key(),
      board: 'help',
      kind: 'question',
      title: 'Is the outbox working?',
      body: 'Asking for a fresh machine.',
    });
    const staff = await member('agent-1', 'Sam', { role: 'staff' });
    await staff.ok({ type: 'post.create', key: TestClient.key(), threadId: thread.id, body: 'It is.' });
    for (;;) {
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from mail_outbox where to_address = 'robin@outbox.example'
      `.execute(t.database.db);
      if ((rows[0]?.n ?? 0) > 0) break;
      await sql`select pg_sleep(0.05)`.execute(t.database.db);
    }
    const list = await (await fetch(`${t.baseUrl}/outbox`)).text();
    expect(list).toContain('robin@outbox.example');
    const link = /href="\/outbox\/(\d+)"/.exec(list);
    expect(link).not.toBeNull();
    const one = await (await fetch(`${t.baseUrl}/outbox/${link?.[1]}`)).text();
    expect(one).toContain('Sam answered: Is the outbox working?');
    expect(one).toContain('List-Unsubscribe');
    const htmlPart = await fetch(`${t.baseUrl}/outbox/${link?.[1]}/html`);
    expect(htmlPart.headers.get('content-security-policy')).toContain("style-src 'unsafe-inline'");
    expect(await htmlPart.text()).toContain('Open the thread');
  });
});
