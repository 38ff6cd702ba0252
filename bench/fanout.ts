import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH_DATABASE_URL, createBenchSite, openBenchSchema } from './lib/bench-db.js';
import { topSelfTime } from './lib/cpu-profile.js';
import { LoadClient, openMany } from './lib/load-client.js';
import { loadNow, type Machine } from './lib/machine.js';
import { type ServerProcess, startBoothNode, startServer } from './lib/node-process.js';
import { runLine, table, verdict, writeSection } from './lib/results.js';
import { count, ms, percentiles, progress, ratio, sleep } from './lib/stats.js';
import { forEachWrite, markedTitle } from './lib/write-marker.js';

export interface FanoutOptions {
  /** Subscribers of the one board, spread over the nodes. Default 1,000. */
  subscribers: number;
  /** Seconds measured at each rate, after a 1-second warm-up. */
  stepSeconds: number;
  /** The first rate tried, in writes per second; doubled while latency holds. */
  startRate: number;
  /** The highest rate tried. */
  maxRate: number;
  /** Halvings of the gap between the last rate that held and the first that did not. */
  refineSteps: number;
  /** permessage-deflate off, on, or both: each is a search of its own, for Booth and for the baseline. */
  deflate: boolean[];
  /** A folder: node 1 of the first search runs under `node --cpu-prof` into it, and where its time went is reported (skews the figures). */
  profileDir: string | null;
}

const TARGET_P99_MS = 50;
/** Booth's capacity must be at least this share of the bare broadcast's. */
const TARGET_SHARE = 0.5;
const WARMUP_SECONDS = 1;
/** Seconds each freshly opened system runs at the lowest rate before it is measured. */
const PRIME_SECONDS = 3;
/** Writer sockets, half on each node: a socket's requests run one after another, so many writes/s come from many. */
const WRITERS = 20;
const REPO = fileURLToPath(new URL('..', import.meta.url));

/** A system under test, open for a whole search: subscribers connected, writes sent by number. */
interface Fixture {
  subscribers: LoadClient[];
  /** Sends write number `n`. */
  send(n: number): void;
  /** Writes sent and not yet answered (Booth) or 0. */
  pending(): number;
  /** One event frame as subscribers got it. */
  sample(): string;
  close(): Promise<void>;
}

interface Step {
  rate: number;
  p50: number;
  p99: number;
  received: number;
  expected: number;
  held: boolean;
}

/** Opens `total` subscribers spread over `urls`, each set up by `subscribe`. */
function openSubscribers(
  urls: string[],
  total: number,
  deflate: boolean,
  subscribe?: (c: LoadClient) => Promise<void>,
) {
  const startedAt = performance.now();
  return openMany(
    total,
    100,
    async (i) => {
      const client = await LoadClient.connect(urls[i % urls.length] as string, deflate);
      await subscribe?.(client);
      return client;
    },
    (done) => {
      if (done % 100 === 0 || done === total) progress('subscribers', done, total, startedAt);
    },
  );
}

/** Two Booth nodes on a fresh schema, subscribers of one board over both, writers on both. */
async function boothFixture(options: FanoutOptions, deflate: boolean, runId: string, profileDir: string | null) {
  const database = await openBenchSchema('bench_fanout', true);
  const site = await createBenchSite(database.db);
  const servers: ServerProcess[] = [];
  const clients: LoadClient[] = [];
  const close = async () => {
    for (const client of clients) client.close();
    for (const server of servers) await server.stop();
    await database.close();
  };
  try {
    const env = { BENCH_DEFLATE: String(deflate) };
    const profiling = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
    servers.push(await startBoothNode(BENCH_DATABASE_URL, 'bench_fanout', env, profiling));
    servers.push(await startBoothNode(BENCH_DATABASE_URL, 'bench_fanout', env, []));
    const urls = servers.map((s) => `ws://127.0.0.1:${s.port}/ws?site=${site.public_key}`);
    const board = 'fanout';
    const subscribers = await openSubscribers(urls, options.subscribers, deflate, async (client) => {
      await client.request({ type: 'subscribe', board });
    });
    clients.push(...subscribers);
    const writers: LoadClient[] = [];
    for (let w = 0; w < WRITERS; w++) {
      const writer = await LoadClient.connect(urls[w % urls.length] as string);
      await writer.request({ type: 'guest.join', name: `Writer ${w}` });
      writers.push(writer);
    }
    clients.push(...writers);
    let sample = '';
    subscribers[0]?.socket.on('message', (data: Buffer) => {
      if (!sample && data.indexOf('{"type":"event"') === 0) sample = data.toString();
    });
    let pending = 0;
    const fixture: Fixture & { profiledPid: number } = {
      subscribers,
      profiledPid: servers[0]?.pid ?? 0,
      send(n) {
        pending += 1;
        writers[n % writers.length]
          ?.request({
            type: 'thread.create',
            key: `fanout-${runId}-${deflate}-${n}`,
            board,
            kind: 'discussion',
            title: markedTitle(n),
            body: `Steady write number ${n}.`,
          })
          .catch(() => {})
          .finally(() => {
            pending -= 1;
          });
      },
      pending: () => pending,
      sample: () => sample,
      close,
    };
    return fixture;
  } catch (error) {
    await close();
    throw error;
  }
}

/** The bare `ws` broadcast server: the same subscribers and frames, no database, no protocol. */
async function baselineFixture(options: FanoutOptions, deflate: boolean, template: string): Promise<Fixture> {
  const server = await startServer('baseline-ws-server.ts', { BENCH_DEFLATE: String(deflate) });
  const clients: LoadClient[] = [];
  const close = async () => {
    for (const client of clients) client.close();
    await server.stop();
  };
  try {
    const url = `ws://127.0.0.1:${server.port}/`;
    const listeners = await openSubscribers([url], options.subscribers, deflate);
    clients.push(...listeners);
    const sender = await LoadClient.connect(url, deflate);
    clients.push(sender);
    return {
      subscribers: listeners,
      send: (n) => sender.socket.send(template.replace(/"title":"fan:\d+;/, `"title":"fan:${n};`)),
      pending: () => 0,
      sample: () => template,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * Sends `rate` writes a second for the warm-up and `stepSeconds`, numbered from `first`, and
 * measures for every measured write and subscriber the time from sending to arriving. Then
 * waits until the system is quiet again, so the next step starts from an empty pipeline.
 */
async function step(fixture: Fixture, seconds: number, rate: number, first: number, label = ''): Promise<Step> {
  const warmup = WARMUP_SECONDS * rate;
  const total = warmup + seconds * rate;
  const sentAt = new Float64Array(total);
  const latencies = new Float64Array((total - warmup) * fixture.subscribers.length);
  let received = 0;
  let lastFrameAt = performance.now();
  for (const client of fixture.subscribers) {
    client.onFrame = (frame) => {
      const now = performance.now();
      lastFrameAt = now;
      forEachWrite(frame, (number) => {
        const n = number - first;
        if (n >= warmup && n < total) latencies[received++] = now - (sentAt[n] as number);
      });
    };
  }
  const startedAt = performance.now();
  for (let n = 0; n < total; n++) {
    const due = startedAt + (n * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    sentAt[n] = performance.now();
    fixture.send(first + n);
  }
  const expected = (total - warmup) * fixture.subscribers.length;
  // Late frames count (they are what a falling-behind system delivers), up to a bound.
  const deadline = performance.now() + 10_000;
  while (received < expected && performance.now() < deadline) await sleep(20);
  const quietBy = performance.now() + 30_000;
  while ((performance.now() - lastFrameAt < 500 || fixture.pending() > 0) && performance.now() < quietBy)
    await sleep(50);
  const p = percentiles(latencies.subarray(0, received));
  const held = received === expected && (p.p99 as number) < TARGET_P99_MS;
  const result = { rate, p50: p.p50 as number, p99: p.p99 as number, received, expected, held };
  console.log(
    `    ${label}${rate}/s: p50 ${ms(result.p50)}, p99 ${ms(result.p99)}, ${count(received)} of ${count(expected)} — ${held ? 'holds' : 'falls behind'}`,
  );
  return result;
}

/**
 * The highest rate at which every frame arrives with p99 under the target: the rate doubles from
 * `startRate` until it fails (or reaches `maxRate`), then the gap is halved `refineSteps` times.
 */
async function capacity<F extends Fixture>(
  open: () => Promise<F>,
  options: FanoutOptions,
): Promise<{ capacity: number; steps: Step[]; first: F }> {
  const steps: Step[] = [];
  let next = 0;
  const first = await open();
  let fixture: F = first;
  // A fresh node compiles and prepares as its first writes come in: that is not fan-out, so each
  // fixture first runs a few seconds at the lowest rate, unrecorded.
  const prime = async () => {
    await step(fixture, PRIME_SECONDS, options.startRate, next, 'priming at ');
    next += Math.ceil((WARMUP_SECONDS + PRIME_SECONDS) * options.startRate) + 1;
  };
  const tryRate = async (rate: number) => {
    // A step that fell far behind may have had subscribers cut off as slow consumers: start afresh.
    if (fixture.subscribers.some((c) => c.closed)) {
      console.log('    subscribers were cut off; reopening');
      await fixture.close();
      fixture = await open();
      await prime();
    }
    const result = await step(fixture, options.stepSeconds, rate, next);
    next += Math.ceil((WARMUP_SECONDS + options.stepSeconds) * rate) + 1;
    steps.push(result);
    return result.held;
  };
  let held = 0;
  let failed = Number.POSITIVE_INFINITY;
  try {
    await prime();
    await search();
  } finally {
    await fixture.close();
  }
  return { capacity: held, steps, first };

  async function search() {
    for (let rate = options.startRate; rate <= options.maxRate; rate *= 2) {
      if (await tryRate(rate)) held = rate;
      else {
        failed = rate;
        break;
      }
    }
    for (let i = 0; i < options.refineSteps && Number.isFinite(failed); i++) {
      const rate = Math.round((held + failed) / 2);
      if (rate <= held || rate >= failed) break;
      if (await tryRate(rate)) held = rate;
      else failed = rate;
    }
  }
}

interface Search {
  deflate: boolean;
  booth: { capacity: number; steps: Step[] };
  baseline: { capacity: number; steps: Step[] };
  frameBytes: number;
}

/** Prints, and returns as markdown, where the profiled node spent its time. */
function profileSummary(dir: string, pid: number): string {
  const file = readdirSync(dir).find((f) => f.includes(`.${pid}.`) && f.endsWith('.cpuprofile'));
  if (!file) return '';
  const top = topSelfTime(join(dir, file), REPO, 15);
  const rows = top.map((t) => [`\`${t.where}\``, `${(t.share * 100).toFixed(1)}%`, `${count(t.milliseconds)} ms`]);
  const text = table(['Function (self time)', 'share', 'time'], rows);
  console.log(`  node 1 CPU profile (${join(dir, file)}):\n${text}`);
  return text;
}

/** The lowest rate a search tried. */
const lowestTried = (steps: Step[]) => Math.min(...steps.map((s) => s.rate));

const capacityText = (search: { capacity: number; steps: Step[] }, options: FanoutOptions) =>
  search.capacity === 0
    ? `under ${lowestTried(search.steps)}/s`
    : search.capacity >= options.maxRate
      ? `${search.capacity}/s or more`
      : `${search.capacity}/s`;

function stepRows(search: Search): string[][] {
  const rows: string[][] = [];
  for (const [who, s] of [
    ['Booth', search.booth],
    ['bare ws', search.baseline],
  ] as const) {
    for (const st of s.steps)
      rows.push([
        search.deflate ? 'on' : 'off',
        who,
        `${st.rate}/s`,
        ms(st.p50),
        ms(st.p99),
        `${count(st.received)} of ${count(st.expected)}`,
        st.held ? 'holds' : 'falls behind',
      ]);
  }
  return rows;
}

/**
 * Fan-out capacity: the highest steady write rate at which subscribers of one board, spread over
 * two Booth nodes, still get every event with p99 under 50 ms (from the write being sent to the
 * event arriving); beside it the same search on a bare `ws` broadcast server (no database) with the
 * same subscribers and frame size. Each permessage-deflate setting is a search of its own.
 */
export async function fanoutBench(machine: Machine, options: FanoutOptions): Promise<void> {
  const startedAt = new Date();
  const load = loadNow();
  const runId = String(startedAt.getTime());
  console.log(
    `\n# fan-out capacity: ${count(options.subscribers)} subscribers on 2 nodes, ${options.stepSeconds} s per rate (load ${load})`,
  );
  const searches: Search[] = [];
  let profile = '';
  for (const deflate of options.deflate) {
    const profileDir = searches.length === 0 ? options.profileDir : null;
    if (profileDir) mkdirSync(profileDir, { recursive: true });
    console.log(`  Booth, permessage-deflate ${deflate ? 'on' : 'off'}`);
    let opened = 0;
    // Only the first node opened is profiled: a reopened fixture runs without.
    const booth = await capacity(
      () => boothFixture(options, deflate, runId, opened++ === 0 ? profileDir : null),
      options,
    );
    const template = booth.first.sample() || `{"type":"event","title":"fan:0;"}`;
    if (profileDir) profile = profileSummary(profileDir, booth.first.profiledPid);
    console.log(`  bare ws broadcast, permessage-deflate ${deflate ? 'on' : 'off'}`);
    const baseline = await capacity(() => baselineFixture(options, deflate, template), options);
    searches.push({ deflate, booth, baseline, frameBytes: template.length });
  }

  const header = ['permessage-deflate', 'Booth (2 nodes)', 'bare ws broadcast', 'Booth / bare'];
  const rows = searches.map((s) => [
    s.deflate ? 'on' : 'off',
    capacityText(s.booth, options),
    capacityText(s.baseline, options),
    s.baseline.capacity > 0 ? ratio(s.booth.capacity, s.baseline.capacity) : 'n/a',
  ]);
  console.log(table(header, rows));
  const stepHeader = ['deflate', 'System', 'Rate', 'p50', 'p99', 'delivered', ''];
  const steps = searches.flatMap(stepRows);
  const primary = searches[0] as Search;
  const met = primary.baseline.capacity > 0 && primary.booth.capacity >= TARGET_SHARE * primary.baseline.capacity;
  // When even the bare broadcast falls behind at the lowest rate, the machine is too busy to give a ratio.
  const verdictLine =
    primary.baseline.capacity === 0
      ? `Target: Booth's capacity at least ${TARGET_SHARE}× the bare broadcast's — **not measured**: even the bare broadcast fell behind at the lowest rate tried (${lowestTried(primary.baseline.steps)}/s), so the machine was too busy to give either capacity.`
      : `Target: Booth's capacity at least ${TARGET_SHARE}× the bare broadcast's (permessage-deflate ${primary.deflate ? 'on' : 'off'}) — ${verdict(met)}.`;
  console.log(verdictLine);
  writeSection(
    'fanout',
    `## Fan-out capacity

${runLine(machine, startedAt, load)}

The highest steady write rate at which ${count(options.subscribers)} subscribers of one board still get every event
with p99 under ${TARGET_P99_MS} ms, from the write being sent to the event arriving (so Booth's figure includes
the write's transaction). Booth: 2 nodes (separate processes, one Postgres, LISTEN/NOTIFY between them), half
the subscribers on each, ${WRITERS} writer sockets (half per node) creating threads; a node sends the events one
socket gets within one turn of its event loop as one frame. Baseline: a bare \`ws\` server broadcasting every
frame to the same number of sockets, no database, same frame size (${count(primary.frameBytes)} bytes), one frame
per event. Each system first runs ${PRIME_SECONDS} s at the lowest rate, unrecorded; then each rate runs ${WARMUP_SECONDS} s of warm-up and ${options.stepSeconds} s measured; the rate doubles from ${options.startRate}/s
until it falls behind (at most ${options.maxRate}/s), then the gap is halved ${options.refineSteps} times. The load
generator shares the 2 cores with the nodes and Postgres; the figures are as noisy as the load average says.
${options.profileDir ? '\nNode 1 ran under `node --cpu-prof` in the first search, which slows it.\n' : ''}
${table(header, rows)}

${verdictLine}

Every step:

${table(stepHeader, steps)}
${profile ? `\nWhere node 1's CPU went in the first search (self time, top functions):\n\n${profile}\n` : ''}`,
  );
}
