import type { ServerMessage } from '@booth/shared';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteRow } from '../../server/src/db/database.js';
import { channelName } from '../../server/src/fanout/channel-names.js';
import type { Signal } from '../../server/src/fanout/signals.js';
import { announceSkippedFanouts, fanoutCases } from '../helpers/fanouts.js';
import { eventually } from '../helpers/live-load.js';
import { SINGLE_NODE_REASON, startCluster, type TestCluster } from '../helpers/nodes.js';
import { connectModerator, staffLogin } from '../helpers/staff-session.js';
import { createTestSite, type TestApp } from '../helpers/test-app.js';
import { testDatabaseKind, testDatabaseUrl } from '../helpers/test-database.js';
import { TestClient } from '../helpers/ws-client.js';

const embedded = testDatabaseKind() === 'embedded';
// Said in the run's output, not only in the suite's title, so a skipped multi-node test is noticed.
if (embedded) console.info(`Multi-node presence tests ${SINGLE_NODE_REASON}`);
else announceSkippedFanouts('Multi-node presence tests');

/**
 * The cluster's heartbeat is far longer than any wait below, so a change that reaches another
 * node in time came from an announcement, a goodbye or an answer, never from a heartbeat or an expiry.
 */
/** Listeners that are cut off come back after 2 s: long enough to act while none listens, even on a busy machine. */
const SLOW_HEARTBEAT = { staffDesk: { presenceHeartbeatMs: 60_000 }, live: { fanoutReconnectDelayMs: 2000 } };

const isPresence =
  (staffOnline: boolean) =>
  (m: ServerMessage): boolean =>
    m.type === 'presence' && m.staffOnline === staffOnline;

/** A customer page on `node`, past its first reply (when a socket is told whether staff are online). */
async function customer(node: TestApp, site: SiteRow): Promise<TestClient> {
  const client = await TestClient.connect(node.wsUrl(site));
  await client.ok({ type: 'ping' });
  return client;
}

/** Connects a customer to `node` and waits for its greeting "Staff online". */
async function greetedOnline(node: TestApp, site: SiteRow): Promise<TestClient> {
  const client = await TestClient.connect(node.wsUrl(site));
  const greeting = client.waitFor(isPresence(true));
  await client.ok({ type: 'ping' });
  await greeting;
  return client;
}

/** A moderation view of `site` on `node`, following the staff feed. */
async function moderator(node: TestApp, site: SiteRow) {
  const socket = await connectModerator(node, site, await staffLogin(node, site));
  const feed = await socket.ok({ type: 'staff.subscribe' });
  return { socket, feed };
}

/** Every presence frame a client has received, in order. */
const presenceFrames = (client: TestClient) =>
  client.received.filter((m) => m.type === 'presence').map((m) => (m.type === 'presence' ? m.staffOnline : null));

// Once per fan-out. The cases that cut LISTEN connections or send NOTIFYs by hand are LISTEN/NOTIFY's
// own; their NATS counterparts (broker restart, malformed signals) are in nats-restart.test.ts.
for (const fanout of fanoutCases()) {
  const skip = embedded ? SINGLE_NODE_REASON : fanout.skip;
  const listenNotify = fanout.env.NATS_URL === undefined;
  describe.skipIf(skip)(
    skip
      ? `staff presence across nodes, ${fanout.name} (${skip})`
      : `staff presence and typing across nodes, ${fanout.name}`,
    () => {
      let cluster: TestCluster;
      let signalChannel: string;

      beforeAll(async () => {
        cluster = await startCluster(2, { ...SLOW_HEARTBEAT, env: fanout.env });
        signalChannel = channelName('signals', cluster.database.schema);
      });
      afterAll(async () => cluster?.close());

      it('shows a moderation view on one node to customers on another: live, on connecting, typing, leaving', async () => {
        const [a, b] = cluster.nodes as [TestApp, TestApp];
        const site = await createTestSite(cluster.database);
        const early = await customer(b, site);
        const online = early.waitFor(isPresence(true));
        const onA = await moderator(a, site);
        expect(onA.feed.staffOnline).toBe(1);
        expect(await online).toEqual({ type: 'presence', staffOnline: true });

        const late = await greetedOnline(b, site);

        // A second moderation view, on the customers' node, counts with the first; leaving, it flips nothing.
        const onB = await moderator(b, site);
        expect(onB.feed.staffOnline).toBe(2);
        await onB.socket.close();

        const writer = await TestClient.connect(b.wsUrl(site));
        await writer.ok({ type: 'guest.join', name: 'Robin' });
        await writer.ok({ type: 'subscribe', board: 'b1' });
        const { thread } = await writer.ok({
          type: 'thread.create',
          key: TestClient.key(),
          board: 'b1',
          kind: 'question',
          title: 'Does it come in blue?',
          body: 'Please help.',
        });
        const typing = writer.waitFor((m) => m.type === 'typing');
        await onA.socket.ok({ type: 'staff.typing', threadId: thread.id });
        expect(await typing).toEqual({ type: 'typing', board: 'b1', threadId: thread.id });

        const offline = [early, late, writer].map((client) => client.waitFor(isPresence(false)));
        await onA.socket.close();
        await Promise.all(offline);
        expect(presenceFrames(early)).toEqual([true, false]);
        expect(presenceFrames(late)).toEqual([true, false]);
        for (const client of [early, late, writer]) await client.close();
      });

      it('says goodbye when a node shuts down: its moderation views stop counting at once', async () => {
        const [, b] = cluster.nodes as [TestApp, TestApp];
        const site = await createTestSite(cluster.database);
        const leaving = await cluster.addNode();
        const page = await customer(b, site);
        const online = page.waitFor(isPresence(true));
        await moderator(leaving, site);
        await online;

        const offline = page.waitFor(isPresence(false));
        await cluster.stopNode(leaving);
        await offline;
        await page.close();
      });

      it('forgets a node that stops announcing without a goodbye, within three heartbeats', async () => {
        const [, b] = cluster.nodes as [TestApp, TestApp];
        const site = await createTestSite(cluster.database);
        // Heartbeats every 100 ms: the other nodes forget this node's counts 300 ms after its last one.
        const silent = await cluster.addNode({ staffDesk: { presenceHeartbeatMs: 100 } });
        try {
          const page = await customer(b, site);
          const online = page.waitFor(isPresence(true));
          const view = await moderator(silent, site);
          await online;

          // Cut off from the others, as a node that hangs or loses its network: the view stays open there.
          const offline = page.waitFor(isPresence(false), 5000);
          await silent.app.fanout.close();
          const cutAt = Date.now();
          await offline;
          const elapsed = Date.now() - cutAt;
          expect(view.socket.closeInfo).toBeNull();
          // Its last heartbeat holds for 300 ms; with no goodbye possible, only that expiry flips it.
          // (No lower bound: on a busy machine its heartbeat timer may have fired late before the cut.)
          expect(elapsed).toBeLessThan(2000);
          await page.close();
        } finally {
          await cluster.stopNode(silent);
        }
      });

      it.runIf(listenNotify)('re-announces and asks for the others after its listener reconnects', async () => {
        const [a, b] = cluster.nodes as [TestApp, TestApp];
        const site = await createTestSite(cluster.database);
        const page = await customer(b, site);
        const socket = await connectModerator(a, site, await staffLogin(a, site));

        const observer = new pg.Client({ connectionString: testDatabaseUrl() });
        await observer.connect();
        const signals: Signal[] = [];
        observer.on('notification', (msg) => signals.push(JSON.parse(msg.payload ?? 'null') as Signal));
        await observer.query(`LISTEN ${pg.escapeIdentifier(signalChannel)}`);
        try {
          const { rows } = await observer.query(
            'select pg_terminate_backend(pid) from pg_stat_activity where pid <> pg_backend_pid() and query = $1',
            [`LISTEN ${pg.escapeIdentifier(signalChannel)}`],
          );
          expect(rows).toHaveLength(2);
          await eventually('both listeners down', () => !a.app.fanout.connected && !b.app.fanout.connected);

          // While no node listens (the first reconnect comes after 2 s), node a's view opens: its announcement is lost.
          const online = page.waitFor(isPresence(true), 10_000);
          await socket.ok({ type: 'staff.subscribe' });
          expect(b.app.fanout.connected).toBe(false);

          await online;
          const counted = (s: Signal) => s.kind === 'presence' && s.sites.some(([id, n]) => id === site.id && n === 1);
          await eventually('node a re-announcing with an ask', () =>
            signals.some((s) => counted(s) && s.kind === 'presence' && s.ask === true),
          );
          await greetedOnline(b, site).then((late) => late.close());
        } finally {
          await observer.end();
          await socket.close();
          await page.close();
        }
      });

      it.runIf(listenNotify)(
        'ignores malformed signals, logging them, and forgets a node that never repeats itself',
        async () => {
          const lines: string[] = [];
          const node = await cluster.addNode({
            env: { LOG_LEVEL: 'warn' },
            logStream: { write: (line) => void lines.push(line) },
          });
          try {
            const site = await createTestSite(cluster.database);
            const page = await customer(node, site);
            const malformed = [
              'not json',
              'null',
              '[]',
              '{"kind":"presence"}',
              '{"kind":"gossip","node":"x"}',
              JSON.stringify({ kind: 'presence', node: 'x', seq: 1, ttlMs: 1000, sites: [['0', 1]] }),
              JSON.stringify({ kind: 'presence', node: 'x', seq: 1, ttlMs: 10 ** 9, sites: [[site.id, 1]] }),
              JSON.stringify({
                kind: 'typing',
                node: 'x',
                siteId: site.id,
                boardId: '1',
                board: '../b',
                threadId: '1',
              }),
            ];
            const forged = JSON.stringify({
              kind: 'presence',
              node: 'forged',
              seq: 1,
              ttlMs: 400,
              sites: [[site.id, 1]],
            });
            const online = page.waitFor(isPresence(true));
            const offline = page.waitFor(isPresence(false));
            await sql`select pg_notify(${signalChannel}, p) from unnest(${[...malformed, forged]}::text[]) as p`.execute(
              cluster.database.db,
            );
            await online;
            await offline;
            expect(presenceFrames(page)).toEqual([true, false]);
            const ignored = lines.filter((line) => line.includes('malformed fan-out signal ignored'));
            expect(ignored).toHaveLength(malformed.length);
            expect(node.app.fanout.connected).toBe(true);
            await page.close();
          } finally {
            await cluster.stopNode(node);
          }
        },
      );
    },
  );
}
