import type { BoardListing, ThreadPage } from '@booth/shared';
import { BENCH_DATABASE_URL, BENCH_ORIGIN } from './lib/bench-db.js';
import { closedLoop, fetchWithin } from './lib/http-load.js';
import { LoadClient } from './lib/load-client.js';
import { loadNow, type Machine } from './lib/machine.js';
import { startBoothNode } from './lib/node-process.js';
import { runLine, table, verdict, writeSection } from './lib/results.js';
import { count, ms, percentiles, ratio } from './lib/stats.js';
import { explainListings, type ListingPlan } from './listing-plans.js';
import { ensureSeed, MEDIUM_THREAD_POSTS } from './seed.js';
import { beatsPeer, peerRows, WALINE_LABEL, walineReads } from './waline-peer.js';

export interface BoardOptions {
  /** Measured requests per kind, after 20 warm-up ones. Default 200. */
  requests: number;
  /** Posts in the seed. Default 1,000,000. */
  posts: number;
  /** Seconds of each 20-connection read run (after a warm-up of a fifth of it). Default 10. */
  seconds: number;
}

/** Concurrent connections of the read-throughput runs, Booth's and the peer's. */
const READ_CONNECTIONS = 20;
/** How many times the peer's reads per second Booth's first pages should serve. */
const PEER_TARGET = 50;

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

/** The sorts and filters measured beside the board's first page as it always was (latest activity, all). */
const LISTINGS: BoardListing[] = [
  { sort: 'newest', filter: 'all' },
  { sort: 'votes', filter: 'all' },
  { sort: 'activity', filter: 'unanswered' },
  { sort: 'votes', filter: 'answered' },
  { sort: 'newest', filter: 'questions' },
];

/** How deep the deep page is: the keyset page after this many pages, which an offset would have to skip. */
const DEEP_PAGE = 100;

async function getText(url: string): Promise<string> {
  const response = await fetchWithin(url, { headers: { origin: BENCH_ORIGIN } });
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return response.text();
}

async function getJson(url: string): Promise<unknown> {
  return JSON.parse(await getText(url));
}

/**
 * Board load: with 1,000,000 posts in the database, the time a node takes to serve the first
 * page of a board (over HTTP, and as the widget gets it: a subscribe snapshot) and to open a
 * thread (a typical 10-post one, and a 10,000-post one, whose first page the server sizes).
 */
export async function boardBench(machine: Machine, options: BoardOptions): Promise<void> {
  const startedAt = new Date();
  const load = loadNow();
  console.log(`\n# board load: ${count(options.requests)} requests of each kind`);
  const seed = await ensureSeed(options.posts);
  const node = await startBoothNode(BENCH_DATABASE_URL, seed.schema);
  const base = `http://127.0.0.1:${node.port}`;
  try {
    // Reads at 20 connections: Booth's first pages, then the peer's, one after the other.
    const warmupSeconds = Math.max(1, options.seconds / 5);
    const boothRead = (path: string) =>
      closedLoop({
        port: node.port,
        connections: READ_CONNECTIONS,
        warmupSeconds,
        seconds: options.seconds,
        origin: BENCH_ORIGIN,
        call: () => ({ method: 'GET', path }),
        check: (reply) => {
          if (reply.status !== 200) throw new Error(`${path}: ${reply.status} ${reply.body.slice(0, 200)}`);
        },
      });
    console.log(`  reads at ${READ_CONNECTIONS} connections, ${options.seconds} s each`);
    const boardRun = await boothRead(`/api/boards/${seed.board}/threads?site=${seed.siteKey}`);
    const threadPath = `/api/threads/${seed.mediumThreadId}?site=${seed.siteKey}`;
    // How many posts the server puts on a thread's first page (the label says, whatever it is).
    const postsOnFirstPage = async (id: string) =>
      ((await getJson(`${base}/api/threads/${id}?site=${seed.siteKey}`)) as { posts: unknown[] }).posts.length;
    const mediumFirstPage = await postsOnFirstPage(seed.mediumThreadId);
    const longFirstPage = await postsOnFirstPage(seed.longThreadId);
    const threadRun = await boothRead(threadPath);
    const longPage = await getText(`${base}/api/threads/${seed.longThreadId}?site=${seed.siteKey}`);
    const longRun = await boothRead(`/api/threads/${seed.longThreadId}?site=${seed.siteKey}`);
    const longRows = [
      [
        `${count(seed.longThreadPosts)}-post thread, first page (\`GET /api/threads/:id\`)`,
        `${count(Buffer.byteLength(longPage))} bytes`,
        `${count(longFirstPage)} posts`,
        count(longRun.perSecond),
        ms(percentiles(longRun.latencies).p50 as number),
        ms(percentiles(longRun.latencies).p99 as number),
      ],
    ];
    const longHeader = ['Request (20 connections)', 'reply', 'posts', 'requests/s', 'p50', 'p99'];
    console.log(table(longHeader, longRows));
    const walineRun = await walineReads(MEDIUM_THREAD_POSTS, READ_CONNECTIONS, warmupSeconds, options.seconds);
    const readHeader = [`Request (${READ_CONNECTIONS} connections)`, 'Booth (1 node)', WALINE_LABEL, 'Booth / Waline'];
    const readRows = [
      ...peerRows('Board first page: requests per second', boardRun, walineRun),
      ...peerRows(
        `${count(MEDIUM_THREAD_POSTS)}-post thread first page (${mediumFirstPage} posts): requests per second`,
        threadRun,
        walineRun,
      ),
    ];
    console.log(table(readHeader, readRows));
    const readVerdicts = [beatsPeer(boardRun, walineRun, PEER_TARGET), beatsPeer(threadRun, walineRun, PEER_TARGET)];
    const readVerdict =
      'skipped' in walineRun ? `not measured: ${walineRun.skipped}` : verdict(readVerdicts.every(Boolean));

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

    const listingUrl = (listing: BoardListing, after: string | null) =>
      `${base}/api/boards/${seed.board}/threads?${new URLSearchParams({
        site: seed.siteKey,
        ...listing,
        ...(after ? { after } : {}),
      })}`;
    const orders: { listing: BoardListing; first: Record<string, number>; deep: Record<string, number> | null }[] = [];
    for (const listing of [{ sort: 'activity', filter: 'all' } as BoardListing, ...LISTINGS]) {
      const first = await timed(options.requests, async () => {
        await getJson(listingUrl(listing, null));
      });
      // Walks to page DEEP_PAGE once, then times reading that page from its cursor.
      let after: string | null = null;
      for (let n = 1; n < DEEP_PAGE; n++) {
        after = ((await getJson(listingUrl(listing, after))) as ThreadPage).next;
        if (after === null) break;
      }
      const cursor = after;
      const deep =
        cursor === null
          ? null
          : await timed(options.requests, async () => {
              await getJson(listingUrl(listing, cursor));
            });
      orders.push({ listing, first, deep });
    }
    const plans = await explainListings(
      seed.schema,
      seed.board,
      orders.map((o) => o.listing),
    );

    const kinds: [string, Record<string, number>][] = [
      ['First page of the board (HTTP `GET /api/boards/:board/threads`)', page],
      ['First page as the widget gets it (WebSocket `subscribe` snapshot)', snapshot],
      ['A 10-post thread (HTTP `GET /api/threads/:id`)', typical],
      [`A ${count(seed.longThreadPosts)}-post thread, first ${longFirstPage} posts (HTTP)`, long],
    ];
    const rows = kinds.map(([kind, p]) => [kind, ms(p.p50 as number), ms(p.p95 as number), ms(p.p99 as number)]);
    console.log(table(['request', 'p50', 'p95', 'p99'], rows));
    const orderRows = orders.map(({ listing, first, deep }, i) => [
      `${listing.sort} / ${listing.filter}${i === 0 ? ' (baseline: the order boards always had)' : ''}`,
      ms(first.p50 as number),
      ms(first.p95 as number),
      ratio(first.p95 as number, orders[0]?.first.p95 as number),
      deep ? ms(deep.p50 as number) : 'fewer pages',
      deep ? ms(deep.p95 as number) : '',
    ]);
    const orderHeader = [
      'Sort / filter (HTTP)',
      'first page p50',
      'p95',
      'p95 vs baseline',
      `page ${DEEP_PAGE} p50`,
      'p95',
    ];
    console.log(table(orderHeader, orderRows));
    const planRows = plans.map((p: ListingPlan) => [`${p.listing.sort} / ${p.listing.filter}`, p.access, p.rows, p.ms]);
    console.log(table(['Sort / filter', 'plan (first page)', 'rows read', 'execution'], planRows));
    const slowest = Math.max(...orders.map((o) => Math.max(o.first.p95 as number, (o.deep?.p95 as number) ?? 0)));
    const met = (page.p95 as number) < TARGET_MS && (snapshot.p95 as number) < TARGET_MS && slowest < TARGET_MS;
    writeSection(
      'board',
      `## Board load

${runLine(machine, startedAt, load)}

${count(seed.posts)} posts in the database (seeded once by \`pnpm bench seed\` with bulk SQL into schema
\`${seed.schema}\` of the bench database, then reused; \`BOARD_POSTS=n\` seeds another scale): one board with
${count(seed.threads)} threads of 10 posts, one of ${count(MEDIUM_THREAD_POSTS)} and one long one of ${count(seed.longThreadPosts)}. One Booth node.

Reads at ${READ_CONNECTIONS} concurrent keep-alive HTTP connections, each with one request in flight, for ${options.seconds} s after a
${warmupSeconds} s warm-up: the board's first page (\`GET /api/boards/:board/threads\`) and the ${count(MEDIUM_THREAD_POSTS)}-post thread's
first page (\`GET /api/threads/:id\`), then the peer, Waline's server (as its Docker image runs it, on its own database of
the same Postgres, tables from its published schema), serving the first page of a page with ${count(MEDIUM_THREAD_POSTS)} approved
comments (\`GET /api/comment?path=…\`, 10 comments, as its client asks). The load generator shares the 2 cores.

${table(readHeader, readRows)}

Target: each of Booth's first pages at least ${PEER_TARGET}x Waline's requests per second — ${readVerdict}.

The long thread opens with a page sized for a screen and pages on as the reader scrolls (it sent its first
500 posts, about 2 MB of JSON, before); its first page at the same ${READ_CONNECTIONS} connections:

${table(longHeader, longRows)}

Latency of single requests, ${count(options.requests)} sequential ones of each kind after 20 warm-up ones, timed at the
client, over loopback:

${table(['Request', 'p50', 'p95', 'p99'], rows)}

Each sort and filter of the board list (the same HTTP listing, \`?sort=…&filter=…\`): the first page, and
page ${DEEP_PAGE} read from its keyset cursor (an offset would skip ${count((DEEP_PAGE - 1) * 20)} threads to reach it).
${seed.seconds === undefined ? '' : `The seed took ${seed.seconds} s. `}Threads have scores 0–24 (thousands share
each) and two in five questions are answered.

${table(orderHeader, orderRows)}

Plans of each listing's first page (\`EXPLAIN (ANALYZE, BUFFERS)\` on the seeded schema, one run each):

${table(['Sort / filter', 'plan (first page)', 'rows read', 'execution'], planRows)}

Target: first page of a board under ${TARGET_MS} ms with ${count(seed.posts)} posts (taken at p95), in every sort and filter and
${DEEP_PAGE} pages deep — ${verdict(met)}.`,
    );
  } finally {
    await node.stop();
  }
}
