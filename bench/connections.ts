import { BENCH_DATABASE_URL, createBenchSite, openBenchSchema } from './lib/bench-db.js';
import { metricsText } from './lib/http-load.js';
import { LoadClient } from './lib/load-client.js';
import { loadNow, type Machine, openFilesLimit } from './lib/machine.js';
import { cpuProfileArgs, startBoothNode } from './lib/node-process.js';
import { runLine, table, verdict, writeSection } from './lib/results.js';
import { SOCKETS_PER_GENERATOR, SOURCE_ADDRESSES, SocketFleet } from './lib/socket-fleet.js';
import { count, ms, progress, sleep } from './lib/stats.js';

export interface ConnectionsOptions {
  /** Sockets to open. Default 50,000. */
  sockets: number;
  /** Boards they subscribe to, evenly. Default 100. */
  boards: number;
}

const TARGET_SOCKETS = 50_000;
const TARGET_BYTES_PER_SOCKET = 10 * 1024;

/** File descriptors the node keeps for itself (Postgres pool, listeners, its own files). */
const NODE_FD_HEADROOM = 500;

/** Handshakes in flight over all generators while opening. */
const PARALLEL_HANDSHAKES = 200;

/** Boards one warm-up socket subscribes to (within the node's cap of boards per socket). */
const BOARDS_PER_WARM_SOCKET = 10;

/** The board every socket joins after the memory reading, so that one post reaches them all. */
const EVERYONE = 'everyone';

const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const mib = (bytes: number) => `${count(bytes / 2 ** 20)} MiB`;

/**
 * How many subscribed WebSocket clients one node holds, and its memory per connection. Load
 * generator processes open the sockets, each subscribing to one of the boards, spread over
 * several source addresses; the node's memory is read after a full collection before and after.
 * Then one post on every board, and one post on a board every socket follows, are timed until
 * every socket has its event.
 */
export async function connectionsBench(machine: Machine, options: ConnectionsOptions): Promise<void> {
  const startedAt = new Date();
  const load = loadNow();
  // Each socket is a file descriptor in the node; the node inherits this process's limit.
  const limit = openFilesLimit();
  const room = Number.isFinite(limit) ? limit - NODE_FD_HEADROOM : options.sockets;
  const sockets = Math.min(options.sockets, room);
  console.log(
    `\n# connections: ${count(sockets)} subscribed sockets on one node (asked for ${count(options.sockets)}; open files limit ${count(limit)})`,
  );

  const database = await openBenchSchema('bench_live', true);
  const site = await createBenchSite(database.db);
  const node = await startBoothNode(BENCH_DATABASE_URL, 'bench_live', {}, ['--expose-gc', ...cpuProfileArgs()]);
  const url = `ws://127.0.0.1:${node.port}/ws?site=${site.public_key}`;
  const fleet = await SocketFleet.start(sockets);
  try {
    // First sockets warm the node up, so the baseline reading includes the code paths in use, and
    // create every board: thousands of first subscribers racing to create the same board would
    // measure that race (each retried on conflict), not holding sockets.
    const boards = [...Array.from({ length: options.boards }, (_, b) => `board-${b}`), EVERYONE];
    for (let first = 0; first < boards.length; first += BOARDS_PER_WARM_SOCKET) {
      const warm = await LoadClient.connect(url);
      for (const board of boards.slice(first, first + BOARDS_PER_WARM_SOCKET))
        await warm.request({ type: 'subscribe', board });
      warm.close();
    }
    await sleep(1000);
    const before = await node.memoryAfterGc();

    const openedAt = performance.now();
    await fleet.open(url, options.boards, PARALLEL_HANDSHAKES, (done) => progress('sockets', done, sockets, openedAt));
    const rampSeconds = (performance.now() - openedAt) / 1000;
    await sleep(2000);
    const after = await node.memoryAfterGc();
    const rssPerSocket = (after.rss - before.rss) / sockets;
    const heapPerSocket = (after.heapUsed - before.heapUsed) / sockets;
    const externalPerSocket = (after.external - before.external) / sockets;
    const metrics = await metricsText(node.port);
    const gauge = Number(metrics.match(/^booth_ws_connections (\d+)/m)?.[1] ?? Number.NaN);

    const writer = await LoadClient.connect(url);
    await writer.request({ type: 'guest.join', name: 'Broadcaster' });
    const post = (board: string, title: string) =>
      writer.request({
        type: 'thread.create',
        key: `connections-${Date.now()}-${board}`,
        board,
        kind: 'discussion',
        title,
        body: 'Are you all there?',
      });

    // One post on each board: every socket gets the event of its own board.
    fleet.arm();
    const boardsPostedAt = performance.timeOrigin + performance.now();
    for (let b = 0; b < options.boards; b++) await post(`board-${b}`, `Hello board ${b}`);
    const boardsReach = await fleet.reached(120_000);

    // One post every socket follows.
    const subscribedAt = performance.now();
    const joined = await fleet.subscribeAll(EVERYONE);
    const subscribeSeconds = (performance.now() - subscribedAt) / 1000;
    fleet.arm();
    const onePostAt = performance.timeOrigin + performance.now();
    await post(EVERYONE, 'Hello everyone');
    const oneReach = await fleet.reached(120_000);
    writer.close();

    const projected = before.rss + rssPerSocket * TARGET_SOCKETS;
    const rows = [
      ['Subscribed sockets held', count(sockets)],
      ['Sockets the node reports (booth_ws_connections)', count(gauge)],
      [
        'Load generator',
        `${fleet.processes} processes, ${SOURCE_ADDRESSES.length} source addresses (${SOURCE_ADDRESSES[0]}–${SOURCE_ADDRESSES.at(-1)})`,
      ],
      [
        `Time to open and subscribe them all (${PARALLEL_HANDSHAKES} handshakes in flight)`,
        `${rampSeconds.toFixed(1)} s`,
      ],
      ['Upgrades refused with 503 while the node shed load, and tried again', count(fleet.retried)],
      ['Node resident memory before / after (after a full GC)', `${mib(before.rss)} / ${mib(after.rss)}`],
      ['Node heap used before / after', `${mib(before.heapUsed)} / ${mib(after.heapUsed)}`],
      ['**Resident memory per socket**', `**${kib(rssPerSocket)}**`],
      ['Heap per socket / external (buffers) per socket', `${kib(heapPerSocket)} / ${kib(externalPerSocket)}`],
      [`Resident memory projected at ${count(TARGET_SOCKETS)} sockets`, mib(projected)],
      [
        `One post on each of ${options.boards} boards reached`,
        `${count(boardsReach.reached)} of ${count(sockets)} sockets in ${ms(boardsReach.at - boardsPostedAt)}`,
      ],
      [`Every socket also subscribed to one board`, `${count(joined)} in ${subscribeSeconds.toFixed(1)} s`],
      [
        '**One post on the board every socket follows reached**',
        `**${count(oneReach.reached)} of ${count(sockets)} sockets in ${ms(oneReach.at - onePostAt)}**`,
      ],
    ];
    console.log(table(['connections', ''], rows));
    const allReached = boardsReach.reached >= sockets && oneReach.reached >= sockets;
    const heldAll = sockets >= TARGET_SOCKETS && allReached;
    const lean = rssPerSocket <= TARGET_BYTES_PER_SOCKET;
    const limitNote =
      sockets < options.sockets
        ? ` This machine allows ${count(limit)} open files per process (the hard limit, which the benchmark cannot raise), so the node held ${count(sockets)}, not ${count(options.sockets)}.`
        : '';
    writeSection(
      'connections',
      `## Connections

${runLine(machine, startedAt, load)}

One Booth node (its own process, started with \`--expose-gc\`) and ${fleet.processes} load generator processes
(at most ${count(SOCKETS_PER_GENERATOR)} sockets each, raw \`ws\` clients) on the same machine; the sockets come from
${SOURCE_ADDRESSES.length} source addresses so ephemeral ports last, and each subscribes to one of ${options.boards} boards.
Memory per socket is the growth of the node's resident memory, read after a full garbage collection, divided by the sockets.
Post-to-socket times run from sending the post to the last socket's event, on the clock the processes share; the
generators share the 2 cores with the node, so the times include their own work.${limitNote}

${table(['Figure', 'Value'], rows)}

Target: ${count(TARGET_SOCKETS)} subscribed sockets on one node — ${verdict(heldAll)}; at most ${kib(TARGET_BYTES_PER_SOCKET)} of node memory per socket — ${verdict(lean && allReached)}.`,
    );
  } finally {
    await fleet.close();
    await node.stop();
    await database.close();
  }
}
