import { createConnection } from 'node:net';
import { MemoryLimitStore } from '../server/src/limits/keyed-limiter.js';
import type { LimitCheck, LimitStore } from '../server/src/limits/limit-store.js';
import { PostgresLimitStore } from '../server/src/limits/postgres-limit-store.js';
import { RedisLimitStore } from '../server/src/limits/redis-limit-store.js';
import { openBenchSchema } from './lib/bench-db.js';
import { loadNow, type Machine } from './lib/machine.js';
import { runLine, table, writeSection } from './lib/results.js';
import { count, ms, percentiles, ratio } from './lib/stats.js';

export interface LimitsOptions {
  /** Seconds measured per store. Default 5. */
  seconds: number;
  /** Checks in flight at once, as requests on a busy node would be. Default 8. */
  concurrency: number;
}

const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const silent = { warn() {}, info() {}, debug() {} } as never;

function redisAnswers(): Promise<boolean> {
  const { hostname, port } = new URL(REDIS_URL);
  return new Promise((resolve) => {
    const socket = createConnection({ host: hostname, port: Number(port || 6379) });
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => done(true));
  });
}

/** What a post on the socket checks: the post and write limits of a member, a network and a site. */
function postChecks(n: number): LimitCheck[] {
  const member = `m${n % 5000}`;
  const net = `10.0.${(n >> 8) % 256}.${n % 256}`;
  const site = `s${n % 20}`;
  return ['post', 'write'].flatMap((kind) => [
    { key: `${kind}:member:${member}`, perMinute: 1_000_000 },
    { key: `${kind}:ip:${site}:${net}`, perMinute: 1_000_000 },
    { key: `${kind}:site:${site}`, perMinute: 100_000_000 },
  ]);
}

async function measure(store: LimitStore, options: LimitsOptions) {
  const ends = performance.now() + options.seconds * 1000;
  const latencies: number[] = [];
  let n = 0;
  const lane = async () => {
    while (performance.now() < ends) {
      const started = performance.now();
      await store.take(postChecks(n++), Date.now());
      latencies.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, lane));
  const { p50 = 0, p99 = 0 } = percentiles(latencies);
  return { perSecond: latencies.length / options.seconds, p50, p99 };
}

/**
 * What a shared rate-limit store costs: checks per second and latency of the six limits a post
 * names (member, network and site, for posts and for writes), from one process with 8 checks in
 * flight, over 5,000 members and 20 sites. Baseline: the node's memory, which does not hold
 * across nodes.
 */
export async function limitsBench(machine: Machine, options: LimitsOptions): Promise<void> {
  const startedAt = new Date();
  const load = loadNow();
  console.log(`\n# limits: the six checks of a post, ${options.concurrency} in flight, ${options.seconds} s per store`);
  const database = await openBenchSchema('bench_limits', true);
  const stores: [string, LimitStore | null][] = [
    ['memory (one node only)', new MemoryLimitStore()],
    ['Postgres (`rate_limits`, unlogged)', new PostgresLimitStore(database.db)],
  ];
  if (await redisAnswers()) {
    const redis = new RedisLimitStore({ url: REDIS_URL, prefix: `booth-bench:${Date.now()}:`, log: silent });
    await redis.connect();
    stores.push(['Redis (one script call)', redis]);
  } else {
    stores.push([`Redis (none answers at ${REDIS_URL})`, null]);
  }
  const rows: string[][] = [];
  let baseline = 0;
  for (const [name, store] of stores) {
    if (!store) {
      rows.push([name, '—', '—', '—', '—']);
      continue;
    }
    const result = await measure(store, options);
    baseline ||= result.perSecond;
    console.log(`  ${name}: ${count(result.perSecond)} checks/s, p50 ${ms(result.p50)}, p99 ${ms(result.p99)}`);
    rows.push([name, count(result.perSecond), ratio(result.perSecond, baseline), ms(result.p50), ms(result.p99)]);
    await store.close();
  }
  await database.close();
  writeSection(
    'limits',
    `## Rate-limit stores

${runLine(machine, startedAt, load)}

The six checks a post makes (member, network and site; for posts and for writes) as one take,
${options.concurrency} in flight from one process for ${options.seconds} s per store, over 5,000 members and 20 sites.

${table(['Store', 'Checks/s', 'vs memory', 'p50', 'p99'], rows)}`,
  );
}
