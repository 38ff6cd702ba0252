/**
 * The NATS fan-out when its broker goes away: two nodes on the real Postgres fan out through a
 * NATS server of this file's own, which is killed (SIGKILL) while writes go on and started again.
 * While it is down each node says it cannot hear the others (`/readyz` 503, `fanout: false`);
 * once it is back every board is re-read, and a reader on the other node has every event once,
 * in order. The periodic catch-up read is set far beyond the test's length, so only wake-ups and
 * the resync can deliver. Presence and typing travel the same way, and malformed signals are dropped.
 */
import type { ServerMessage } from '@booth/shared';
import { connect, StringCodec } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteRow } from '../../server/src/db/database.js';
import { natsSubjects } from '../../server/src/fanout/nats-subjects.js';
import { eventPostId, eventually, liftWriteLimits, openDiscussions } from '../helpers/live-load.js';
import { natsServerInstalled, startThrowawayNats, type ThrowawayNats } from '../helpers/nats-server.js';
import { SINGLE_NODE_REASON, startCluster, type TestCluster } from '../helpers/nodes.js';
import { connectModerator, staffLogin } from '../helpers/staff-session.js';
import { createTestSite, type TestApp } from '../helpers/test-app.js';
import { testDatabaseKind } from '../helpers/test-database.js';
import { TestClient } from '../helpers/ws-client.js';

const skipReason =
  testDatabaseKind() === 'embedded'
    ? SINGLE_NODE_REASON
    : !natsServerInstalled()
      ? 'skipped: nats-server is not installed at /usr/sbin/nats-server (Debian package nats-server)'
      : null;
// Said in the run's output, not only in the suite's title, so a skipped test is noticed.
if (skipReason) console.info(`NATS broker restart tests ${skipReason}`);

async function readiness(node: TestApp): Promise<{ status: number; checks: Record<string, boolean> }> {
  const response = await fetch(`${node.baseUrl}/readyz`);
  return { status: response.status, checks: ((await response.json()) as { checks: Record<string, boolean> }).checks };
}

const isPresence =
  (staffOnline: boolean) =>
  (m: ServerMessage): boolean =>
    m.type === 'presence' && m.staffOnline === staffOnline;

describe.skipIf(skipReason)(skipReason ? `NATS broker restart (${skipReason})` : 'a NATS broker restart', () => {
  let nats: ThrowawayNats;
  let cluster: TestCluster;
  let site: SiteRow;
  const logLines: string[] = [];

  beforeAll(async () => {
    nats = await startThrowawayNats();
    cluster = await startCluster(2, {
      env: { NATS_URL: nats.url },
      ws: { frameBurst: 5000, framesPerSecond: 5000 },
      live: { catchUpIntervalMs: 600_000, fanoutReconnectDelayMs: 200 },
      // Longer than the test: presence comes back by re-announcing, not by a heartbeat.
      staffDesk: { presenceHeartbeatMs: 600_000 },
      logStream: { write: (line) => void logLines.push(line) },
    });
    site = await createTestSite(cluster.database);
    await liftWriteLimits(cluster.database, site);
  });
  afterAll(async () => {
    await cluster?.close();
    await nats?.destroy();
  });

  it('reports not-ready while the broker is down, resyncs every board when it is back, and loses nothing', async () => {
    const [a, b] = cluster.nodes as [TestApp, TestApp];
    for (const node of cluster.nodes) expect((await readiness(node)).status).toBe(200);
    // The first board is written before, during and after the outage; the second only during it,
    // so nothing but the resync (or wake-ups sent again on reconnect) can bring its events.
    const boards = ['steady', 'outage'] as const;
    const readers = await Promise.all(
      boards.map(async (board) => {
        const reader = await TestClient.connect(b.wsUrl(site));
        await reader.ok({ type: 'subscribe', board });
        return reader;
      }),
    );
    const [steady, outage] = readers as [TestClient, TestClient];
    const writer = await TestClient.connect(a.wsUrl(site));
    await writer.ok({ type: 'guest.join', name: 'Writer' });
    const acked: Record<string, string[]> = { steady: [], outage: [] };
    let round = 0;
    const write = (board: (typeof boards)[number], count: number) =>
      openDiscussions(writer, board, count, acked[board] as string[], `${board} round ${++round}`);

    await write('steady', 20);
    await steady.waitForEvents(20, 20_000);
    await nats.kill();
    for (const node of cluster.nodes) {
      await eventually('the fan-out to notice the broker is gone', () => !node.app.fanout.connected, 30_000);
      expect(await readiness(node)).toEqual({ status: 503, checks: expect.objectContaining({ fanout: false }) });
    }
    // Writes go on: Postgres is the truth, the broker only wakes the other nodes.
    await Promise.all([write('steady', 20), write('outage', 20)]);
    expect(outage.events).toHaveLength(0);
    await nats.start();
    for (const node of cluster.nodes) {
      await eventually('the fan-out back', () => node.app.fanout.connected, 30_000);
    }
    expect((await readiness(b)).status).toBe(200);
    await write('steady', 20);

    for (const [board, reader] of [
      ['steady', steady],
      ['outage', outage],
    ] as const) {
      const count = acked[board]?.length ?? 0;
      await reader.waitForEvents(count, 30_000);
      // Every event once, in order, as acknowledged.
      expect(reader.events.map((e) => e.seq)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
      expect([...reader.events.map(eventPostId)].sort()).toEqual([...(acked[board] ?? [])].sort());
    }
    for (const client of [...readers, writer]) await client.close();
  }, 120_000);

  it('carries presence and typing, brings presence back after a broker restart, and drops malformed signals', async () => {
    const [a, b] = cluster.nodes as [TestApp, TestApp];
    const page = await TestClient.connect(b.wsUrl(site));
    await page.ok({ type: 'ping' });
    const staff = await connectModerator(a, site, await staffLogin(a, site));

    // The moderation view opens while the broker is down: node b hears of it once the broker is back.
    await nats.kill();
    await eventually('both fan-outs down', () => !a.app.fanout.connected && !b.app.fanout.connected, 30_000);
    const online = page.waitFor(isPresence(true), 30_000);
    await staff.ok({ type: 'staff.subscribe' });
    await nats.start();
    await online;
    await eventually('both fan-outs back', () => a.app.fanout.connected && b.app.fanout.connected, 30_000);

    const writer = await TestClient.connect(b.wsUrl(site));
    await writer.ok({ type: 'guest.join', name: 'Robin' });
    await writer.ok({ type: 'subscribe', board: 'typing' });
    const { thread } = await writer.ok({
      type: 'thread.create',
      key: TestClient.key(),
      board: 'typing',
      kind: 'question',
      title: 'Does it come in blue?',
      body: 'Please help.',
    });
    const typing = writer.waitFor((m) => m.type === 'typing');
    await staff.ok({ type: 'staff.typing', threadId: thread.id });
    expect(await typing).toEqual({ type: 'typing', board: 'typing', threadId: thread.id });

    // Malformed signals on the install's subject are dropped and logged by each node.
    const malformed = ['not json', '{"kind":"presence"}', JSON.stringify({ kind: 'bell', memberIds: ['x'] })];
    const raw = await connect({ servers: nats.url });
    const codec = StringCodec();
    const subject = natsSubjects(cluster.database.schema).signals;
    for (const payload of malformed) raw.publish(subject, codec.encode(payload));
    await raw.flush();
    await raw.close();
    const ignored = () => logLines.filter((line) => line.includes('malformed fan-out signal ignored')).length;
    await eventually('each node to drop each malformed signal', () => ignored() === malformed.length * 2);

    const offline = page.waitFor(isPresence(false), 20_000);
    await staff.close();
    await offline;
    expect(page.received.filter((m) => m.type === 'presence')).toEqual([
      { type: 'presence', staffOnline: true },
      { type: 'presence', staffOnline: false },
    ]);
    expect(a.app.fanout.connected && b.app.fanout.connected).toBe(true);
    for (const client of [page, writer]) await client.close();
  }, 120_000);
});
