import pg from 'pg';
import { BENCH_DATABASE_URL, createBenchSite, openBenchSchema } from './lib/bench-db.js';
import { LoadClient, openMany } from './lib/load-client.js';
import { loadNow, type Machine } from './lib/machine.js';
import { startBoothNode } from './lib/node-process.js';
import { runLine, table, verdict, writeSection } from './lib/results.js';
import { count, ms, percentiles, ratio, sleep } from './lib/stats.js';
import { beatsPeer, peerRows, WALINE_LABEL, walineWrites } from './waline-peer.js';

export interface WritesOptions {
  /** Subscribers of the board the posts go to. Default 100. */
  subscribers: number;
  /** Concurrent writers (sockets for Booth, connections for the baseline). Default 8. */
  writers: number;
  /** Seconds measured, after a 2-second warm-up. Default 15. */
  seconds: number;
}

const WARMUP_SECONDS = 2;
/** Requests each writer keeps in flight (a socket's requests are handled one after another). */
const WINDOW = 4;

/**
 * Runs `lanes` loops of `work` for the warm-up plus `seconds`, counting the operations that
 * complete inside the measured window and their latencies.
 */
async function sustained(lanes: number, seconds: number, work: (lane: number, n: number) => Promise<void>) {
  const warmupEnds = performance.now() + WARMUP_SECONDS * 1000;
  const ends = warmupEnds + seconds * 1000;
  const latencies: number[] = [];
  let done = 0;
  let n = 0;
  const lane = async (id: number) => {
    while (performance.now() < ends) {
      const started = performance.now();
      await work(id, n++);
      const finished = performance.now();
      if (started >= warmupEnds && finished <= ends) {
        done += 1;
        latencies.push(finished - started);
      }
    }
  };
  await Promise.all(Array.from({ length: lanes }, (_, i) => lane(i)));
  return { perSecond: done / seconds, latencies };
}

/**
 * Write throughput: replies (posts) per second that one Booth node sustains on one board with
 * 100 subscribers. Baseline: bare parameterized INSERTs through `pg`, with as many connections
 * as Booth has writers.
 */
export async function writesBench(machine: Machine, options: WritesOptions): Promise<void> {
  const startedAt = new Date();
  const load = loadNow();
  console.log(
    `\n# writes: ${options.writers} writers, ${options.subscribers} subscribers, ${options.seconds} s per system`,
  );
  const database = await openBenchSchema('bench_live', true);
  const site = await createBenchSite(database.db);
  const node = await startBoothNode(BENCH_DATABASE_URL, 'bench_live');
  const url = `ws://127.0.0.1:${node.port}/ws?site=${site.public_key}`;
  const board = 'writes';
  const clients: LoadClient[] = [];
  let booth: { perSecond: number; latencies: number[] };
  let received = 0;
  try {
    const subscribers = await openMany(options.subscribers, 50, async () => {
      const client = await LoadClient.connect(url);
      await client.request({ type: 'subscribe', board });
      client.onFrame = () => {
        received += 1;
      };
      return client;
    });
    clients.push(...subscribers);
    const writers: { client: LoadClient; threadId: string }[] = [];
    for (let w = 0; w < options.writers; w++) {
      const client = await LoadClient.connect(url);
      clients.push(client);
      await client.request({ type: 'guest.join', name: `Writer ${w}` });
      const created = await client.request<{ thread: { id: string } }>({
        type: 'thread.create',
        key: `writes-${startedAt.getTime()}-thread-${w}`,
        board,
        kind: 'discussion',
        title: `Busy thread ${w}`,
        body: 'Replies go here.',
      });
      writers.push({ client, threadId: created.thread.id });
    }
    // Each writer keeps WINDOW replies in flight; lanes = writers × WINDOW.
    booth = await sustained(options.writers * WINDOW, options.seconds, async (lane, n) => {
      const writer = writers[lane % writers.length] as { client: LoadClient; threadId: string };
      await writer.client.request({
        type: 'post.create',
        key: `writes-${startedAt.getTime()}-${n}`,
        threadId: writer.threadId,
        body: `Reply number ${n}, with a sentence or two of text like a real answer would have.`,
      });
    });
    await sleep(500);
  } finally {
    for (const client of clients) client.close();
    await node.stop();
  }

  // Baseline: the same number of connections inserting rows, one statement each, autocommit.
  const pool = new pg.Pool({ connectionString: BENCH_DATABASE_URL, max: options.writers });
  await pool.query('drop table if exists bench_live.bare_posts');
  await pool.query(
    'create table bench_live.bare_posts (id bigint generated always as identity primary key, thread_id bigint not null, author_id bigint not null, body text not null, created_at timestamptz not null default now())',
  );
  const baseline = await sustained(options.writers, options.seconds, async (lane, n) => {
    await pool.query('insert into bench_live.bare_posts (thread_id, author_id, body) values ($1, $2, $3)', [
      lane,
      lane,
      `Reply number ${n}, with a sentence or two of text like a real answer would have.`,
    ]);
  });
  await pool.end();
  await database.close();
  // Peer: Waline's server, as many posts in flight as Booth's writers keep.
  const waline = await walineWrites(options.writers * WINDOW, WARMUP_SECONDS, options.seconds);

  const b = percentiles(booth.latencies);
  const x = percentiles(baseline.latencies);
  const rows = [
    [
      'writes per second',
      count(booth.perSecond),
      count(baseline.perSecond),
      ratio(booth.perSecond, baseline.perSecond),
    ],
    ['latency p50', ms(b.p50 as number), ms(x.p50 as number), ''],
    ['latency p99', ms(b.p99 as number), ms(x.p99 as number), ''],
  ];
  console.log(table(['', 'Booth (1 node)', 'bare INSERT via pg', 'Booth / baseline'], rows));
  const met = booth.perSecond >= baseline.perSecond / 2;
  const peerHeader = ['', 'Booth (1 node)', WALINE_LABEL, 'Booth / Waline'];
  const peer = peerRows('posts per second', booth, waline);
  console.log(table(peerHeader, peer));
  const beats = beatsPeer(booth, waline, 10);
  writeSection(
    'writes',
    `## Write throughput

${runLine(machine, startedAt, load)}

One Booth node; ${options.writers} writer sockets (each keeps ${WINDOW} replies in flight) post replies to their own
thread on one board that ${options.subscribers} sockets subscribe to, for ${options.seconds} s after a ${WARMUP_SECONDS} s
warm-up. Each Booth write is a transaction: idempotency key, spam checks, the post, thread counters, the board's next
event id and the event row, then a NOTIFY. Baseline: ${options.writers} \`pg\` connections running a single-row
parameterized INSERT each (autocommit) into a bare table. Frames delivered to subscribers: ${count(received)}.

${table(['', 'Booth (1 node)', 'bare INSERT via pg', 'Booth / baseline'], rows)}

Target: at least half the bare-INSERT rate — ${verdict(met)}.

Peer: Waline's server (\`@waline/vercel\`, as its Docker image runs it: \`node vanilla.js\`) on its own database of the same
Postgres, its tables from its published schema; ${options.writers * WINDOW} HTTP clients (as many as Booth's posts in flight) each post one
comment at a time to one page (\`POST /api/comment\`), each from its own address; Akismet off.

${table(peerHeader, peer)}

Target: at least 10x Waline's posts per second — ${beats === null ? `not measured: ${'skipped' in waline ? waline.skipped : ''}` : verdict(beats)}.`,
  );
}
