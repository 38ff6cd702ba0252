/**
 * With several nodes a client gets each limit once, not once per node: per-member, per-network
 * and per-site write limits, sign-in limits, the per-address HTTP limit and staff sign-in attempts
 * are counted in a store every node shares. Two nodes on one schema, counting in Postgres (on the
 * real Postgres; the embedded one serves a single node and counts in memory) and in Redis (when
 * one answers at 127.0.0.1:6379).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenDatabase } from '../../server/src/db/connect.js';
import type { SiteRow } from '../../server/src/db/database.js';
import { connectGuest, connectMember, expectRefused } from '../helpers/actors.js';
import { getJson } from '../helpers/http-client.js';
import { limitQuestion, onlyLimits } from '../helpers/limit-policy.js';
import { SINGLE_NODE_REASON, startCluster } from '../helpers/nodes.js';
import { NO_REDIS_REASON, redisAnswers, TEST_REDIS_URL } from '../helpers/redis.js';
import { postJson } from '../helpers/staff-session.js';
import { createTestSite, startTestApp, type TestApp } from '../helpers/test-app.js';
import { testDatabaseKind } from '../helpers/test-database.js';
import { TestClient } from '../helpers/ws-client.js';

const embedded = testDatabaseKind() === 'embedded';
const redisUp = await redisAnswers();
if (embedded) console.info(`Limits across nodes counted in Postgres: ${SINGLE_NODE_REASON}`);
if (!redisUp) console.info(`Limits across nodes counted in Redis: ${NO_REDIS_REASON}`);

interface TwoNodes {
  a: TestApp;
  b: TestApp;
  database: OpenDatabase;
  close(): Promise<void>;
}

/** Two nodes on one fresh schema: separate pools on the real Postgres, one shared pool on the embedded one. */
async function twoNodes(env: Record<string, string>): Promise<TwoNodes> {
  if (!embedded) {
    const cluster = await startCluster(2, { env });
    const [a, b] = cluster.nodes as [TestApp, TestApp];
    return { a, b, database: cluster.database, close: () => cluster.close() };
  }
  const a = await startTestApp({ env });
  const b = await startTestApp({ database: a.database, env });
  return {
    a,
    b,
    database: a.database,
    async close() {
      await b.close();
      await a.close();
    },
  };
}

const cases: { store: string; env: Record<string, string>; skip: boolean; reason: string }[] = [
  { store: 'postgres', env: {}, skip: embedded, reason: SINGLE_NODE_REASON },
  { store: 'redis', env: { REDIS_URL: TEST_REDIS_URL }, skip: !redisUp, reason: NO_REDIS_REASON },
];

for (const { store, env, skip, reason } of cases) {
  describe.skipIf(skip)(
    skip ? `limits across two nodes in ${store} (${reason})` : `limits across two nodes in ${store}`,
    () => {
      let nodes: TwoNodes;
      let a: TestApp;
      let b: TestApp;

      beforeAll(async () => {
        nodes = await twoNodes(env);
        ({ a, b } = nodes);
      });
      afterAll(async () => nodes?.close());

      it('counts in the shared store on both nodes', () => {
        expect(a.app.limitStore.kind).toBe(store);
        expect(b.app.limitStore.kind).toBe(store);
      });

      it('gives a member their post limit once, wherever their sockets are', async () => {
        const s = await createTestSite(nodes.database, { policy: onlyLimits({ posts: { member: 3 } }) });
        const onA = await connectMember(a, s, { sub: 'two-sockets', name: 'Two Sockets' });
        const onB = await connectMember(b, s, { sub: 'two-sockets', name: 'Two Sockets' });
        await onA.client.ok(limitQuestion(1));
        await onA.client.ok(limitQuestion(2));
        await onB.client.ok(limitQuestion(3));
        await expectRefused(onB.client.request(limitQuestion(4)), 'rate_limited');
        await expectRefused(onA.client.request(limitQuestion(5)), 'rate_limited');
        // Someone else on the same site is not held back by that member's limit.
        const other = await connectMember(b, s, { sub: 'someone-else', name: 'Someone Else' });
        await other.client.ok(limitQuestion(6));
        for (const v of [onA, onB, other]) await v.client.close();
      });

      it('counts a network across nodes and guest identities', async () => {
        const s = await createTestSite(nodes.database, { policy: onlyLimits({ posts: { ip: 3 } }) });
        const g1 = await connectGuest(a, s, 'Puppet One');
        const g2 = await connectGuest(b, s, 'Puppet Two');
        await g1.client.ok(limitQuestion(1));
        await g2.client.ok(limitQuestion(2));
        await g1.client.ok(limitQuestion(3));
        await expectRefused(g2.client.request(limitQuestion(4)), 'rate_limited');
        for (const v of [g1, g2]) await v.client.close();
      });

      it('caps the whole site across nodes, votes included', async () => {
        const s = await createTestSite(nodes.database, { policy: onlyLimits({ writes: { site: 3 } }) });
        const m1 = await connectMember(a, s, { sub: 'site-1', name: 'Member One' });
        const m2 = await connectMember(b, s, { sub: 'site-2', name: 'Member Two' });
        const { post } = await m1.client.ok(limitQuestion(1));
        await m2.client.ok({ type: 'vote', key: TestClient.key(), postId: post.id, value: 1 });
        await m1.client.ok(limitQuestion(2));
        await expectRefused(
          m2.client.request({ type: 'vote', key: TestClient.key(), postId: post.id, value: 0 }),
          'rate_limited',
        );
        for (const v of [m1, m2]) await v.client.close();
      });

      it('counts sign-ins of a network across nodes', async () => {
        const s = await createTestSite(nodes.database, { policy: onlyLimits({ signIns: { ip: 3 } }) });
        await connectGuest(a, s, 'Guest One');
        await connectGuest(b, s, 'Guest Two');
        await connectGuest(a, s, 'Guest Three');
        const client = await TestClient.connect(b.wsUrl(s));
        await expectRefused(client.request({ type: 'guest.join', name: 'Guest Four' }), 'rate_limited');
        await client.close();
      });
    },
  );

  describe.skipIf(skip)(
    skip ? `HTTP limits across two nodes in ${store} (${reason})` : `HTTP limits across two nodes in ${store}`,
    () => {
      let nodes: TwoNodes;
      let s: SiteRow;

      beforeAll(async () => {
        nodes = await twoNodes({ ...env, HTTP_RATE_LIMIT: '5' });
        s = await createTestSite(nodes.database);
      });
      afterAll(async () => nodes?.close());

      it('gives an address its HTTP limit once across nodes', async () => {
        const path = `/api/boards/b/threads?site=${s.public_key}`;
        for (const node of [nodes.a, nodes.b, nodes.a, nodes.b, nodes.a]) {
          expect((await getJson(`${node.baseUrl}${path}`)).status).toBe(200);
        }
        for (const node of [nodes.b, nodes.a]) {
          const refused = await getJson(`${node.baseUrl}${path}`);
          expect(refused.status).toBe(429);
          expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
        }
      });
    },
  );

  describe.skipIf(skip)(
    skip
      ? `staff sign-in limits across two nodes in ${store} (${reason})`
      : `staff sign-in limits across two nodes in ${store}`,
    () => {
      let nodes: TwoNodes;

      beforeAll(async () => {
        nodes = await twoNodes(env);
      });
      afterAll(async () => nodes?.close());

      it('counts sign-in attempts for one email across nodes', async () => {
        const attempt = (node: TestApp) =>
          postJson(node, '/moderate/api/login', { email: 'owner@brand.example', password: 'guessing-again' });
        // The default is 10 a minute per address and email.
        for (let i = 0; i < 10; i++) expect((await attempt(i % 2 ? nodes.a : nodes.b)).status).toBe(401);
        expect((await attempt(nodes.a)).status).toBe(429);
        expect((await attempt(nodes.b)).status).toBe(429);
      });
    },
  );
}
