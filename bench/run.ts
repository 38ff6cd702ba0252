/**
 * Booth benchmarks. `pnpm bench [all|<benchmark>|seed] [--quick]` prints each benchmark's figures
 * and writes them to bench/RESULTS.md with the machine and the load average they ran under.
 * Servers run as separate processes on 127.0.0.1; Postgres is the local one (BENCH_DATABASE_URL,
 * default postgres://postgres@127.0.0.1:5432/booth_bench, created if missing).
 *
 * A `--quick` run checks that every benchmark's code path runs, at sizes too small to compare: it
 * writes to a file of its own (BENCH_RESULTS, else a new one in the temporary folder), uses a
 * database of its own that it drops at the end (unless BENCH_DATABASE_URL names one), and does not
 * install the peer. Every run stops after BENCH_MAX_MINUTES (5 quick, 60 full).
 */
import { boardBench } from './board-load.js';
import { clusterBench } from './cluster.js';
import { connectionsBench } from './connections.js';
import { fanoutBench } from './fanout.js';
import {
  BENCH_DATABASE_URL,
  dropBenchDatabases,
  ensureBenchDatabase,
  perRunDatabaseUrl,
  useBenchDatabase,
} from './lib/bench-db.js';
import { describeMachine, loadNow, type Machine } from './lib/machine.js';
import { chooseResultsFile, machineSection, writeSection } from './lib/results.js';
import { allowWalineInstall } from './lib/waline.js';
import { limitsBench } from './limits.js';
import { mailBench } from './mail.js';
import { overloadBench } from './overload.js';
import { replicaBench } from './replica.js';
import { ensureSeed, QUICK_SEED_POSTS, SEED_POSTS } from './seed.js';
import { startupBench } from './startup.js';
import { suggestBench } from './suggest.js';
import { widgetSizeBench } from './widget-size.js';
import { writesBench } from './writes.js';

const USAGE = `Usage: pnpm bench [all|connections|fanout|cluster|writes|mail|board|replica|suggest|limits|overload|startup|widget|seed] [--quick]

  all          every benchmark below, in turn (default)
  connections  subscribed sockets one node holds, memory per connection
  fanout       highest write rate with p99 under 50 ms at 1,000 subscribers over 2 nodes, vs a bare ws broadcast
               (BENCH_CPU_PROF=<folder> profiles node 1 with --cpu-prof and reports its top self-time functions)
  cluster      2, 4 and 8 nodes with 1,000 subscribers each over 100 boards: write throughput and fan-out p50/p99,
               LISTEN/NOTIFY against NATS JetStream (BENCH_NATS_URL, else NATS_URL, else nats://127.0.0.1:4222)
  writes       replies per second one node sustains (spread over 100 boards and on one hot board), vs the
               data-model limit (the same rows in one prepared statement through pg) and bare INSERTs
  mail         a staff answer emailed to 10,000 followers (FOLLOWERS=n sets another count); answers per second
               with and without followers
  board        first page of a board and a thread with 1,000,000 posts in the database, sequential and at
               20 connections beside Waline's first page of a 2,000-comment page (installed on demand)
  replica      the board-load reads on one node, reading the primary only and then a streaming replica: CPU,
               transactions and rows read the replica takes off the primary (a primary and replica of its own,
               made with the Postgres 15 programs; as root they run as the postgres user)
  suggest      suggestions while a question title is typed, on a board of 100,000 questions
  limits       checks per second of the shared rate-limit stores (Postgres, Redis) vs memory
  overload     a connection storm at one node with load shedding on and off
  startup      start-up time and memory of a node under tsx and as the built JavaScript
  widget       builds the widget: what a page loads before a board's first paint, by language, and each later chunk
  seed         only create (or check) the 1,000,000-post seed
  --quick      tiny sizes, to check that every benchmark runs (figures are not comparable): written to
               BENCH_RESULTS or a new temporary file, never bench/RESULTS.md; a database of its own unless
               BENCH_DATABASE_URL is set; the peer runs only if a full run installed it

  BENCH_RESULTS=file        write the sections there instead
  BENCH_DATABASE_URL=url    the Postgres database to use (default postgres://postgres@127.0.0.1:5432/booth_bench)
  BENCH_NATS_URL=url        NATS with JetStream for the cluster benchmark's NATS runs
  BENCH_MAX_MINUTES=n       stop the run after n minutes (default 5 with --quick, 60 without)
`;

/** Each benchmark, with its sizes for a full run and for a quick one. */
const BENCHMARKS: Record<string, (machine: Machine, quick: boolean) => Promise<void>> = {
  connections: (machine, quick) =>
    connectionsBench(machine, { sockets: quick ? 200 : 50_000, boards: quick ? 10 : 100 }),
  fanout: (machine, quick) =>
    fanoutBench(machine, {
      subscribers: quick ? 50 : 1000,
      stepSeconds: quick ? 1 : 4,
      startRate: quick ? 10 : 25,
      maxRate: quick ? 10 : 1600,
      refineSteps: quick ? 0 : 3,
      // Quick: the deflate path only; every other benchmark's nodes run without it.
      deflate: quick ? [true] : [false, true],
      profileDir: process.env.BENCH_CPU_PROF ?? null,
    }),
  cluster: (machine, quick) =>
    clusterBench(machine, {
      nodeCounts: quick ? [2] : [2, 4, 8],
      subscribersPerNode: quick ? 20 : 1000,
      boards: quick ? 5 : 100,
      writersPerNode: 2,
      inFlight: quick ? 4 : 32,
      steadyRate: quick ? 10 : 50,
      seconds: quick ? 1 : 10,
      warmupSeconds: quick ? 1 : 5,
      commitSeconds: quick ? 0.5 : 5,
      natsUrl: process.env.BENCH_NATS_URL || process.env.NATS_URL || 'nats://127.0.0.1:4222',
    }),
  writes: (machine, quick) =>
    writesBench(machine, { subscribers: quick ? 10 : 100, writers: quick ? 2 : 8, seconds: quick ? 1 : 15 }),
  mail: (machine, quick) => {
    const followers = process.env.FOLLOWERS ? Number(process.env.FOLLOWERS) : quick ? 100 : 10_000;
    if (!Number.isInteger(followers) || followers < 1) {
      throw new Error(`FOLLOWERS must be a whole number above 0, not ${process.env.FOLLOWERS}`);
    }
    return mailBench(machine, { followers, seconds: quick ? 1 : 10 });
  },
  board: (machine, quick) =>
    boardBench(machine, {
      requests: quick ? 5 : 200,
      posts: quick ? QUICK_SEED_POSTS : SEED_POSTS,
      seconds: quick ? 1 : 10,
    }),
  replica: (machine, quick) =>
    replicaBench(machine, {
      posts: quick ? QUICK_SEED_POSTS : 100_000,
      connections: 20,
      seconds: quick ? 1 : 15,
      rounds: quick ? 1 : 2,
      writesPerSecond: quick ? 4 : 10,
    }),
  suggest: (machine, quick) =>
    suggestBench(machine, { threads: quick ? 500 : 100_000, rounds: quick ? 1 : 4, titles: quick ? 2 : 14 }),
  limits: (machine, quick) => limitsBench(machine, { seconds: quick ? 0.5 : 5, concurrency: 8 }),
  overload: (machine, quick) =>
    overloadBench(machine, {
      subscribers: quick ? 10 : 50,
      storm: quick ? 150 : 4000,
      perSecond: quick ? 100 : 200,
      maxSockets: quick ? 50 : 1000,
      writes: quick ? 3 : 20,
    }),
  startup: (machine, quick) => startupBench(machine, { runs: quick ? 1 : 5 }),
  // Sizes only: the machine's load does not change them.
  widget: async () => widgetSizeBench(),
};

const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const command = args.find((a) => !a.startsWith('--')) ?? 'all';
  if (!(command === 'all' || command === 'seed' || command in BENCHMARKS) || args.includes('--help')) {
    process.stderr.write(USAGE);
    return args.includes('--help') ? 0 : 2;
  }
  const maxMinutes = Number(process.env.BENCH_MAX_MINUTES || (quick ? 5 : 60));
  const runStarted = performance.now();
  let current = 'start';
  // Bounded in time, whatever a benchmark or the machine does; the node processes exit with this one.
  const ownDatabase = quick && !process.env.BENCH_DATABASE_URL;
  const dropOwnDatabase = () => (ownDatabase ? dropBenchDatabases().catch(() => {}) : Promise.resolve());
  setTimeout(() => {
    console.error(`\nThe run passed BENCH_MAX_MINUTES=${maxMinutes} in ${current} (load ${loadNow()}); stopped.`);
    setTimeout(() => process.exit(3), 10_000).unref();
    void dropOwnDatabase().finally(() => process.exit(3));
  }, maxMinutes * 60_000).unref();

  const results = chooseResultsFile(quick);
  allowWalineInstall(!quick);
  // Sizes only: no database.
  if (command === 'widget') {
    console.log(`\n== widget: 1-minute load average ${loadNow()} as it begins`);
    widgetSizeBench();
    console.log(`== widget: ${seconds(runStarted)} s; 1-minute load average ${loadNow()} as it ends`);
    console.log(`\nWritten to ${results}`);
    return 0;
  }
  if (ownDatabase) useBenchDatabase(perRunDatabaseUrl());
  try {
    await ensureBenchDatabase();
    if (command === 'seed') {
      await ensureSeed(quick ? QUICK_SEED_POSTS : SEED_POSTS);
      return 0;
    }
    const machine = await describeMachine(BENCH_DATABASE_URL);
    console.log(
      `Booth benchmarks${quick ? ' (quick: tiny sizes, figures not comparable)' : ''} on ${machine.cpu} (${machine.cores} cores, ${machine.memoryGiB} GiB), Node ${machine.node}, PostgreSQL ${machine.postgres}; 1-minute load average ${machine.loadAtStart}`,
    );
    writeSection('machine', machineSection(machine));
    for (const [name, bench] of Object.entries(BENCHMARKS)) {
      if (command !== 'all' && command !== name) continue;
      current = name;
      const started = performance.now();
      console.log(`\n== ${name}: 1-minute load average ${loadNow()} as it begins`);
      await bench(machine, quick);
      console.log(`== ${name}: ${seconds(started)} s; 1-minute load average ${loadNow()} as it ends`);
    }
    console.log(`\nWritten to ${results} in ${seconds(runStarted)} s`);
    return 0;
  } finally {
    await dropOwnDatabase();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
