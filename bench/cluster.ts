import { connect } from 'nats';
import { natsSubjects } from '../server/src/fanout/nats-subjects.js';
import { BENCH_DATABASE_URL, createBenchSite, openBenchSchema } from './lib/bench-db.js';
import { LoadClient, openMany } from './lib/load-client.js';
import { loadNow, type Machine } from './lib/machine.js';
import { type ServerProcess, startBoothNode } from './lib/node-process.js';
import { commitsPerSecond, NOTIFY_STATEMENT, PLAIN_COMMIT_STATEMENT } from './lib/notify-commits.js';
import { runLine, table, writeSection } from './lib/results.js';
import { count, ms, percentiles, progress, ratio, sleep } from './lib/stats.js';
import { forEachWrite, markedTitle } from './lib/write-marker.js';

export interface ClusterOptions {
  /** Node counts to measure, each with both fan-outs. Default 2, 4 and 8. */
  nodeCounts: number[];
  /** Subscribed sockets per node. Default 1,000. */
  subscribersPerNode: number;
  /** Boards the writes and the subscribers are spread over. Default 100. */
  boards: number;
  /** Writer sockets per node. */
  writersPerNode: number;
  /** Writes in flight during the throughput phase, over all writers. */
  inFlight: number;
  /** Writes per second sent in the steady phase. */
  steadyRate: number;
  /** Seconds each phase is measured. */
  seconds: number;
  /** Seconds at the steady rate before anything is measured, on each fresh set of nodes. */
  warmupSeconds: number;
  /** Seconds each count of sessions commits NOTIFYs (and plain commits) back to back. */
  commitSeconds: number;
  /** NATS with JetStream for the NATS fan-out. */
  natsUrl: string;
}

/** Connections to Postgres shared by the nodes' pools, so a node count is not also a pool size. */
const TOTAL_POOL = 16;
/** How long a phase may take to deliver what it sent before what is missing counts as lost. */
const DRAIN_MS = 15_000;

type FanoutKind = 'LISTEN/NOTIFY' | 'NATS';

interface Phase {
  /** Writes acknowledged, and per second. */
  writes: number;
  perSecond: number;
  p50: number;
  p99: number;
  delivered: number;
  expected: number;
}

interface Measured {
  nodes: number;
  fanout: FanoutKind;
  load: number;
  steady: Phase;
  full: Phase;
}

/** A cluster under test: its nodes, subscribers spread over nodes and boards, writers on every node. */
interface Cluster {
  subscribers: LoadClient[];
  /** Subscribers of each board. */
  perBoard: number[];
  writers: LoadClient[];
  board(n: number): string;
  close(): Promise<void>;
}

async function openCluster(options: ClusterOptions, nodes: number, fanout: FanoutKind, runId: string) {
  const schema = 'bench_cluster';
  const database = await openBenchSchema(schema, true);
  const site = await createBenchSite(database.db);
  await database.close();
  const servers: ServerProcess[] = [];
  const clients: LoadClient[] = [];
  const close = async () => {
    for (const client of clients) client.close();
    await Promise.all(servers.map((server) => server.stop()));
    if (fanout === 'NATS') await deleteStream(options.natsUrl, schema);
  };
  try {
    const env: Record<string, string> = {
      BENCH_POOL_SIZE: String(Math.max(2, Math.ceil(TOTAL_POOL / nodes))),
      // Eight nodes on two cores lag their event loops by seconds: shedding upgrades would end the run, not measure fan-out.
      MAX_EVENT_LOOP_DELAY_MS: '0',
      ...(fanout === 'NATS' ? { NATS_URL: options.natsUrl } : {}),
    };
    // The first node migrates the schema (already done) and makes the secrets; the rest start together.
    servers.push(await startBoothNode(BENCH_DATABASE_URL, schema, env, []));
    servers.push(
      ...(await Promise.all(
        Array.from({ length: nodes - 1 }, () => startBoothNode(BENCH_DATABASE_URL, schema, env, [])),
      )),
    );
    const urls = servers.map((s) => `ws://127.0.0.1:${s.port}/ws?site=${site.public_key}`);
    const board = (n: number) => `board-${n % options.boards}`;
    const total = nodes * options.subscribersPerNode;
    const perBoard = new Array<number>(options.boards).fill(0);
    const openedAt = performance.now();
    const subscribers = await openMany(
      total,
      50,
      async (i) => {
        const client = await LoadClient.connect(urls[i % nodes] as string);
        clients.push(client);
        // Socket i is on node i mod nodes and board i mod boards: every board has subscribers on every node.
        await client.request({ type: 'subscribe', board: board(i) });
        perBoard[i % options.boards] = (perBoard[i % options.boards] ?? 0) + 1;
        return client;
      },
      (done) => {
        if (done % 500 === 0 || done === total) progress('subscribers', done, total, openedAt);
      },
    );
    const writers: LoadClient[] = [];
    for (let w = 0; w < nodes * options.writersPerNode; w++) {
      const writer = await LoadClient.connect(urls[w % nodes] as string);
      clients.push(writer);
      await writer.request({ type: 'guest.join', name: `Writer ${w}` });
      writers.push(writer);
    }
    const cluster: Cluster = { subscribers, perBoard, writers, board, close };
    // Write keys are unique per run, so a schema kept from an earlier run never replays one.
    return { cluster, key: (n: number) => `cluster-${runId}-${nodes}-${fanout === 'NATS' ? 'nats' : 'notify'}-${n}` };
  } catch (error) {
    await close();
    throw error;
  }
}

async function deleteStream(natsUrl: string, schema: string): Promise<void> {
  const nc = await connect({ servers: natsUrl, timeout: 5000, maxReconnectAttempts: 0 });
  try {
    const jsm = await nc.jetstreamManager();
    await jsm.streams.delete(natsSubjects(schema).stream).catch(() => false);
  } finally {
    await nc.close();
  }
}

/**
 * Runs one phase: `drive` sends writes 0, 1, 2 … of the phase (numbered from `first` overall) until it resolves;
 * every subscriber's arrivals are timed from the write being sent. Then waits until every
 * subscriber of each write's board has it, or DRAIN_MS.
 */
async function phase(
  cluster: Cluster,
  first: number,
  seconds: number,
  drive: (send: (i: number) => Promise<void>, deadline: number) => Promise<void>,
  sendWrite: (n: number) => Promise<void>,
): Promise<Phase & { next: number }> {
  const sentAt: number[] = [];
  const latencies: number[] = [];
  let expected = 0;
  let acked = 0;
  let last = first;
  for (const client of cluster.subscribers) {
    client.onFrame = (frame) => {
      const now = performance.now();
      forEachWrite(frame, (n) => {
        const at = sentAt[n - first];
        if (at !== undefined) latencies.push(now - at);
      });
    };
  }
  const startedAt = performance.now();
  await drive(
    async (i) => {
      const n = first + i;
      sentAt[i] = performance.now();
      expected += cluster.perBoard[n % cluster.perBoard.length] ?? 0;
      last = Math.max(last, n + 1);
      await sendWrite(n);
      acked += 1;
    },
    startedAt + seconds * 1000,
  );
  const elapsed = (performance.now() - startedAt) / 1000;
  const deadline = performance.now() + DRAIN_MS;
  while (latencies.length < expected && performance.now() < deadline) await sleep(20);
  const p = percentiles(Float64Array.from(latencies));
  return {
    writes: acked,
    perSecond: acked / elapsed,
    p50: p.p50 as number,
    p99: p.p99 as number,
    delivered: latencies.length,
    expected,
    next: last,
  };
}

/** Measures one node count with one fan-out: a steady rate, then as many writes as the nodes take. */
async function measure(options: ClusterOptions, nodes: number, fanout: FanoutKind, runId: string): Promise<Measured> {
  const load = loadNow();
  console.log(
    `  ${nodes} nodes, ${fanout}: ${count(nodes * options.subscribersPerNode)} subscribers over ${options.boards} boards (load ${load})`,
  );
  const { cluster, key } = await openCluster(options, nodes, fanout, runId);
  try {
    const sendWrite = (n: number) =>
      cluster.writers[n % cluster.writers.length]
        ?.request({
          type: 'thread.create',
          key: key(n),
          board: cluster.board(n),
          kind: 'discussion',
          title: markedTitle(n),
          body: `Write number ${n}.`,
        })
        .then(() => {}) ?? Promise.resolve();
    // Warm-up: a fresh node compiles and prepares as its first writes come in.
    const warm = await phase(cluster, 0, options.warmupSeconds, steadyDriver(options.steadyRate), sendWrite);
    const steady = await phase(cluster, warm.next, options.seconds, steadyDriver(options.steadyRate), sendWrite);
    const full = await phase(cluster, steady.next, options.seconds, fullDriver(options.inFlight), sendWrite);
    for (const [label, p] of [
      ['steady', steady],
      ['full load', full],
    ] as const) {
      console.log(
        `    ${label}: ${p.perSecond.toFixed(1)} writes/s, fan-out p50 ${ms(p.p50)}, p99 ${ms(p.p99)}, ${count(p.delivered)} of ${count(p.expected)} delivered`,
      );
    }
    return { nodes, fanout, load, steady, full };
  } finally {
    await cluster.close();
  }
}

/** Sends `rate` writes a second until the deadline, not waiting for replies (open loop). */
function steadyDriver(rate: number) {
  return async (send: (i: number) => Promise<void>, deadline: number) => {
    const inFlight: Promise<void>[] = [];
    const startedAt = performance.now();
    for (let i = 0; performance.now() < deadline; i++) {
      const wait = startedAt + (i * 1000) / rate - performance.now();
      if (wait > 1) await sleep(wait);
      inFlight.push(send(i).catch(() => {}));
    }
    await Promise.all(inFlight);
  };
}

/** Keeps `lanes` writes in flight until the deadline (closed loop): as many as the nodes take. */
function fullDriver(lanes: number) {
  return async (send: (i: number) => Promise<void>, deadline: number) => {
    let next = 0;
    await Promise.all(
      Array.from({ length: lanes }, async () => {
        while (performance.now() < deadline) await send(next++).catch(() => {});
      }),
    );
  };
}

/**
 * Several Booth nodes, LISTEN/NOTIFY against NATS JetStream in the same run: for each node count,
 * `subscribersPerNode` sockets per node subscribed over `boards` boards, writers on every node
 * spreading writes over the boards. A steady phase gives fan-out latency at a set rate; a closed
 * loop gives the write throughput the nodes sustain, and the fan-out latency under it.
 */
export async function clusterBench(machine: Machine, options: ClusterOptions): Promise<void> {
  const startedAt = new Date();
  const load = loadNow();
  const runId = String(startedAt.getTime());
  console.log(
    `\n# several nodes: ${options.nodeCounts.join(', ')} nodes × ${count(options.subscribersPerNode)} subscribers, ${options.boards} boards, LISTEN/NOTIFY and NATS (load ${load})`,
  );
  const results: Measured[] = [];
  for (const [i, nodes] of options.nodeCounts.entries()) {
    // Each goes first at every other node count, so neither always meets a machine the other warmed or loaded.
    const order: FanoutKind[] = i % 2 === 0 ? ['LISTEN/NOTIFY', 'NATS'] : ['NATS', 'LISTEN/NOTIFY'];
    for (const fanout of order) results.push(await measure(options, nodes, fanout, runId));
  }
  const phaseCells = (p: Phase) => [
    p.perSecond.toFixed(1),
    ms(p.p50),
    ms(p.p99),
    `${count(p.delivered)} of ${count(p.expected)}`,
  ];
  const rows = results.map((r) => [
    String(r.nodes),
    r.fanout,
    count(r.nodes * options.subscribersPerNode),
    ...phaseCells(r.steady),
    ...phaseCells(r.full),
    String(r.load),
  ]);
  const header = [
    'Nodes',
    'Fan-out',
    'Subscribers',
    'Steady: writes/s',
    'p50',
    'p99',
    'delivered',
    'Full load: writes/s',
    'p50',
    'p99',
    'delivered',
    'Load avg',
  ];
  const compare = options.nodeCounts.map((nodes) => {
    const notify = results.find((r) => r.nodes === nodes && r.fanout === 'LISTEN/NOTIFY') as Measured;
    const nats = results.find((r) => r.nodes === nodes && r.fanout === 'NATS') as Measured;
    return [
      String(nodes),
      notify.full.perSecond.toFixed(1),
      nats.full.perSecond.toFixed(1),
      ratio(notify.full.perSecond, nats.full.perSecond),
      ms(notify.full.p99),
      ms(nats.full.p99),
    ];
  });
  const compareHeader = ['Nodes', 'NOTIFY writes/s', 'NATS writes/s', 'NOTIFY / NATS', 'NOTIFY p99', 'NATS p99'];
  // Where NOTIFY's commit serialization costs: one session per node, each committing NOTIFYs back to back.
  const commitRows: string[][] = [];
  for (const sessions of [1, ...options.nodeCounts]) {
    const notify = await commitsPerSecond(BENCH_DATABASE_URL, sessions, options.commitSeconds, NOTIFY_STATEMENT);
    const plain = await commitsPerSecond(BENCH_DATABASE_URL, sessions, options.commitSeconds, PLAIN_COMMIT_STATEMENT);
    console.log(`  ${sessions} sessions: ${count(notify)} NOTIFY commits/s, ${count(plain)} plain commits/s`);
    commitRows.push([String(sessions), count(notify), count(plain), ratio(notify, plain)]);
  }
  const commitHeader = ['Sessions', 'NOTIFY commits/s', 'plain commits/s', 'NOTIFY / plain'];
  console.log(table(header, rows));
  console.log(table(compareHeader, compare));
  writeSection(
    'cluster',
    `## Several nodes: LISTEN/NOTIFY against NATS JetStream

${runLine(machine, startedAt, load)}

For each node count, each fan-out in turn (which goes first alternates) on a fresh schema: the nodes (separate processes, one
Postgres, ${TOTAL_POOL} pool connections shared among them), ${count(options.subscribersPerNode)} subscribed sockets per
node spread over ${options.boards} boards (socket i on node i mod n, board i mod ${options.boards}), ${options.writersPerNode} writer sockets per node
creating threads on board n mod ${options.boards}. Steady: ${options.steadyRate} writes/s sent for ${options.seconds} s (after
${options.warmupSeconds} s of warm-up on the fresh nodes). Full load: ${options.inFlight} writes in flight for ${options.seconds} s, as many as the nodes take. Fan-out latency
runs from a write being sent to each subscriber of its board receiving it, so it includes the
write's transaction; "delivered" counts every (write, subscriber of its board) pair that arrived
within ${DRAIN_MS / 1000} s after the phase. All nodes, the load generator, Postgres and NATS share the machine's
${machine.cores} cores: with 8 nodes the processes outnumber the cores four to one, so the figures say what
the fan-out costs here, not what 8 machines would do. The load average of each row is the
machine's as that row began.

${table(header, rows)}

Full load, side by side:

${table(compareHeader, compare)}

Postgres commits a NOTIFY under a global lock held from before its commit record is flushed until
after it, so NOTIFY commits cannot share a flush (group commit). A Booth node sends one NOTIFY
statement per turn of its event loop with writes in it (all boards' wake-ups together), after and
apart from the writes' own transactions; so the ceiling is the NOTIFY commits per second below,
shared by all nodes. One session per node, each committing \`select pg_notify(…)\` back to back for
${options.commitSeconds} s, against the same sessions committing \`select txid_current()\` (a commit record flushed, no NOTIFY):

${table(commitHeader, commitRows)}
`,
  );
}
