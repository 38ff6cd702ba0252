import type { ThreadPage, ThreadView } from '@booth/shared';
import pg from 'pg';
import { BENCH_ORIGIN } from './lib/bench-db.js';
import { closedLoop, fetchWithin, type HttpRun, metricsText } from './lib/http-load.js';
import { LoadClient } from './lib/load-client.js';
import { loadNow, type Machine } from './lib/machine.js';
import { startBoothNode } from './lib/node-process.js';
import { startStreamingReplica, startThrowawayPostgres, type ThrowawayPostgres } from './lib/pg-cluster.js';
import { runLine, table, writeSection } from './lib/results.js';
import { ServerCpu } from './lib/server-cpu.js';
import { count, ms, percentiles, sleep } from './lib/stats.js';
import { ensureSeed, MEDIUM_THREAD_POSTS, type Seed } from './seed.js';

export interface ReplicaOptions {
  /** Posts seeded into the benchmark's own primary. */
  posts: number;
  /** Concurrent keep-alive connections, each with one request in flight. */
  connections: number;
  /** Seconds each phase measures, after a warm-up of a fifth of it (at least 1 s). */
  seconds: number;
  /** Times each way of reading is measured, the two taking turns. */
  rounds: number;
  /** Replies a second, from guest writers, in a last phase on the replica; 0 leaves that phase out. */
  writesPerSecond: number;
}

/** Guest members writing in the last phase, each in a thread of its own. */
const WRITERS = 2;

/** A server's counters (pg_stat_database, for the database the node uses). */
interface DatabaseCounters {
  transactions: number;
  /** Rows read: returned by sequential scans plus fetched by index scans. */
  rows: number;
}

interface Phase {
  label: string;
  run: HttpRun;
  /** Every request the phase sent, warm-up included: the CPU and counters cover them all. */
  requests: number;
  primaryCpu: number;
  replicaCpu: number;
  primary: DatabaseCounters;
  /** Reads the node routed to each server (its `booth_db_reads_total`). */
  routed: { replica: number; primary: number };
  /** The writers' replies, and how long each writer's read of its thread took right after its reply. */
  trickle: Trickle;
}

interface Trickle {
  writes: number;
  readsAfterWrite: number[];
}

/**
 * Replies at `perSecond` from WRITERS guest members until `ends`, each in a thread of its own;
 * after each reply its writer opens the thread, which must count the reply (read-your-writes: the
 * node reads the replica once it has replayed the reply, or the primary). Timed: that read.
 */
async function writeTrickle(port: number, seed: Seed, perSecond: number, ends: number): Promise<Trickle> {
  const trickle: Trickle = { writes: 0, readsAfterWrite: [] };
  if (perSecond <= 0) return trickle;
  const writer = async (w: number) => {
    const client = await LoadClient.connect(`ws://127.0.0.1:${port}/ws?site=${seed.siteKey}`);
    try {
      await client.request({ type: 'guest.join', name: `Replica writer ${w}` });
      const key = `replica-${Date.now()}-${w}`;
      const { thread } = await client.request<{ thread: ThreadView }>({
        type: 'thread.create',
        key: `${key}-thread`,
        board: seed.board,
        kind: 'discussion',
        title: `Writing beside the readers ${w}`,
        body: 'Replies come here while the board is read.',
      });
      const gap = (1000 * WRITERS) / perSecond;
      // One reply at least, however late the writer got going: the read after it is what this phase is about.
      for (let n = 1; n === 1 || performance.now() + gap < ends; n++) {
        const next = performance.now() + gap;
        await client.request({ type: 'post.create', key: `${key}-${n}`, threadId: thread.id, body: `Reply ${n}.` });
        trickle.writes++;
        const started = performance.now();
        const opened = await client.request<{ thread: ThreadView }>({ type: 'thread.open', threadId: thread.id });
        trickle.readsAfterWrite.push(performance.now() - started);
        if (opened.thread.replyCount !== n) {
          throw new Error(`writer ${w} saw ${opened.thread.replyCount} replies after its reply ${n}`);
        }
        await sleep(next - performance.now());
      }
    } finally {
      client.close();
    }
  };
  await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
  return trickle;
}

async function counters(client: pg.Client): Promise<DatabaseCounters> {
  const { rows } = await client.query<{ transactions: string; rows: string }>(
    `select xact_commit + xact_rollback as transactions, tup_returned + tup_fetched as rows
       from pg_stat_database where datname = current_database()`,
  );
  return { transactions: Number(rows[0]?.transactions), rows: Number(rows[0]?.rows) };
}

/** The value of one sample of a node's /metrics (`name` with its labels, as printed); 0 when absent. */
async function metric(port: number, name: string): Promise<number> {
  const text = await metricsText(port);
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line === undefined ? 0 : Number(line.slice(name.length + 1));
}

/**
 * The board-load reads, in turn on every connection: the board's first page in two orders (which
 * the node keeps serialized, so they seldom reach a database), the second page of each (read from
 * its cursor), a 10-post thread and the first page of the 2,000-post one. Cursors are asked of the
 * node that serves the phase.
 */
async function boardLoadPaths(port: number, seed: Seed): Promise<string[]> {
  const listing = (query: Record<string, string>) =>
    `/api/boards/${seed.board}/threads?${new URLSearchParams({ site: seed.siteKey, ...query })}`;
  const orders: Record<string, string>[] = [{}, { sort: 'votes', filter: 'all' }];
  const paths: string[] = [];
  for (const order of orders) {
    const first = listing(order);
    const response = await fetchWithin(`http://127.0.0.1:${port}${first}`, { headers: { origin: BENCH_ORIGIN } });
    const { next } = (await response.json()) as ThreadPage;
    if (!next) throw new Error(`${first}: no second page`);
    paths.push(first, listing({ ...order, after: next }));
  }
  return [
    ...paths,
    `/api/threads/${seed.typicalThreadId}?site=${seed.siteKey}`,
    `/api/threads/${seed.mediumThreadId}?site=${seed.siteKey}`,
  ];
}

/**
 * One phase: a fresh Booth node on the primary (reading the replica when `readUrl` is set) serves
 * the board-load reads at `connections`; the CPU of both servers' processes and the primary's
 * counters are taken from before the node starts to after it has stopped (its backends gone, their
 * statistics flushed), so they cover every request it served and nothing else.
 */
async function phase(
  label: string,
  cluster: { primary: ThrowawayPostgres; replica: ThrowawayPostgres; monitor: pg.Client },
  seed: Seed,
  options: ReplicaOptions,
  readUrl: string | null,
  writesPerSecond = 0,
): Promise<Phase> {
  const before = await counters(cluster.monitor);
  const primaryCpu = new ServerCpu(cluster.primary.pid);
  const replicaCpu = new ServerCpu(cluster.replica.pid);
  const node = await startBoothNode(cluster.primary.url, seed.schema, readUrl ? { DATABASE_READ_URL: readUrl } : {});
  let requests = 0;
  let routed = { replica: 0, primary: 0 };
  let run: HttpRun;
  let trickle: Trickle;
  try {
    const paths = await boardLoadPaths(node.port, seed);
    const warmupSeconds = Math.max(1, options.seconds / 5);
    const ends = performance.now() + (warmupSeconds + options.seconds) * 1000;
    const writing = writeTrickle(node.port, seed, writesPerSecond, ends);
    run = await closedLoop({
      port: node.port,
      connections: options.connections,
      warmupSeconds,
      seconds: options.seconds,
      origin: BENCH_ORIGIN,
      call: (n) => ({ method: 'GET', path: paths[n % paths.length] as string }),
      check: (reply) => {
        requests++;
        if (reply.status !== 200) throw new Error(`${label}: ${reply.status} ${reply.body.slice(0, 200)}`);
      },
    });
    trickle = await writing;
    const reads = (target: string) => metric(node.port, `booth_db_reads_total{target="${target}"}`);
    routed = { replica: await reads('replica'), primary: await reads('primary') };
  } finally {
    await node.stop();
  }
  // A backend flushes its statistics as it exits, just after the node has closed its connections.
  await sleep(500);
  const after = await counters(cluster.monitor);
  return {
    label,
    run,
    requests,
    primaryCpu: primaryCpu.stop(),
    replicaCpu: replicaCpu.stop(),
    primary: { transactions: after.transactions - before.transactions, rows: after.rows - before.rows },
    routed,
    trickle,
  };
}

/** What the phases of one way of reading add up to. */
type Totals = Pick<Phase, 'requests' | 'primaryCpu' | 'primary'>;

function total(phases: Phase[]): Totals {
  return phases.reduce<Totals>(
    (sum, p) => ({
      requests: sum.requests + p.requests,
      primaryCpu: sum.primaryCpu + p.primaryCpu,
      primary: {
        transactions: sum.primary.transactions + p.primary.transactions,
        rows: sum.primary.rows + p.primary.rows,
      },
    }),
    { requests: 0, primaryCpu: 0, primary: { transactions: 0, rows: 0 } },
  );
}

/** What the phase with writes shows: the writers' own reads, and what the writes cost the primary. */
function writingSummary(writing: Phase, readsOnly: Totals, options: ReplicaOptions): string {
  const { writes, readsAfterWrite } = writing.trickle;
  const after = percentiles(readsAfterWrite);
  const seconds = Math.max(1, options.seconds / 5) + options.seconds;
  return `With writes: the last phase adds replies beside the same reads, from ${WRITERS} guest members, each in a thread of
its own, aiming at ${options.writesPerSecond} a second in all; they made ${count(writes)} in ${seconds} s (${(writes / seconds).toFixed(1)} a second: each writer
waits for its reply and its read before the next). After each reply its writer opens its thread, which must count the
reply (read-your-writes: the node reads the replica once it has replayed the reply, waiting up to
\`DATABASE_READ_WAIT_MS\`, else the primary); it always did. That read took ${ms(after.p50 as number)} at p50 and ${ms(after.p99 as number)} at p99; the node
read the primary ${count(writing.routed.primary)} times in the phase. The primary's CPU per 1,000 requests was ${perThousand(writing.primaryCpu, writing.requests)} s,
against ${perThousand(readsOnly.primaryCpu, readsOnly.requests)} s without writes: the difference is the writes themselves and the
board's first page, read again from the primary after each reply changes the board.`;
}

const perThousand = (seconds: number, requests: number) => ((seconds / requests) * 1000).toFixed(2);
const percent = (share: number) => `${Math.round(share * 100)}%`;

/**
 * Read replica: how much of the board-load read work a streaming replica takes off the primary.
 * The benchmark runs a primary of its own (the local Postgres serves other work and takes no
 * replication connections) with a streaming replica of it, seeds a board, and serves the same
 * reads from one node twice: reading the primary only, then with `DATABASE_READ_URL` on the replica.
 */
export async function replicaBench(machine: Machine, options: ReplicaOptions): Promise<void> {
  const startedAt = new Date();
  const load = loadNow();
  console.log(
    `\n# read replica: board-load reads at ${options.connections} connections, ${options.seconds} s a phase, ${count(options.posts)} posts`,
  );
  let primary: ThrowawayPostgres | null = null;
  let replica: ThrowawayPostgres | null = null;
  const monitor = { client: null as pg.Client | null };
  // A run stopped by BENCH_MAX_MINUTES exits without unwinding: the servers must not outlive it.
  const stopServers = () => {
    replica?.destroyNow();
    primary?.destroyNow();
  };
  process.once('exit', stopServers);
  try {
    primary = await startThrowawayPostgres();
    const seed = await ensureSeed(options.posts, primary.url);
    // Settled before the copy: no autovacuum or hint-bit writes on the primary during the phases.
    const admin = new pg.Client({ connectionString: primary.url });
    await admin.connect();
    await admin.query('vacuum (analyze)');
    await admin.query('checkpoint');
    await admin.end();
    replica = await startStreamingReplica(primary);
    monitor.client = new pg.Client({ connectionString: primary.url });
    await monitor.client.connect();
    const cluster = { primary, replica, monitor: monitor.client };
    // Turn about, so that other work on the machine falls on both ways of reading alike.
    const phases: Phase[] = [];
    for (let round = 1; round <= options.rounds; round++) {
      const suffix = options.rounds > 1 ? `, round ${round}` : '';
      phases.push(await phase(`primary only${suffix}`, cluster, seed, options, null));
      const withReplica = await phase(`reads on the replica${suffix}`, cluster, seed, options, replica.url);
      if (withReplica.routed.replica === 0) throw new Error('the node read nothing from the replica');
      phases.push(withReplica);
    }
    const primaryOnly = total(phases.filter((p) => p.routed.replica === 0));
    const withReplica = total(phases.filter((p) => p.routed.replica > 0));
    const writing =
      options.writesPerSecond > 0
        ? await phase('reads on the replica, with writes', cluster, seed, options, replica.url, options.writesPerSecond)
        : null;
    if (writing) phases.push(writing);
    const header = [
      `Phase (1 node, ${options.connections} connections)`,
      'requests/s',
      'p50',
      'p99',
      'primary CPU s / 1,000 requests',
      'replica CPU s / 1,000 requests',
      'primary transactions / request',
      'primary rows read / request',
      'node reads on the replica / on the primary',
    ];
    const rows = phases.map((p) => {
      const latency = percentiles(p.run.latencies);
      return [
        p.label,
        count(p.run.perSecond),
        ms(latency.p50 as number),
        ms(latency.p99 as number),
        perThousand(p.primaryCpu, p.requests),
        perThousand(p.replicaCpu, p.requests),
        (p.primary.transactions / p.requests).toFixed(2),
        count(p.primary.rows / p.requests),
        `${count(p.routed.replica)} / ${count(p.routed.primary)}`,
      ];
    });
    console.log(table(header, rows));
    const moved = (figure: (p: Totals) => number) => 1 - figure(withReplica) / figure(primaryOnly);
    const cpuMoved = moved((p) => p.primaryCpu / p.requests);
    const transactionsMoved = moved((p) => p.primary.transactions / p.requests);
    const rowsMoved = moved((p) => p.primary.rows / p.requests);
    const summary = `Share of the primary's read work the replica took: **${percent(cpuMoved)} of its CPU** per request,
${percent(transactionsMoved)} of its transactions and ${percent(rowsMoved)} of the rows it read.`;
    console.log(summary);
    const writingLine = writing ? writingSummary(writing, withReplica, options) : '';
    if (writing) console.log(writingLine);
    writeSection(
      'replica',
      `## Read replica

${runLine(machine, startedAt, load)}

What a streaming replica (\`DATABASE_READ_URL\`) takes off the primary under the board-load reads. The benchmark
runs a Postgres ${machine.postgres.split(' ')[0]} primary of its own (default settings, fsync on) and a streaming replica of it
(\`pg_basebackup -R\`, a hot standby on another port), so that all of each server's processes count, and no other work
of the local server does: ${count(seed.posts)} posts seeded on the primary (a board of ${count(seed.threads)} threads of 10 posts and one
of ${count(MEDIUM_THREAD_POSTS)}), vacuumed and copied before the phases. One Booth node serves ${options.connections} concurrent keep-alive
HTTP connections, each with one request in flight, in turn: the board's first page in two orders (which the node
keeps serialized, reading the primary only when the board changes), the second page of each (from its cursor), a
10-post thread and the first page of the ${count(MEDIUM_THREAD_POSTS)}-post one; ${options.seconds} s measured after a ${Math.max(1, options.seconds / 5)} s warm-up, reading the
primary only and with \`DATABASE_READ_URL\` on the replica (anonymous readers: no writes to wait for), taking turns,
${options.rounds} time${options.rounds > 1 ? 's' : ''} each; a fresh node each time (with the replica it has a second pool, of 10 connections, to it).

CPU is the user and system time of each server's postmaster and all its children (backends, WAL sender and
receiver, replay, checkpointer), from /proc, from before the node starts until after it stops; transactions and
rows read (\`tup_returned\` + \`tup_fetched\`) are the primary's \`pg_stat_database\` counters over the same stretch.
Both count the warm-up's requests with the rest (${count(primaryOnly.requests)} reading the primary only and ${count(withReplica.requests)} with
the replica, in all). The node, the load
generator and both servers share the ${machine.cores} cores.

${table(header, rows)}

${summary} (Over all rounds.) What stays on the primary with the replica: the site
look-up each thread page makes there (\`GET /api/threads/:id\` reads the site without the node's read cache), the
board's first page whenever the node's serialized copy is missing, the node's look at the replica's lag (the
primary's log end, once a second) and the WAL sender.${writingLine ? `\n\n${writingLine}` : ''}`,
    );
  } finally {
    process.off('exit', stopServers);
    await monitor.client?.end().catch(() => {});
    await replica?.destroy();
    await primary?.destroy();
  }
}
