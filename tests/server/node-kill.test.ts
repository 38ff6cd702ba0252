/**
 * A node killed outright (SIGKILL: no drain, no goodbye, its sockets cut as a crashed machine's),
 * once per fan-out. Writes go on through the surviving node while a reader on the killed node
 * loses its socket; it resumes on the survivor from the last event it saw and has every event
 * once, in order, as a reader that stayed on the survivor has them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteRow } from '../../server/src/db/database.js';
import { type BoothProcess, freePort, startBoothProcess } from '../helpers/booth-process.js';
import { announceSkippedFanouts, fanoutCases } from '../helpers/fanouts.js';
import { eventPostId, liftWriteLimits, openDiscussions } from '../helpers/live-load.js';
import { SINGLE_NODE_REASON, startCluster, type TestCluster } from '../helpers/nodes.js';
import { createTestSite, type TestApp } from '../helpers/test-app.js';
import { testDatabaseKind, testDatabaseUrl } from '../helpers/test-database.js';
import { TestClient } from '../helpers/ws-client.js';

const embedded = testDatabaseKind() === 'embedded';
// Said in the run's output, not only in the suite's title, so a skipped test is noticed.
if (embedded) console.info(`Node kill tests ${SINGLE_NODE_REASON}`);
else announceSkippedFanouts('Node kill tests');

for (const fanout of fanoutCases()) {
  const skip = embedded ? SINGLE_NODE_REASON : fanout.skip;
  describe.skipIf(skip)(skip ? `a killed node, ${fanout.name} (${skip})` : `a killed node, ${fanout.name}`, () => {
    let cluster: TestCluster;
    let doomed: BoothProcess;
    let site: SiteRow;

    beforeAll(async () => {
      cluster = await startCluster(1, { ws: { frameBurst: 5000, framesPerSecond: 5000 }, env: fanout.env });
      site = await createTestSite(cluster.database);
      await liftWriteLimits(cluster.database, site);
      doomed = await startBoothProcess(await freePort(), {
        ...fanout.env,
        DATABASE_URL: testDatabaseUrl(),
        BOOTH_TEST_SCHEMA: cluster.database.schema,
        BOOTH_DEMO: 'false',
      });
    });
    afterAll(async () => {
      await doomed?.kill();
      await cluster?.close();
    });

    it('loses nothing and repeats nothing for a reader whose node is killed mid-stream', async () => {
      const [survivor] = cluster.nodes as [TestApp];
      const board = 'kill';
      const wsOnDoomed = `ws://127.0.0.1:${doomed.port}/ws?site=${site.public_key}`;
      const steady = await TestClient.connect(survivor.wsUrl(site));
      await steady.ok({ type: 'subscribe', board });
      const victim = await TestClient.connect(wsOnDoomed);
      await victim.ok({ type: 'subscribe', board });
      const writer = await TestClient.connect(survivor.wsUrl(site));
      await writer.ok({ type: 'guest.join', name: 'Writer' });

      const total = 200;
      const acked: string[] = [];
      const writing = openDiscussions(writer, board, total, acked);

      // The victim's node hears the survivor's writes through the fan-out, then dies.
      await victim.waitForEvents(30, 20_000);
      await doomed.kill();
      // Cut without a close frame: the socket reports 1006.
      expect((await victim.closed(10_000)).code).toBe(1006);
      expect(victim.received.some((m) => m.type === 'bye')).toBe(false);
      const seenBeforeKill = victim.events.length;
      const lastSeen = victim.events.at(-1)?.seq as number;
      const resumed = await TestClient.connect(survivor.wsUrl(site));
      const sub = await resumed.ok({ type: 'subscribe', board, since: lastSeen });
      expect(sub.mode).toBe('resume');

      await writing;
      await steady.waitForEvents(total, 60_000);
      await resumed.waitForEvents(total - seenBeforeKill, 60_000);
      expect(steady.events.map((e) => e.seq)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
      expect(new Set(steady.events.map(eventPostId))).toEqual(new Set(acked));
      expect([...victim.events, ...resumed.events]).toEqual(steady.events);
      for (const client of [steady, resumed, writer]) await client.close();
    }, 120_000);
  });
}
