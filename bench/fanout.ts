import { BENCH_DATABASE_URL, createBenchSite, openBenchSchema } from './lib/bench-db.js';
import { LoadClient, openMany } from './lib/load-client.js';
import { loadNow, type Machine } from './lib/machine.js';
import { type ServerProcess, startBoothNode, startServer } from './lib/node-process.js';
import { runLine, table, verdict, writeSection } from './lib/results.js';
import { count, ms, percentiles, progress, ratio, sleep } from './lib/stats.js';

export interface FanoutOptions {
  /** Subscribers of the one board, spread over the nodes. Default 1,000. */
  subscribers: number;
  /** Writes per second, steady: the target rate. Default 100. */
  rate: number;
  /** Lower rates measured too, to show latency where the machine keeps up. Default [20]. */
  lowerRates: number[];
  /** Seconds measured, after a 2-second warm-up. Default 20. */
  seconds: number;
}

const TARGET_P99_MS = 50;
const WARMUP_SECONDS = 2;
/** Writer sockets, half on each node: a socket's requests run one after another, so 100 writes/s come from many. */
const WRITERS = 20;
/** Each write carries its number in the thread title, after this marker. */
const MARKER = Buffer.from('"title":"fan:');

/** The write number in a frame, or -1. Searching bytes keeps the generator's cost per frame small. */
function writeNumber(frame: Buffer): number {
  const at = frame.indexOf(MARKER);
  if (at < 0) return -1;
  let n = 0;
  for (let i = at + MARKER.length; i < frame.length; i++) {
    const c = frame[i] as number;
    if (c < 0x30 || c > 0x39) break;
    n = n * 10 + (c - 0x30);
  }
  return n;
}

interface Run {
  latencies: Float64Array;
  received: number;
  expected: number;
  /** One event frame as subscribers got it, for the baseline to send alike. */
  sample: string;
}

/**
 * Sends `rate` writes a second through `send` for the warm-up plus `seconds`, and records, for
 * every measured write and every subscriber, the time from sending the write to the frame arriving.
 */
async function measure(subscribers: LoadClient[], options: FanoutOptions, send: (n: number) => void): Promise<Run> {
  const warmup = WARMUP_SECONDS * options.rate;
  const total = warmup + options.seconds * options.rate;
  const sentAt = new Float64Array(total);
  const latencies = new Float64Array((total - warmup) * subscribers.length);
  let received = 0;
  let sample = '';
  for (const client of subscribers) {
    client.onFrame = (frame) => {
      const n = writeNumber(frame);
      if (n < warmup || n >= total) return;
      latencies[received++] = performance.now() - (sentAt[n] as number);
      if (!sample) sample = frame.toString();
    };
  }
  const startedAt = performance.now();
  for (let n = 0; n < total; n++) {
    const due = startedAt + (n * 1000) / options.rate;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    sentAt[n] = performance.now();
    send(n);
    if (n % options.rate === 0) progress('writes', n, total, startedAt);
  }
  progress('writes', total, total, startedAt);
  const expected = (total - warmup) * subscribers.length;
  const deadline = Date.now() + 15_000;
  while (received < expected && Date.now() < deadline) await sleep(20);
  return { latencies: latencies.subarray(0, received), received, expected, sample };
}

async function subscribersOf(
  urls: string[],
  options: FanoutOptions,
  subscribe: ((client: LoadClient) => Promise<void>) | null,
) {
  const startedAt = performance.now();
  return openMany(
    options.subscribers,
    100,
    async (i) => {
      const client = await LoadClient.connect(urls[i % urls.length] as string);
      if (subscribe) await subscribe(client);
      return client;
    },
    (done) => {
      if (done % 100 === 0) progress('subscribers', done, options.subscribers, startedAt);
    },
  );
}

interface RatePair {
  rate: number;
  booth: Run;
  baseline: Run;
  /** Writes refused, by the reason the node gave. */
  refused: Map<string, number>;
}

/** Booth and then the baseline at one write rate; each starts from fresh servers and sockets. */
async function atRate(options: FanoutOptions, rate: number, runId: string): Promise<RatePair> {
  const at = { ...options, rate };
  console.log(`  ${rate} writes/s`);
  const database = await openBenchSchema('bench_live', true);
  const site = await createBenchSite(database.db);
  const servers: ServerProcess[] = [];
  const clients: LoadClient[] = [];
  try {
    servers.push(await startBoothNode(BENCH_DATABASE_URL, 'bench_live'));
    servers.push(await startBoothNode(BENCH_DATABASE_URL, 'bench_live'));
    const urls = servers.map((s) => `ws://127.0.0.1:${s.port}/ws?site=${site.public_key}`);
    const board = 'fanout';
    const subscribers = await subscribersOf(urls, at, async (client) => {
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
    const refused = new Map<string, number>();
    const booth = await measure(subscribers, at, (n) => {
      writers[n % writers.length]
        ?.request({
          type: 'thread.create',
          key: `fanout-${runId}-${rate}-${n}`,
          board,
          kind: 'discussion',
          title: `fan:${n};`,
          body: `Steady write number ${n}.`,
        })
        .catch((error: Error) => {
          const reason = error.message.replace(/^thread\.create: /, '');
          refused.set(reason, (refused.get(reason) ?? 0) + 1);
        });
    });
    for (const client of clients.splice(0)) client.close();
    for (const server of servers.splice(0)) await server.stop();

    // The baseline: the same subscribers, rate and frame size on a broadcast server with no database.
    servers.push(await startServer('baseline-ws-server.ts', {}));
    const baselineUrl = `ws://127.0.0.1:${servers[0]?.port}/`;
    const listeners = await subscribersOf([baselineUrl], at, null);
    clients.push(...listeners);
    const sender = await LoadClient.connect(baselineUrl);
    clients.push(sender);
    const template = booth.sample || `{"type":"event","title":"fan:0;"}`;
    const baseline = await measure(listeners, at, (n) => {
      sender.socket.send(template.replace(/"title":"fan:\d+;/, `"title":"fan:${n};`));
    });
    return { rate, booth, baseline, refused };
  } finally {
    for (const client of clients) client.close();
    for (const server of servers) await server.stop();
    await database.close();
  }
}

function rateRows(pair: RatePair): string[][] {
  const b = percentiles(pair.booth.latencies);
  const x = percentiles(pair.baseline.latencies);
  const rows = (['p50', 'p95', 'p99', 'max'] as const).map((p) => [
    `${pair.rate}/s`,
    p,
    ms(b[p] as number),
    ms(x[p] as number),
    ratio(b[p] as number, x[p] as number),
  ]);
  rows.push([
    `${pair.rate}/s`,
    'delivered',
    `${count(pair.booth.received)} of ${count(pair.booth.expected)}`,
    `${count(pair.baseline.received)} of ${count(pair.baseline.expected)}`,
    '',
  ]);
  return rows;
}

/**
 * Fan-out latency: 1,000 subscribers of one board spread over two Booth nodes, writes at a
 * steady rate from writers on both nodes; the time from a write being sent to it arriving at
 * each subscriber. Baseline: a bare `ws` broadcast server (no database) with the same
 * subscribers, rate and frame size. Runs at the target rate and at each of `options.lowerRates`.
 */
export async function fanoutBench(machine: Machine, options: FanoutOptions): Promise<void> {
  const startedAt = new Date();
  const load = loadNow();
  console.log(`\n# fan-out: ${count(options.subscribers)} subscribers on 2 nodes, ${options.seconds} s per rate`);
  const pairs: RatePair[] = [];
  for (const rate of [options.rate, ...options.lowerRates]) {
    pairs.push(await atRate(options, rate, String(startedAt.getTime())));
  }
  const header = ['Rate', 'Latency', 'Booth (2 nodes)', 'bare ws broadcast', 'Booth / baseline'];
  const rows = pairs.flatMap(rateRows);
  console.log(table(header, rows));
  const refusals = pairs
    .flatMap((p) => [...p.refused].map(([reason, n]) => `${n} at ${p.rate}/s (${reason})`))
    .join('; ');
  if (refusals) console.log(`  writes refused: ${refusals}`);
  const target = pairs[0] as RatePair;
  const met =
    (percentiles(target.booth.latencies).p99 as number) < TARGET_P99_MS &&
    target.booth.received === target.booth.expected;
  writeSection(
    'fanout',
    `## Fan-out latency

${runLine(machine, startedAt, load)}

${count(options.subscribers)} subscribers of one board, half on each of 2 Booth nodes (separate processes, one
Postgres, LISTEN/NOTIFY between them); ${WRITERS} writer sockets (half per node) create threads at a steady rate for ${options.seconds} s
after a ${WARMUP_SECONDS} s warm-up, at the target rate and at lower ones. Latency is from the writer sending the frame
to each subscriber receiving the event (so it includes the write's transaction). Baseline: a bare \`ws\` server
broadcasting every frame to the same number of sockets, no database, same rate and frame size
(${count(target.booth.sample.length)} bytes). The load generator shares the 2 cores with the nodes and Postgres.
${refusals ? `Writes refused: ${refusals}.` : ''}

${table(header, rows)}

Target: p99 under ${TARGET_P99_MS} ms at ${count(options.subscribers)} subscribers and ${options.rate} writes/s — ${verdict(met)}.`,
  );
}
