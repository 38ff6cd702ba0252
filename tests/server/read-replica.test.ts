import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OpenDatabase, openDatabase } from '../../server/src/db/connect.js';
import type { SiteRow } from '../../server/src/db/database.js';
import type { Readiness } from '../../server/src/plugins/health.js';
import { ask, connectGuest, expectRefused, reconnectGuest } from '../helpers/actors.js';
import { getJson } from '../helpers/http-client.js';
import { eventually, liftWriteLimits } from '../helpers/live-load.js';
import { startStreamingReplica, startThrowawayPostgres, type ThrowawayPostgres } from '../helpers/pg-cluster.js';
import { createTestSite, startTestApp, type TestApp } from '../helpers/test-app.js';
import { ownPostgresSkipReason } from '../helpers/test-database.js';
import { TestClient } from '../helpers/ws-client.js';

// This file runs a primary and a streaming replica of its own (Postgres 15's programs, as the
// restart test does), so it runs once, with the real-Postgres project.
const skipReason = ownPostgresSkipReason();
if (skipReason) console.info(`Read replica test skipped: ${skipReason}`);

/** The value of one Prometheus sample (`name` with its labels, as printed). */
async function metric(node: TestApp, name: string): Promise<number> {
  const text = await (await fetch(`${node.baseUrl}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? 0 : Number(line.slice(name.length + 1));
}

const readsFrom = (node: TestApp, target: 'replica' | 'primary') =>
  metric(node, `booth_db_reads_total{target="${target}"}`);

async function readiness(node: TestApp): Promise<{ status: number; body: Readiness }> {
  const response = await fetch(`${node.baseUrl}/readyz`);
  return { status: response.status, body: (await response.json()) as Readiness };
}

/** The titles of a board's first page as a page that opens it now sees them (its snapshot). */
async function boardTitles(client: TestClient, board: string): Promise<string[]> {
  const sub = await client.ok({ type: 'subscribe', board });
  await client.ok({ type: 'unsubscribe', board });
  if (sub.mode !== 'snapshot') throw new Error(`expected a snapshot, got ${sub.mode}`);
  return sub.threads.map((thread) => thread.title);
}

/** What an anonymous visitor opening the board now sees. */
async function anonymousTitles(node: TestApp, site: SiteRow, board: string): Promise<string[]> {
  const client = await TestClient.connect(node.wsUrl(site));
  try {
    return await boardTitles(client, board);
  } finally {
    await client.close();
  }
}

describe.skipIf(skipReason)(
  skipReason ? `read replica (skipped: ${skipReason})` : 'reads on a streaming replica',
  () => {
    let primary: ThrowawayPostgres;
    let replica: ThrowawayPostgres;
    let database: OpenDatabase;
    /** A connection to the replica, to pause and resume its replay as an operator would. */
    let replicaControl: OpenDatabase;
    /** Tolerates a minute of lag, and waits up to 2 s for a writer's write to be replayed. */
    let patient: TestApp;
    /** Tolerates one second of lag: past it, it reads the primary and says so. */
    let strict: TestApp;
    let site: SiteRow;
    const board = 'replica-board';

    const replayPaused = async (paused: boolean) => {
      const call = paused ? sql`select pg_wal_replay_pause()` : sql`select pg_wal_replay_resume()`;
      await call.execute(replicaControl.db);
    };

    beforeAll(async () => {
      primary = await startThrowawayPostgres();
      replica = await startStreamingReplica(primary);
      database = await openDatabase({ url: primary.url, dataDir: null, poolSize: 5 });
      replicaControl = await openDatabase({ url: replica.url, dataDir: null, poolSize: 1, readOnly: true });
      const node = (maxLag: string, waitMs: string) =>
        startTestApp({
          database,
          env: {
            DATABASE_URL: primary.url,
            DATABASE_READ_URL: replica.url,
            DATABASE_READ_MAX_LAG_SECONDS: maxLag,
            DATABASE_READ_WAIT_MS: waitMs,
          },
          readReplica: { lagIntervalMs: 50 },
        });
      patient = await node('60', '2000');
      strict = await node('1', '300');
      site = await createTestSite(database);
      await liftWriteLimits(database, site);
    });
    afterAll(async () => {
      await patient?.close();
      await strict?.close();
      await replicaControl?.close();
      await database?.close();
      await replica?.destroy();
      await primary?.destroy();
    });

    it('serves pages from the replica, and a writer its own write at once', async () => {
      const writer = await connectGuest(patient, site, 'Wren Writer');
      await ask(writer.client, board, { title: 'Asked before the pause' });
      await eventually('the replica to show the first question', async () =>
        (await anonymousTitles(patient, site, board)).includes('Asked before the pause'),
      );

      // Replayed promptly: the writer's next page waits for the replay, then reads the replica.
      await ask(writer.client, board, { title: 'Asked while the replica keeps up' });
      const beforeReload = {
        replica: await readsFrom(patient, 'replica'),
        primary: await readsFrom(patient, 'primary'),
      };
      const reloaded = await reconnectGuest(patient, site, writer.guestToken as string);
      expect(await boardTitles(reloaded.client, board)).toContain('Asked while the replica keeps up');
      expect(await readsFrom(patient, 'replica')).toBe(beforeReload.replica + 1);
      expect(await readsFrom(patient, 'primary')).toBe(beforeReload.primary);

      // Replay paused: the writer still sees its question (from the primary); a visitor does not yet.
      await replayPaused(true);
      const halted = await ask(writer.client, board, { title: 'Asked while replay is halted' });
      const primaryBefore = await readsFrom(patient, 'primary');
      expect(await boardTitles(reloaded.client, board)).toContain('Asked while replay is halted');
      expect(await readsFrom(patient, 'primary')).toBe(primaryBefore + 1);
      const visitor = await anonymousTitles(patient, site, board);
      expect(visitor).toContain('Asked while the replica keeps up');
      expect(visitor).not.toContain('Asked while replay is halted');
      // A signed-in reader's open of the thread reads the replica, which does not have it yet. The
      // anonymous first page is kept by the node and read on the primary, as the board's first page is
      // (a kept page must not trail the primary), so it is there at once.
      const reader = await connectGuest(patient, site, 'Rhea Reader');
      await expectRefused(reader.client.request({ type: 'thread.open', threadId: halted.thread.id }), 'not_found');
      const threadUrl = `${patient.baseUrl}/api/threads/${halted.thread.id}?site=${site.public_key}`;
      expect((await getJson(threadUrl)).status).toBe(200);

      // Search too: the visitor's reads the paused replica, the writer's finds its own question.
      const searchFor = async (client: TestClient) =>
        (await client.ok({ type: 'search', board, query: 'halted' })).hits.map((hit) => hit.thread.title);
      const stranger = await TestClient.connect(patient.wsUrl(site));
      expect(await searchFor(stranger)).toEqual([]);
      expect(await searchFor(writer.client)).toEqual(['Asked while replay is halted']);

      // The lag shows in the metrics and in /readyz; the strict node reads the primary meanwhile.
      await eventually('the lag to pass a second', async () => (await metric(strict, 'booth_replica_lag_seconds')) > 1);
      expect(await metric(strict, 'booth_replica_lag_bytes')).toBeGreaterThan(0);
      expect(await metric(strict, 'booth_replica_usable')).toBe(0);
      const behind = await readiness(strict);
      expect(behind.status).toBe(200);
      expect(behind.body.replica).toMatchObject({ reachable: true, withinLimit: false });
      expect(behind.body.replica?.lagSeconds).toBeGreaterThan(1);
      expect((await readiness(patient)).body.replica).toMatchObject({ reachable: true, withinLimit: true });
      expect(await anonymousTitles(strict, site, board)).toContain('Asked while replay is halted');

      // Replay resumed: the replica catches up, the lag goes back to nothing.
      await replayPaused(false);
      await eventually('the replica to catch up', async () =>
        (await anonymousTitles(patient, site, board)).includes('Asked while replay is halted'),
      );
      expect((await reader.client.ok({ type: 'thread.open', threadId: halted.thread.id })).thread.id).toBe(
        halted.thread.id,
      );
      await eventually('the strict node to read the replica again', async () => {
        const { body } = await readiness(strict);
        return body.replica?.withinLimit === true && body.replica.lagSeconds === 0;
      });
      expect(await metric(strict, 'booth_replica_usable')).toBe(1);
      for (const client of [writer.client, reloaded.client, reader.client, stranger]) await client.close();
    });

    it('reads the primary while the replica is down, and the replica again once it is back', async () => {
      const writer = await connectGuest(patient, site, 'Dana Down');
      await replica.stop();
      try {
        await eventually('the node to see the replica gone', async () => {
          const { body } = await readiness(patient);
          return body.replica?.reachable === false && body.replica.withinLimit === false;
        });
        expect((await readiness(patient)).status).toBe(200);
        await ask(writer.client, board, { title: 'Asked while the replica is down' });
        expect(await anonymousTitles(patient, site, board)).toContain('Asked while the replica is down');
      } finally {
        await replica.start();
      }
      await eventually('the node to read the replica again', async () => {
        const { body } = await readiness(patient);
        return body.replica?.reachable === true && body.replica.withinLimit === true;
      });
      const replicaBefore = await readsFrom(patient, 'replica');
      await eventually('the replica to show the question', async () =>
        (await anonymousTitles(patient, site, board)).includes('Asked while the replica is down'),
      );
      expect(await readsFrom(patient, 'replica')).toBeGreaterThan(replicaBefore);
      await writer.client.close();
    });
  },
);
