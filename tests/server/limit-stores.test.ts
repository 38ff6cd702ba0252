/**
 * The rate-limit stores keep one rule: a minute's worth at once, then one request per share of a
 * minute; a request takes from every limit it names or from none. The same cases run on this
 * node's memory, on the test Postgres (table `rate_limits`) and on Redis when it answers, with
 * the clock passed in. Then two stores on separate connections (two nodes) race for one limit.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryLimitStore } from '../../server/src/limits/keyed-limiter.js';
import type { LimitStore } from '../../server/src/limits/limit-store.js';
import { PostgresLimitStore } from '../../server/src/limits/postgres-limit-store.js';
import { RedisLimitStore } from '../../server/src/limits/redis-limit-store.js';
import { NO_REDIS_REASON, redisAnswers, TEST_REDIS_URL } from '../helpers/redis.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { openNodePool } from '../helpers/test-database.js';

const redisUp = await redisAnswers();
if (!redisUp) console.info(`Redis limit-store cases ${NO_REDIS_REASON}`);

/** A moment far from zero, as real clocks are (the stores keep times in ms since the epoch). */
const T0 = 1_900_000_000_000;
const silent = { warn() {}, info() {}, debug() {} } as never;

let t: TestApp;
beforeAll(async () => {
  // The app runs the migrations, which make the `rate_limits` table in this file's schema.
  t = await startTestApp();
});
afterAll(async () => t?.close());

interface StoreUnderTest {
  name: string;
  skip?: boolean;
  /** Two stores that share counts, as two nodes would. */
  open(): Promise<[LimitStore, LimitStore]>;
}

const redisStore = (prefix: string) => {
  const store = new RedisLimitStore({ url: TEST_REDIS_URL, prefix, log: silent });
  return store.connect().then(() => store);
};

const stores: StoreUnderTest[] = [
  {
    name: 'memory',
    async open() {
      const store = new MemoryLimitStore();
      return [store, store];
    },
  },
  {
    name: 'postgres',
    async open() {
      // The second store has a pool of its own, as a second node has.
      const other = await openNodePool(t.database.schema);
      const second = new PostgresLimitStore(other.db);
      second.close = () => other.close();
      return [new PostgresLimitStore(t.database.db), second];
    },
  },
  {
    name: 'redis',
    skip: !redisUp,
    async open() {
      const prefix = `booth-test:${randomBytes(6).toString('hex')}:`;
      return [await redisStore(prefix), await redisStore(prefix)];
    },
  },
];

/** A key no other case uses. */
const fresh = (name: string) => `${name}:${randomBytes(6).toString('hex')}`;

for (const kind of stores) {
  describe.skipIf(kind.skip)(
    kind.skip ? `the ${kind.name} limit store (${NO_REDIS_REASON})` : `the ${kind.name} limit store`,
    () => {
      let a: LimitStore;
      let b: LimitStore;
      beforeAll(async () => {
        [a, b] = await kind.open();
      });
      afterAll(async () => {
        await a?.close();
        if (b !== a) await b?.close();
      });

      it('allows a minute’s worth at once, then one request per share of a minute', async () => {
        const check = [{ key: fresh('k'), perMinute: 6 }];
        for (let i = 0; i < 6; i++) expect((await a.take(check, T0)).waitMs).toBe(0);
        expect(await a.take(check, T0)).toEqual({ waitMs: 10_000, remaining: 0 });
        expect((await a.take(check, T0 + 9_999)).waitMs).toBe(1);
        expect(await a.take(check, T0 + 10_000)).toEqual({ waitMs: 0, remaining: 0 });
        expect((await a.take(check, T0 + 10_000)).waitMs).toBe(10_000);
      });

      it('tells how many requests are left', async () => {
        const check = [{ key: fresh('left'), perMinute: 4 }];
        expect(await a.take(check, T0)).toEqual({ waitMs: 0, remaining: 3 });
        expect(await a.take(check, T0)).toEqual({ waitMs: 0, remaining: 2 });
        expect(await a.take(check, T0 + 15_000)).toEqual({ waitMs: 0, remaining: 2 });
      });

      it('takes from every limit or from none', async () => {
        const member = { key: fresh('member'), perMinute: 10 };
        const site = { key: fresh('site'), perMinute: 1 };
        expect((await a.take([member, site], T0)).waitMs).toBe(0);
        expect((await a.take([member, site], T0)).waitMs).toBe(60_000);
        // The refused request did not use up the member's allowance.
        for (let i = 0; i < 9; i++) expect((await a.take([member], T0)).waitMs).toBe(0);
        expect((await a.take([member], T0)).waitMs).toBeGreaterThan(0);
      });

      it('treats a limit of 0 as no limit', async () => {
        const key = fresh('off');
        for (let i = 0; i < 50; i++) expect((await a.take([{ key, perMinute: 0 }], T0)).waitMs).toBe(0);
      });

      it('applies a lowered limit at once: no more than the new limit within the minute', async () => {
        const key = fresh('lowered');
        for (let i = 0; i < 5; i++) expect((await a.take([{ key, perMinute: 10 }], T0)).waitMs).toBe(0);
        let allowed = 0;
        for (let i = 0; i < 5; i++) if ((await a.take([{ key, perMinute: 2 }], T0)).waitMs === 0) allowed++;
        expect(allowed).toBeGreaterThan(0);
        expect(allowed).toBeLessThanOrEqual(2);
      });

      it('counts once across two nodes racing for the same limit', async () => {
        const check = [{ key: fresh('race'), perMinute: 10 }];
        const outcomes = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? a : b).take(check, T0)));
        expect(outcomes.filter((o) => o.waitMs === 0)).toHaveLength(10);
        // A full allowance later it is whole again, on either node.
        for (let i = 0; i < 10; i++) expect((await (i % 2 ? a : b).take(check, T0 + 60_000)).waitMs).toBe(0);
        expect((await a.take(check, T0 + 60_000)).waitMs).toBeGreaterThan(0);
      });

      it('forgets full allowances when swept, and nothing else', async () => {
        const spent = { key: fresh('spent'), perMinute: 2 };
        await a.take([spent], T0);
        await a.take([spent], T0);
        await a.sweep(T0 + 1_000);
        expect((await a.take([spent], T0 + 1_000)).waitMs).toBeGreaterThan(0);
      });
    },
  );
}

describe('the postgres limit store table', () => {
  it('keeps one row per limited key and drops full ones on sweep', async () => {
    const store = new PostgresLimitStore(t.database.db);
    const key = fresh('row');
    await store.take([{ key, perMinute: 6 }], T0);
    const row = await t.database.db.selectFrom('rate_limits').selectAll().where('key', '=', key).executeTakeFirst();
    expect(row?.tat).toBe(T0 + 10_000);
    await store.sweep(T0 + 10_001);
    expect(
      await t.database.db.selectFrom('rate_limits').selectAll().where('key', '=', key).executeTakeFirst(),
    ).toBeUndefined();
  });
});
