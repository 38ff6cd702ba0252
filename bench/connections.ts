import { BENCH_DATABASE_URL, createBenchSite, openBenchSchema } from './lib/bench-db.js';
import { LoadClient, openMany } from './lib/load-client.js';
import { loadNow, type Machine, openFilesLimit } from './lib/machine.js';
import { startBoothNode } from './lib/node-process.js';
import { runLine, table, verdict, writeSection } from './lib/results.js';
import { count, ms, progress, sleep } from './lib/stats.js';

export interface ConnectionsOptions {
  /** Sockets to open. Default 10,000. */
  sockets: number;
  /** Boards they subscribe to, evenly. Default 100. */
  boards: number;
}

const TARGET = 10_000;

/**
 * How many subscribed WebSocket clients one node holds, and its memory per connection:
 * opens the sockets, each subscribing to one of the boards, reads the node's resident memory
 * before and after, then posts once on every board and checks that each socket got its event.
 */
export async function connectionsBench(machine: Machine, options: ConnectionsOptions): Promise<void> {
  const startedAt = new Date();
  const load = loadNow();
  // Each socket is a file descriptor in the generator and in the node; keep headroom for both.
  const limit = openFilesLimit();
  const sockets = Math.min(options.sockets, Number.isFinite(limit) ? limit - 500 : options.sockets);
  console.log(`\n# connections: ${count(sockets)} subscribed sockets on one node (open files limit ${limit})`);

  const database = await openBenchSchema('bench_live', true);
  const site = await createBenchSite(database.db);
  const node = await startBoothNode(BENCH_DATABASE_URL, 'bench_live');
  const url = `ws://127.0.0.1:${node.port}/ws?site=${site.public_key}`;
  const clients: LoadClient[] = [];
  try {
    // A first socket warms the node up, so the baseline reading includes the code paths in use.
    const warm = await LoadClient.connect(url);
    await warm.request({ type: 'subscribe', board: 'board-0' });
    warm.close();
    await sleep(1000);
    const before = node.rss();

    const openedAt = performance.now();
    const opened = await openMany(
      sockets,
      200,
      async (i) => {
        const client = await LoadClient.connect(url);
        await client.request({ type: 'subscribe', board: `board-${i % options.boards}` });
        return client;
      },
      (done) => {
        if (done % 500 === 0 || done === sockets) progress('sockets', done, sockets, openedAt);
      },
    );
    clients.push(...opened);
    const rampSeconds = (performance.now() - openedAt) / 1000;
    await sleep(3000);
    const after = node.rss();
    const perConnection = (after - before) / sockets;

    // Every socket is live: one post per board reaches all of its subscribers.
    let received = 0;
    for (const client of clients)
      client.onFrame = () => {
        received += 1;
      };
    const writer = await LoadClient.connect(url);
    await writer.request({ type: 'guest.join', name: 'Broadcaster' });
    const postedAt = performance.now();
    for (let b = 0; b < options.boards; b++) {
      await writer.request({
        type: 'thread.create',
        key: `connections-${Date.now()}-${b}`,
        board: `board-${b}`,
        kind: 'discussion',
        title: `Hello board ${b}`,
        body: 'Are you all there?',
      });
    }
    const deadline = Date.now() + 60_000;
    while (received < sockets && Date.now() < deadline) await sleep(20);
    const deliveredIn = performance.now() - postedAt;
    const metrics = await (await fetch(`http://127.0.0.1:${node.port}/metrics`)).text();
    const gauge = Number(metrics.match(/^booth_ws_connections (\d+)/m)?.[1] ?? Number.NaN);
    writer.close();

    const rows = [
      ['Subscribed sockets held', count(sockets)],
      ['Sockets the node reports (booth_ws_connections)', count(gauge - 1)],
      ['Time to open and subscribe them all (200 handshakes in flight)', `${rampSeconds.toFixed(1)} s`],
      ['Node resident memory before / after', `${count(before / 2 ** 20)} MiB / ${count(after / 2 ** 20)} MiB`],
      ['Memory per connection', `${(perConnection / 1024).toFixed(1)} KiB`],
      [
        `One post on each of ${options.boards} boards reached`,
        `${count(received)} of ${count(sockets)} sockets in ${ms(deliveredIn)}`,
      ],
    ];
    const met = sockets >= TARGET && received >= sockets;
    console.log(table(['connections', ''], rows));
    writeSection(
      'connections',
      `## Connections

${runLine(machine, startedAt, load)}

One Booth node (its own process) and a load generator on the same machine; each socket subscribes to one of
${options.boards} boards. Memory per connection is the growth of the node's resident memory divided by the sockets.

${table(['Figure', 'Value'], rows)}

Target: ${count(TARGET)} concurrent connections on one node — ${verdict(met)}.`,
    );
  } finally {
    for (const client of clients) client.close();
    await node.stop();
    await database.close();
  }
}
