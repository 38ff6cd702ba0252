/**
 * Booth benchmarks. `pnpm bench [all|connections|fanout|writes|mail|board|limits|overload|startup|widget|seed] [--quick]`
 * prints each benchmark's figures and writes them to bench/RESULTS.md with the machine.
 * Servers run as separate processes on 127.0.0.1; Postgres is the local one (BENCH_DATABASE_URL,
 * default postgres://postgres@127.0.0.1:5432/booth_bench, created if missing).
 */
import { boardBench } from './board-load.js';
import { connectionsBench } from './connections.js';
import { fanoutBench } from './fanout.js';
import { BENCH_DATABASE_URL, ensureBenchDatabase } from './lib/bench-db.js';
import { describeMachine } from './lib/machine.js';
import { machineSection, writeSection } from './lib/results.js';
import { limitsBench } from './limits.js';
import { mailBench } from './mail.js';
import { overloadBench } from './overload.js';
import { ensureSeed, QUICK_SEED_POSTS, SEED_POSTS } from './seed.js';
import { startupBench } from './startup.js';
import { widgetSizeBench } from './widget-size.js';
import { writesBench } from './writes.js';

const USAGE = `Usage: pnpm bench [all|connections|fanout|writes|mail|board|limits|overload|startup|widget|seed] [--quick]

  all          every benchmark below, in turn (default)
  connections  subscribed sockets one node holds, memory per connection
  fanout       highest write rate with p99 under 50 ms at 1,000 subscribers over 2 nodes, vs a bare ws broadcast
               (BENCH_CPU_PROF=<folder> profiles node 1 with --cpu-prof and reports its top self-time functions)
  writes       replies per second one node sustains (spread over 100 boards and on one hot board), vs the
               data-model limit (the same rows in one prepared statement through pg) and bare INSERTs
  mail         a staff answer emailed to 10,000 followers (FOLLOWERS=n sets another count); answers per second
               with and without followers
  board        first page of a board and a thread with 1,000,000 posts in the database, sequential and at
               20 connections beside Waline's first page of a 2,000-comment page (installed on demand)
  limits       checks per second of the shared rate-limit stores (Postgres, Redis) vs memory
  overload     a connection storm at one node with load shedding on and off
  startup      start-up time and memory of a node under tsx and as the built JavaScript
  widget       builds the widget: what a page loads before a board's first paint, by language, and each later chunk
  seed         only create (or check) the 1,000,000-post seed
  --quick      small sizes, to check that the benchmarks run (figures are not comparable)
`;

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const command = args.find((a) => !a.startsWith('--')) ?? 'all';
  const known = [
    'all',
    'connections',
    'fanout',
    'writes',
    'mail',
    'board',
    'limits',
    'overload',
    'startup',
    'widget',
    'seed',
  ];
  if (!known.includes(command) || args.includes('--help')) {
    process.stderr.write(USAGE);
    return args.includes('--help') ? 0 : 2;
  }
  // Sizes only: no database, and the machine's load does not change them.
  if (command === 'widget') {
    widgetSizeBench();
    return 0;
  }
  await ensureBenchDatabase();
  if (command === 'seed') {
    await ensureSeed(quick ? QUICK_SEED_POSTS : SEED_POSTS);
    return 0;
  }
  const machine = await describeMachine(BENCH_DATABASE_URL);
  console.log(
    `Booth benchmarks on ${machine.cpu} (${machine.cores} cores, ${machine.memoryGiB} GiB), Node ${machine.node}, PostgreSQL ${machine.postgres}; load ${machine.loadAtStart}`,
  );
  writeSection('machine', machineSection(machine));
  const run = (name: string) => command === 'all' || command === name;
  if (run('connections')) await connectionsBench(machine, { sockets: quick ? 500 : 50_000, boards: quick ? 10 : 100 });
  if (run('fanout'))
    await fanoutBench(machine, {
      subscribers: quick ? 50 : 1000,
      stepSeconds: quick ? 1 : 4,
      startRate: quick ? 10 : 25,
      maxRate: quick ? 20 : 1600,
      refineSteps: quick ? 0 : 3,
      deflate: [false, true],
      profileDir: process.env.BENCH_CPU_PROF ?? null,
    });
  if (run('writes')) await writesBench(machine, { subscribers: quick ? 10 : 100, writers: 8, seconds: quick ? 3 : 15 });
  if (run('mail')) {
    const followers = process.env.FOLLOWERS ? Number(process.env.FOLLOWERS) : quick ? 500 : 10_000;
    if (!Number.isInteger(followers) || followers < 1) {
      process.stderr.write(`FOLLOWERS must be a whole number above 0, not ${process.env.FOLLOWERS}\n`);
      return 2;
    }
    await mailBench(machine, { followers, seconds: quick ? 3 : 10 });
  }
  if (run('board'))
    await boardBench(machine, {
      requests: quick ? 20 : 200,
      posts: quick ? QUICK_SEED_POSTS : SEED_POSTS,
      seconds: quick ? 2 : 10,
    });
  if (run('limits')) await limitsBench(machine, { seconds: quick ? 1 : 5, concurrency: 8 });
  if (run('overload'))
    await overloadBench(machine, {
      subscribers: quick ? 10 : 50,
      storm: quick ? 400 : 4000,
      perSecond: quick ? 100 : 200,
      maxSockets: quick ? 100 : 1000,
      writes: quick ? 5 : 20,
    });
  if (run('startup')) await startupBench(machine, { runs: quick ? 1 : 5 });
  if (run('widget')) widgetSizeBench();
  console.log('\nWritten to bench/RESULTS.md');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
