import type { ResultMap } from '@booth/shared';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OpenDatabase, openDatabase } from '../../server/src/db/connect.js';
import type { SiteRow } from '../../server/src/db/database.js';
import { announceSkippedFanouts, deleteNatsStream, fanoutCases } from '../helpers/fanouts.js';
import { eventPostId, eventually, liftWriteLimits } from '../helpers/live-load.js';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../helpers/pg-cluster.js';
import { createTestSite, startTestApp, type TestApp } from '../helpers/test-app.js';
import { ownPostgresSkipReason } from '../helpers/test-database.js';
import { TestClient } from '../helpers/ws-client.js';

// This file stops and starts a Postgres of its own, so it runs once, with the real-Postgres project.
const skipReason = ownPostgresSkipReason();
// Said in the run's output, not only in the suite's title, so a skipped restart test is noticed.
if (skipReason) console.info(`Postgres restart test skipped: ${skipReason}`);
else announceSkippedFanouts('Postgres restart test');

type Write = Extract<Parameters<TestClient['request']>[0], { type: 'thread.create' }>;

async function readiness(node: TestApp): Promise<{ status: number; body: { checks?: Record<string, boolean> } }> {
  const response = await fetch(`${node.baseUrl}/readyz`);
  return { status: response.status, body: await response.json() };
}

/**
 * Sends a write until it is acknowledged, retrying with the same idempotency key as a widget does.
 * After a refusal it retries once the node says it reaches Postgres again (an outside process, so polled).
 */
async function writeUntilAcked(node: TestApp, client: TestClient, write: Write, failures: { count: number }) {
  for (;;) {
    const reply = await client.request(write);
    if (reply.ok) return reply.result as ResultMap['thread.create'];
    failures.count += 1;
    await eventually('the node to reach Postgres', async () => (await readiness(node)).status === 200, 60_000);
  }
}

// Once per fan-out: LISTEN/NOTIFY, whose listener goes down with Postgres, and NATS, which stays up.
for (const fanout of fanoutCases()) {
  const skip = skipReason ?? fanout.skip;
  describe.skipIf(skip)(
    skip ? `Postgres restart, ${fanout.name} (skipped: ${skip})` : `a Postgres restart under load, ${fanout.name}`,
    () => {
      let pg: ThrowawayPostgres;
      const pools: OpenDatabase[] = [];
      const nodes: TestApp[] = [];
      let site: SiteRow;

      beforeAll(async () => {
        pg = await startThrowawayPostgres();
        for (let i = 0; i < 2; i++) {
          const database = await openDatabase({ url: pg.url, dataDir: null, poolSize: 5 });
          pools.push(database);
          nodes.push(
            await startTestApp({
              database,
              ws: { frameBurst: 5000, framesPerSecond: 5000 },
              live: { catchUpIntervalMs: 1000 },
              env: fanout.env,
            }),
          );
        }
        site = await createTestSite(pools[0] as OpenDatabase);
        await liftWriteLimits(pools[0] as OpenDatabase, site);
      });
      afterAll(async () => {
        for (const node of nodes) await node.close();
        for (const pool of pools) await pool.close();
        if (fanout.env.NATS_URL) await deleteNatsStream(fanout.env.NATS_URL, 'public').catch(() => {});
        await pg?.destroy();
      });

      it('reports not-ready while Postgres is down, recovers by itself, and loses no acknowledged write', async () => {
        const [a, b] = nodes as [TestApp, TestApp];
        for (const node of nodes) expect((await readiness(node)).status).toBe(200);
        const board = 'restart';
        const reader = await TestClient.connect(b.wsUrl(site));
        await reader.ok({ type: 'subscribe', board });
        const writer = await TestClient.connect(a.wsUrl(site));
        await writer.ok({ type: 'guest.join', name: 'Writer' });

        const acked: string[] = [];
        const failures = { count: 0 };
        const total = 60;
        const writing = (async () => {
          for (let i = 0; i < total; i++) {
            const write: Write = {
              type: 'thread.create',
              key: TestClient.key(),
              board,
              kind: 'discussion',
              title: `Write ${i}`,
              body: `Body ${i}`,
            };
            acked.push((await writeUntilAcked(a, writer, write, failures)).post.id);
          }
        })();

        await eventually('some writes before the restart', () => acked.length >= 10);
        await pg.stop();
        for (const node of nodes) {
          await eventually('not-ready', async () => (await readiness(node)).status === 503);
          expect((await readiness(node)).body.checks).toMatchObject({ database: false });
        }
        await eventually('a write refused while Postgres is down', () => failures.count > 0);
        const ackedWhileDown = acked.length;

        await pg.start();
        for (const node of nodes)
          await eventually('ready again', async () => (await readiness(node)).status === 200, 30_000);
        await writing;
        expect(acked.length).toBe(total);
        expect(acked.length).toBeGreaterThan(ackedWhileDown);

        // Every acknowledged write is stored, once.
        const db = (pools[0] as OpenDatabase).db;
        const stored = await sql<{ id: string }>`select id::text from posts where id = any(${acked}::bigint[])`.execute(
          db,
        );
        expect(stored.rows).toHaveLength(total);

        // The reader on the other node, connected throughout, gets every event once, in order.
        await reader.waitForEvents(total, 20_000);
        expect(reader.events.map((e) => e.seq)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
        expect(reader.events.map(eventPostId)).toEqual(acked);
        await reader.close();
        await writer.close();
      }, 120_000);
    },
  );
}
