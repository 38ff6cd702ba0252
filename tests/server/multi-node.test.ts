import type { EventMessage } from '@booth/shared';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteRow } from '../../server/src/db/database.js';
import { eventMatching } from '../helpers/actors.js';
import { announceSkippedFanouts, fanoutCases } from '../helpers/fanouts.js';
import { eventPostId, liftWriteLimits, pipelined } from '../helpers/live-load.js';
import { SINGLE_NODE_REASON, startCluster, type TestCluster } from '../helpers/nodes.js';
import { createTestSite, type TestApp } from '../helpers/test-app.js';
import { testDatabaseKind } from '../helpers/test-database.js';
import { TestClient } from '../helpers/ws-client.js';

const embedded = testDatabaseKind() === 'embedded';
// Said in the run's output, not only in the suite's title, so a skipped multi-node test is noticed.
if (embedded) console.info(`Multi-node tests ${SINGLE_NODE_REASON}`);
else announceSkippedFanouts('Multi-node tests');

/** Load tests send far faster than a person; the per-socket frame limit is raised for them. */
const FAST_SOCKETS = { frameBurst: 5000, framesPerSecond: 5000 };

/** Seq numbers of a client's events on one board. */
const seqs = (events: EventMessage[]) => events.map((e) => e.seq);

/** A guest client on `node`, subscribed to `board`; returns it with the event id it starts from. */
async function subscriber(node: TestApp, site: SiteRow, board: string, name: string, since?: number) {
  const client = await TestClient.connect(node.wsUrl(site));
  await client.ok({ type: 'guest.join', name });
  const sub = await client.ok({ type: 'subscribe', board, ...(since === undefined ? {} : { since }) });
  return { client, sub };
}

// Every case once per fan-out: LISTEN/NOTIFY and NATS JetStream.
for (const fanout of fanoutCases()) {
  const skip = embedded ? SINGLE_NODE_REASON : fanout.skip;
  describe.skipIf(skip)(
    skip ? `several nodes, ${fanout.name} (${skip})` : `several nodes on one Postgres, ${fanout.name}`,
    () => {
      let cluster: TestCluster;
      let site: SiteRow;

      beforeAll(async () => {
        cluster = await startCluster(2, { ws: FAST_SOCKETS, env: fanout.env });
        site = await createTestSite(cluster.database);
        await liftWriteLimits(cluster.database, site);
      });
      afterAll(async () => cluster?.close());

      it('delivers 1,000 writes from 3 clients on 2 nodes to every client exactly once, in the same order', async () => {
        const [a, b] = cluster.nodes as [TestApp, TestApp];
        const board = 'load';
        const clients = [
          await subscriber(a, site, board, 'Ada'),
          await subscriber(b, site, board, 'Bo'),
          await subscriber(a, site, board, 'Cy'),
        ];
        const start = clients[0]?.sub.seq ?? 0;
        for (const { sub } of clients) expect(sub.seq).toBe(start);

        const total = 1000;
        const acked = new Set<string>();
        await Promise.all(
          clients.map(async ({ client }, c) => {
            const mine = Array.from({ length: Math.ceil((total - c) / clients.length) }, (_, i) => i);
            const { thread, post } = await client.ok({
              type: 'thread.create',
              key: TestClient.key(),
              board,
              kind: 'discussion',
              title: `Thread of client ${c}`,
              body: `Opening post ${c}`,
            });
            acked.add(post.id);
            await pipelined(mine.slice(1), 16, async (i) => {
              const reply =
                i % 2 === 0
                  ? await client.ok({
                      type: 'thread.create',
                      key: TestClient.key(),
                      board,
                      kind: 'question',
                      title: `Question ${c}-${i}`,
                      body: `Body ${c}-${i}`,
                    })
                  : await client.ok({
                      type: 'post.create',
                      key: TestClient.key(),
                      threadId: thread.id,
                      body: `Reply ${c}-${i}`,
                    });
              acked.add(reply.post.id);
            });
          }),
        );
        expect(acked.size).toBe(total);

        for (const { client } of clients) await client.waitForEvents(total, 60_000);
        const expected = Array.from({ length: total }, (_, i) => start + i + 1);
        const reference = clients[0]?.client.events ?? [];
        for (const { client } of clients) {
          expect(seqs(client.events)).toEqual(expected);
          expect(client.events).toEqual(reference);
        }
        expect(new Set(reference.map(eventPostId))).toEqual(acked);
        for (const { client } of clients) await client.close();
      }, 120_000);

      it('lets a client whose connection drops, or whose node stops, resume on another node with the same events', async () => {
        const [a, b] = cluster.nodes as [TestApp, TestApp];
        const c = await cluster.addNode();
        const board = 'resume';
        const steady = await subscriber(a, site, board, 'Steady');
        const dropper = await subscriber(b, site, board, 'Dropper');
        const stopped = await subscriber(c, site, board, 'Stopped');
        const writerA = await subscriber(a, site, board, 'Writer A');
        const writerB = await subscriber(b, site, board, 'Writer B');
        const start = steady.sub.seq;

        // Writes keep coming from nodes a and b while the clients drop and come back.
        const total = 300;
        const writing = Promise.all(
          [writerA.client, writerB.client].map((writer, w) =>
            pipelined(
              Array.from({ length: total / 2 }, (_, i) => i),
              4,
              (i) =>
                writer.ok({
                  type: 'thread.create',
                  key: TestClient.key(),
                  board,
                  kind: 'discussion',
                  title: `Writer ${w} post ${i}`,
                  body: `Post ${i}`,
                }),
            ),
          ),
        );

        // A network drop: the socket dies without a goodbye; the client comes back on node a.
        await dropper.client.waitForEvents(50, 10_000);
        dropper.client.socket.terminate();
        const droppedAt = dropper.client.events.at(-1)?.seq as number;
        const resumed = await subscriber(a, site, board, 'Dropper', droppedAt);
        expect(resumed.sub.mode).toBe('resume');

        // A node stops: it says goodbye with 1001, and the client comes back on node b.
        await stopped.client.waitForEvents(100, 10_000);
        const bye = stopped.client.waitFor((m) => m.type === 'bye', 10_000);
        const stopping = cluster.stopNode(c);
        expect(await bye).toMatchObject({ type: 'bye', reason: 'shutdown' });
        await stopping;
        expect(stopped.client.closeInfo?.code).toBe(1001);
        const stoppedAt = stopped.client.events.at(-1)?.seq as number;
        const returned = await subscriber(b, site, board, 'Stopped', stoppedAt);
        expect(returned.sub.mode).toBe('resume');

        await writing;
        const expected = Array.from({ length: total }, (_, i) => start + i + 1);
        await steady.client.waitForEvents(total, 60_000);
        await resumed.client.waitForEvents(total - dropper.client.events.length, 60_000);
        await returned.client.waitForEvents(total - stopped.client.events.length, 60_000);
        expect(seqs(steady.client.events)).toEqual(expected);
        expect([...dropper.client.events, ...resumed.client.events]).toEqual(steady.client.events);
        expect([...stopped.client.events, ...returned.client.events]).toEqual(steady.client.events);
        for (const x of [steady, resumed, returned, writerA, writerB]) await x.client.close();
      }, 120_000);

      it('stores a write once when it is retried on another node after its reply was lost', async () => {
        const [a, b] = cluster.nodes as [TestApp, TestApp];
        const board = 'retry';
        const watcher = await subscriber(a, site, board, 'Watcher');
        const first = await TestClient.connect(b.wsUrl(site));
        const { guestToken } = await first.ok({ type: 'guest.join', name: 'Retrier' });

        const key = TestClient.key();
        const write = {
          type: 'thread.create',
          key,
          board,
          kind: 'question',
          title: 'Does it ship to Oslo?',
          body: 'Asking once.',
        } as const;
        // The reply is never read: the client stops reading, the write commits, then the connection dies.
        first.sendRaw(JSON.stringify({ ...write, id: 'w1' }));
        first.socket.pause();
        const stored = () =>
          sql<{ n: number }>`select count(*)::int as n from threads where title = ${write.title}`
            .execute(cluster.database.db)
            .then((r) => r.rows[0]?.n ?? 0);
        // Announced on the other node only once committed.
        await eventMatching(
          watcher.client,
          (e) => e.event.kind === 'thread.created' && e.event.thread.title === write.title,
        );
        expect(await stored()).toBe(1);
        first.socket.terminate();
        expect(first.received.some((m) => m.type === 'result' && m.id === 'w1')).toBe(false);

        const retry = await TestClient.connect(a.wsUrl(site));
        await retry.ok({ type: 'hello', guest: guestToken });
        const again = await retry.ok(write);
        const row = await sql<{ id: string }>`select id::text from threads where title = ${write.title}`.execute(
          cluster.database.db,
        );
        expect(row.rows).toEqual([{ id: again.thread.id }]);

        // A later write marks the end of the stream: the retried one was announced exactly once before it.
        await retry.ok({ ...write, key: TestClient.key(), title: 'Marker question' });
        await eventMatching(
          watcher.client,
          (e) => e.event.kind === 'thread.created' && e.event.thread.title === 'Marker question',
        );
        const announced = watcher.client.events.filter(
          (e) => e.event.kind === 'thread.created' && e.event.thread.id === again.thread.id,
        );
        expect(announced).toHaveLength(1);
        expect(await stored()).toBe(1);
        await retry.close();
        await watcher.client.close();
      });
    },
  );
}
