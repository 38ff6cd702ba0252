import { BENCH_DATABASE_URL, BENCH_ORIGIN } from './lib/bench-db.js';
import { LoadClient } from './lib/load-client.js';
import { loadNow, type Machine } from './lib/machine.js';
import { startBoothNode } from './lib/node-process.js';
import { runLine, table, verdict, writeSection } from './lib/results.js';
import { count, ms, percentiles } from './lib/stats.js';
import { BOARD_SCHEMA, ensureSeed } from './seed.js';

export interface BoardOptions {
  /** Measured requests per kind, after 20 warm-up ones. Default 200. */
  requests: number;
}

const TARGET_MS = 20;

/** Times `requests` sequential calls of `call` after a warm-up; returns their percentiles. */
async function timed(requests: number, call: () => Promise<void>) {
  for (let i = 0; i < 20; i++) await call();
  const latencies: number[] = [];
  for (let i = 0; i < requests; i++) {
    const started = performance.now();
    await call();
    latencies.push(performance.now() - started);
  }
  return percentiles(latencies);
}

async function getJson(url: string): Promise<unknown> {
  const response = await fetch(url, { headers: { origin: BENCH_ORIGIN } });
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return response.json();
}

/**
 * Board load: with 1,000,000 posts in the database, the time a node takes to serve the first
 * page of a board (over HTTP, and as the widget gets it: a subscribe snapshot) and to open a
 * thread (a typical 10-post one, and a 10,000-post one, capped at its first 500 posts).
 */
export async function boardBench(machine: Machine, options: BoardOptions): Promise<void> {
  const startedAt = new Date();
  const load = loadNow();
  console.log(`\n# board load: ${count(options.requests)} requests of each kind`);
  const seed = await ensureSeed();
  const node = await startBoothNode(BENCH_DATABASE_URL, BOARD_SCHEMA);
  const base = `http://127.0.0.1:${node.port}`;
  try {
    const client = await LoadClient.connect(`ws://127.0.0.1:${node.port}/ws?site=${seed.siteKey}`);
    const page = await timed(options.requests, async () => {
      await getJson(`${base}/api/boards/${seed.board}/threads?site=${seed.siteKey}`);
    });
    const snapshot = await timed(options.requests, async () => {
      await client.request({ type: 'subscribe', board: seed.board });
    });
    const typical = await timed(options.requests, async () => {
      await getJson(`${base}/api/threads/${seed.typicalThreadId}?site=${seed.siteKey}`);
    });
    const long = await timed(options.requests, async () => {
      await getJson(`${base}/api/threads/${seed.longThreadId}?site=${seed.siteKey}`);
    });
    client.close();

    const kinds: [string, Record<string, number>][] = [
      ['First page of the board (HTTP `GET /api/boards/:board/threads`)', page],
      ['First page as the widget gets it (WebSocket `subscribe` snapshot)', snapshot],
      ['A 10-post thread (HTTP `GET /api/threads/:id`)', typical],
      ['A 10,000-post thread, first 500 posts (HTTP)', long],
    ];
    const rows = kinds.map(([kind, p]) => [kind, ms(p.p50 as number), ms(p.p95 as number), ms(p.p99 as number)]);
    console.log(table(['request', 'p50', 'p95', 'p99'], rows));
    const met = (page.p95 as number) < TARGET_MS && (snapshot.p95 as number) < TARGET_MS;
    writeSection(
      'board',
      `## Board load

${runLine(machine, startedAt, load)}

${count(seed.posts)} posts in the database (seeded once by \`pnpm bench seed\` with bulk SQL into schema
\`${BOARD_SCHEMA}\` of the bench database, then reused): one board with 99,001 threads, 99,000 of 10 posts and one of
10,000. One Booth node; ${count(options.requests)} sequential requests of each kind after 20 warm-up ones, timed at the
client, over loopback.

${table(['Request', 'p50', 'p95', 'p99'], rows)}

Target: first page of a board under ${TARGET_MS} ms with 1,000,000 posts (taken at p95) — ${verdict(met)}.`,
    );
  } finally {
    await node.stop();
  }
}
