/**
 * Webhooks as a way into Booth's own network: URLs at loopback, private, link-local and cloud
 * metadata addresses are refused when added, a stored URL is checked again on the address it
 * resolves to when the delivery connects, and the delivery log reads the same whatever stopped
 * a delivery, so it cannot map which hosts and ports answer.
 */
import { createServer as createTcpServer, type Server } from 'node:net';
import type { WebhookDeliveryView } from '@booth/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenDatabase } from '../../server/src/db/connect.js';
import type { SiteRow } from '../../server/src/db/database.js';
import { insertWebhook } from '../../server/src/db/webhooks.queries.js';
import { addWebhook } from '../../server/src/domain/webhooks/webhooks.js';
import { UNREACHABLE } from '../../server/src/jobs/webhook-queue.js';
import { relaxLimits } from '../helpers/relaxed-site.js';
import { createTestSite, signSso, startTestApp, type TestApp } from '../helpers/test-app.js';
import { WebhookReceiver } from '../helpers/webhook-receiver.js';
import { TestClient } from '../helpers/ws-client.js';

const FAST = { pollingIntervalSeconds: 0.5, retryDelaySeconds: 1, scanCron: null, retryLimit: 0 };

let database: OpenDatabase;
let t: TestApp;
let receiver: WebhookReceiver;
const clients: TestClient[] = [];

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return typeof address === 'object' && address ? address.port : 0;
}

/** A site with a customer and a staff member signed in on `app`. */
async function siteOn(app: TestApp): Promise<{ site: SiteRow; asker: TestClient; staff: TestClient }> {
  const site = await createTestSite(database);
  await relaxLimits(database, site.id);
  const asker = await TestClient.connect(app.wsUrl(site));
  await asker.ok({ type: 'hello', sso: await signSso(site, { sub: 'cust-1', name: 'Robin' }) });
  const staff = await TestClient.connect(app.wsUrl(site));
  await staff.ok({ type: 'hello', sso: await signSso(site, { sub: 'agent-1', name: 'Sam', role: 'staff' }) });
  clients.push(asker, staff);
  return { site, asker, staff };
}

async function ask(asker: TestClient, title: string): Promise<void> {
  await asker.ok({
    type: 'thread.create',
    key: TestClient.key(),
    board: 'help',
    kind: 'question',
    title,
    body: `${title} — details`,
  });
}

/** The delivery log once every delivery to `urls` has ended (retries are off here). */
async function settled(staff: TestClient, urls: string[]): Promise<Map<string, WebhookDeliveryView>> {
  const done = (d: WebhookDeliveryView) => d.status !== 'pending';
  let byUrl = new Map<string, WebhookDeliveryView>();
  await expect
    .poll(
      async () => {
        const { deliveries } = await staff.ok({ type: 'webhooks.deliveries' });
        byUrl = new Map(deliveries.filter(done).map((d) => [d.url, d]));
        return urls.filter((url) => byUrl.has(url)).length;
      },
      { timeout: 20_000, interval: 200 },
    )
    .toBe(urls.length);
  return byUrl;
}

beforeAll(async () => {
  receiver = await WebhookReceiver.start('/internal');
  t = await startTestApp({ webhooks: FAST });
  database = t.database;
});

afterAll(async () => {
  for (const c of clients) await c.close();
  await t?.close();
  await receiver?.close();
});

describe('webhook targets', () => {
  it('refuses loopback, private, link-local, CGNAT, multicast and metadata URLs when they are added', async () => {
    const site = await createTestSite(database);
    for (const url of [
      'http://127.0.0.1:5432/',
      'http://169.254.169.254/latest/meta-data/',
      'http://[::ffff:a9fe:a9fe]/',
      'http://[::ffff:127.0.0.1]:6379/',
      'http://10.0.0.5/',
      'http://100.100.100.200/',
      'http://224.0.0.1/',
      'http://[fd00:ec2::254]/',
      'http://localhost:9200/',
      'http://2130706433/',
    ]) {
      await expect(addWebhook(database.db, site.id, url), url).rejects.toThrow(/public address/);
    }
    // The owner with a public receiver is not in the way.
    const hook = await addWebhook(database.db, site.id, 'https://hooks.example.com/booth', ['question.created']);
    expect(hook.url).toBe('https://hooks.example.com/booth');
  });

  it('checks the address a stored URL resolves to when the delivery connects', async () => {
    const { site, asker, staff } = await siteOn(t);
    const port = new URL(receiver.url).port;
    // Stored as if added before the check, or under a name whose DNS now points inside.
    const urls = [`http://localhost:${port}/by-name`, `http://[::ffff:127.0.0.1]:${port}/mapped`];
    for (const url of urls) {
      await insertWebhook(database.db, { siteId: site.id, url, secret: 'whsec_x', events: ['question.created'] });
    }
    await ask(asker, 'Does anyone answer on loopback?');
    const log = await settled(staff, urls);
    for (const url of urls) {
      expect(log.get(url)).toMatchObject({ status: 'failed', lastStatus: null, lastError: UNREACHABLE });
    }
    expect(receiver.received).toHaveLength(0);
  });

  it('delivers to internal networks the operator allows, and logs every failure alike', async () => {
    t = await t.restart({ env: { WEBHOOK_INTERNAL_TARGETS: '127.0.0.1/32' } });
    const { site, asker, staff } = await siteOn(t);
    const closed = createTcpServer();
    const closedPort = await listen(closed);
    await new Promise((resolve) => closed.close(resolve));
    const garbage = createTcpServer((socket) => socket.end('SSH-2.0-OpenSSH_9.2\r\n', () => socket.destroy()));
    const garbagePort = await listen(garbage);
    const allowed = { internalTargets: ['127.0.0.1/32'] };
    const good = receiver.url;
    const urls = [good, `http://127.0.0.1:${closedPort}/`, `http://127.0.0.1:${garbagePort}/`];
    for (const url of urls) await addWebhook(database.db, site.id, url, ['question.created'], allowed);

    await ask(asker, 'Is the internal receiver reached?');
    const log = await settled(staff, urls);
    expect(log.get(good)).toMatchObject({ status: 'delivered', lastStatus: 200, lastError: null });
    expect(receiver.received).toHaveLength(1);
    // A closed port and a port that speaks another protocol cannot be told apart.
    for (const url of urls.slice(1)) {
      expect(log.get(url)).toMatchObject({ status: 'failed', lastStatus: null, lastError: UNREACHABLE });
    }
    await new Promise((resolve) => garbage.close(resolve));
  });
});
