import WebSocket from 'ws';
import { BENCH_DATABASE_URL, BENCH_ORIGIN, createBenchSite, openBenchSchema } from './lib/bench-db.js';
import { LoadClient, openMany } from './lib/load-client.js';
import { loadNow, type Machine } from './lib/machine.js';
import { startServer } from './lib/node-process.js';
import { runLine, table, writeSection } from './lib/results.js';
import { count, ms, percentiles, sleep } from './lib/stats.js';

export interface OverloadOptions {
  /** Widget sockets connected and subscribed before the storm. Default 50. */
  subscribers: number;
  /** Upgrade attempts in the storm, and how many are started per second. Defaults 4,000 and 200. */
  storm: number;
  perSecond: number;
  /** The shedding node's socket cap. Default 1,000. */
  maxSockets: number;
  /** Posts written during the storm, one every 200 ms. Default 20. */
  writes: number;
}

interface StormOutcome {
  accepted: number;
  shed: number;
  shedWithRetryAfter: number;
  failed: number;
  sockets: WebSocket[];
}

/** One storm socket: opens, subscribes to a board, and stays; or is refused (503 counted apart). */
function stormSocket(url: string, board: string, outcome: StormOutcome): Promise<void> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (count: () => void) => {
      if (settled) return;
      settled = true;
      count();
      resolve();
    };
    const socket = new WebSocket(url, { origin: BENCH_ORIGIN, perMessageDeflate: false });
    socket.on('error', () => {});
    socket.once('open', () => {
      outcome.sockets.push(socket);
      socket.send(JSON.stringify({ type: 'subscribe', id: 's', board }));
      socket.once('message', () => settle(() => (outcome.accepted += 1)));
      socket.once('close', () => settle(() => (outcome.failed += 1)));
    });
    socket.once('unexpected-response', (_request, response) => {
      settle(() => {
        if (response.statusCode !== 503) outcome.failed += 1;
        else {
          outcome.shed += 1;
          if (Number(response.headers['retry-after']) > 0) outcome.shedWithRetryAfter += 1;
        }
      });
      response.resume();
      socket.terminate();
    });
    socket.once('error', () => settle(() => (outcome.failed += 1)));
  });
}

/**
 * A connection storm against one node, with load shedding on (socket cap and event-loop limit)
 * and off (the baseline): how many of the storm's upgrades were let in, refused with 503 and
 * `Retry-After`, or failed otherwise; and how the sockets connected before the storm were served
 * meanwhile: the delay from a post being sent to its event reaching each of them, and events missed.
 */
export async function overloadBench(machine: Machine, options: OverloadOptions): Promise<void> {
  const startedAt = new Date();
  const load = loadNow();
  console.log(
    `\n# overload: ${count(options.storm)} upgrades (${options.perSecond} a second) at a node with ${options.subscribers} subscribers, shedding on and off`,
  );
  const database = await openBenchSchema('bench_live', true);
  const site = await createBenchSite(database.db);
  const modes = [
    {
      name: `shedding on (MAX_SOCKETS=${options.maxSockets}, MAX_EVENT_LOOP_DELAY_MS=200)`,
      env: { MAX_SOCKETS: String(options.maxSockets), MAX_EVENT_LOOP_DELAY_MS: '200' },
    },
    { name: 'shedding off (baseline)', env: { MAX_SOCKETS: '0', MAX_EVENT_LOOP_DELAY_MS: '0' } },
  ];
  const rows: string[][] = [];
  for (const mode of modes) {
    const node = await startServer('booth-node.ts', {
      DATABASE_URL: BENCH_DATABASE_URL,
      BENCH_SCHEMA: 'bench_live',
      ...mode.env,
    });
    const url = `ws://127.0.0.1:${node.port}/ws?site=${site.public_key}`;
    const board = `storm-${Date.now()}`;
    const sentAt = new Map<string, number>();
    const delays: number[] = [];
    let received = 0;
    const subscribers = await openMany(options.subscribers, 50, async () => {
      const client = await LoadClient.connect(url);
      await client.request({ type: 'subscribe', board });
      client.onFrame = (data) => {
        const text = data.toString();
        const match = /"title":"storm post (\d+)"/.exec(text);
        if (!match || !text.includes('"thread.created"')) return;
        received += 1;
        delays.push(performance.now() - (sentAt.get(match[1] as string) ?? Number.NaN));
      };
      return client;
    });
    const writer = await LoadClient.connect(url);
    await writer.request({ type: 'guest.join', name: 'Storm Watcher' });

    const outcome: StormOutcome = { accepted: 0, shed: 0, shedWithRetryAfter: 0, failed: 0, sockets: [] };
    const stormStarted = performance.now();
    // Paced, not a closed loop: both nodes get the same attempts at the same times, whatever they answer.
    const attempts: Promise<void>[] = [];
    const storm = (async () => {
      for (let i = 0; i < options.storm; i++) {
        const due = stormStarted + (i * 1000) / options.perSecond;
        if (due > performance.now()) await sleep(due - performance.now());
        attempts.push(stormSocket(url, `storm-board-${i % 100}`, outcome));
      }
      await Promise.all(attempts);
    })();
    const writes = (async () => {
      for (let i = 0; i < options.writes; i++) {
        sentAt.set(String(i), performance.now());
        await writer
          .request({
            type: 'thread.create',
            key: `storm-${board}-${i}`,
            board,
            kind: 'discussion',
            title: `storm post ${i}`,
            body: 'Still there?',
          })
          .catch(() => {});
        await sleep(200);
      }
    })();
    await Promise.all([storm, writes]);
    const stormSeconds = (performance.now() - stormStarted) / 1000;
    // Events still on their way get a moment to arrive.
    for (let waited = 0; received < options.subscribers * options.writes && waited < 10_000; waited += 100) {
      await sleep(100);
    }
    const p = percentiles(delays);
    const missed = options.subscribers * options.writes - received;
    console.log(
      `  ${mode.name}: storm ${count(outcome.accepted)} in, ${count(outcome.shed)} shed (503, ${count(outcome.shedWithRetryAfter)} with Retry-After), ${count(outcome.failed)} failed, ${stormSeconds.toFixed(1)} s; subscribers p50 ${ms(p.p50 ?? 0)}, p99 ${ms(p.p99 ?? 0)}, missed ${missed}`,
    );
    rows.push([
      mode.name,
      count(outcome.accepted),
      `${count(outcome.shed)} (${count(outcome.shedWithRetryAfter)} with Retry-After)`,
      count(outcome.failed),
      `${stormSeconds.toFixed(1)} s`,
      ms(p.p50 ?? 0),
      ms(p.p99 ?? 0),
      String(missed),
    ]);
    for (const socket of outcome.sockets) socket.terminate();
    for (const client of subscribers) client.close();
    writer.close();
    await node.stop();
  }
  await database.close();
  writeSection(
    'overload',
    `## Overload

${runLine(machine, startedAt, load)}

A storm of ${count(options.storm)} WebSocket upgrades (${options.perSecond} started a second, each subscribing to a board) at one
node that already holds ${options.subscribers} subscribers of a board, while a post is written there every 200 ms
(${options.writes} posts). "Subscribers" is the delay from a post being sent to its event reaching each of the
${options.subscribers} sockets connected before the storm.

${table(['Node', 'Storm let in', 'Storm shed (503)', 'Storm failed', 'Storm took', 'Subscribers p50', 'Subscribers p99', 'Events missed'], rows)}`,
  );
}
