import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { GeneratorCommand, GeneratorReport } from '../socket-generator.js';

const BENCH_DIR = fileURLToPath(new URL('..', import.meta.url));

/** Sockets one generator process holds at most: its file descriptors stay well under a common 20,000 limit. */
export const SOCKETS_PER_GENERATOR = 15_000;

/** Source addresses the sockets are spread over: each has its own ephemeral ports towards the node. */
export const SOURCE_ADDRESSES = Array.from({ length: 8 }, (_, i) => `127.0.0.${i + 2}`);

interface Generator {
  child: ChildProcess;
  count: number;
  /** The last report of each kind. */
  last: Partial<Record<'opened' | 'subscribed' | 'reached', GeneratorReport>>;
  waiters: ((report: GeneratorReport) => void)[];
}

function spawnGenerator(count: number): Promise<Generator> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'socket-generator.ts'], {
    cwd: BENCH_DIR,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const generator: Generator = { child, count, last: {}, waiters: [] };
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`socket generator exited with ${code}`)));
    child.on('message', (report: GeneratorReport) => {
      if ('ready' in report) resolve(generator);
      if ('opened' in report) generator.last.opened = report;
      if ('subscribed' in report) generator.last.subscribed = report;
      if ('reached' in report) generator.last.reached = report;
      if ('error' in report) console.error(`\n  socket generator: ${report.error}`);
      for (const waiter of generator.waiters) waiter(report);
    });
  });
}

/** Resolves with the first report of `generator` that `accept` takes. */
function nextReport<T extends GeneratorReport>(
  generator: Generator,
  accept: (report: GeneratorReport) => report is T,
  timeoutMs: number,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      generator.waiters = generator.waiters.filter((w) => w !== waiter);
      reject(new Error('socket generator did not answer in time'));
    }, timeoutMs);
    const waiter = (report: GeneratorReport) => {
      if (!accept(report)) return;
      clearTimeout(timer);
      generator.waiters = generator.waiters.filter((w) => w !== waiter);
      resolve(report);
    };
    generator.waiters.push(waiter);
  });
}

/**
 * Subscribed sockets held by several load generator processes (`socket-generator.ts`), driven
 * over IPC: open them, subscribe them all to one more board, and time a post's arrival at all.
 */
export class SocketFleet {
  private constructor(private readonly generators: Generator[]) {}

  /** Starts enough generator processes for `sockets`, each holding an even share. */
  static async start(sockets: number): Promise<SocketFleet> {
    const processes = Math.max(1, Math.ceil(sockets / SOCKETS_PER_GENERATOR));
    const shares = Array.from(
      { length: processes },
      (_, i) => Math.floor(sockets / processes) + (i < sockets % processes ? 1 : 0),
    );
    return new SocketFleet(await Promise.all(shares.map(spawnGenerator)));
  }

  get processes(): number {
    return this.generators.length;
  }

  /** Upgrades the node refused with 503 while shedding load, which the generators tried again. */
  get retried(): number {
    return this.generators.reduce((sum, g) => {
      const report = g.last.opened;
      return sum + (report && 'retried' in report ? report.retried : 0);
    }, 0);
  }

  /**
   * Opens every socket, each subscribing to `board-<i mod boards>`, with `parallel` handshakes in
   * flight over all generators; `onProgress` hears the sockets opened so far.
   */
  async open(url: string, boards: number, parallel: number, onProgress: (opened: number) => void): Promise<void> {
    let first = 0;
    const done = this.generators.map((generator) => {
      const command: GeneratorCommand = {
        cmd: 'open',
        url,
        first,
        count: generator.count,
        boards,
        addresses: SOURCE_ADDRESSES,
        parallel: Math.max(1, Math.round(parallel / this.generators.length)),
      };
      first += generator.count;
      generator.child.send(command);
      return new Promise<void>((resolve, reject) => {
        generator.waiters.push((report) => {
          if ('error' in report) reject(new Error(report.error));
          if (!('opened' in report)) return;
          onProgress(this.generators.reduce((sum, g) => sum + opened(g), 0));
          if (report.opened === generator.count) resolve();
        });
        generator.child.once('exit', () => reject(new Error('socket generator exited while opening')));
      });
    });
    await Promise.all(done);
  }

  /** Subscribes every socket to `board` too; resolves with the subscriptions confirmed. */
  async subscribeAll(board: string): Promise<number> {
    const replies = this.generators.map((generator) => {
      generator.child.send({ cmd: 'subscribe', board } satisfies GeneratorCommand);
      return nextReport(
        generator,
        (r): r is Extract<GeneratorReport, { subscribed: number }> => 'subscribed' in r,
        180_000,
      );
    });
    return (await Promise.all(replies)).reduce((sum, r) => sum + r.subscribed, 0);
  }

  /** From now on, counts the sockets that receive an event (each once). */
  arm(): void {
    for (const generator of this.generators) delete generator.last.reached;
    for (const generator of this.generators) generator.child.send({ cmd: 'arm' } satisfies GeneratorCommand);
  }

  /**
   * Waits until every socket has received an event since `arm`, or `timeoutMs`; resolves with
   * the sockets reached and the shared-clock time the last of them was.
   */
  async reached(timeoutMs: number): Promise<{ reached: number; at: number }> {
    const isReached = (r: GeneratorReport): r is Extract<GeneratorReport, { reached: number }> => 'reached' in r;
    const reports = await Promise.all(
      this.generators.map(async (generator) => {
        const last = generator.last.reached;
        if (last && isReached(last) && last.all) return last;
        try {
          return await nextReport(
            generator,
            (r): r is Extract<GeneratorReport, { all: true }> => isReached(r) && r.all,
            timeoutMs,
          );
        } catch {
          generator.child.send({ cmd: 'count' } satisfies GeneratorCommand);
          return nextReport(generator, isReached, 10_000);
        }
      }),
    );
    return {
      reached: reports.reduce((sum, r) => sum + r.reached, 0),
      at: Math.max(...reports.map((r) => r.at)),
    };
  }

  async close(): Promise<void> {
    await Promise.all(
      this.generators.map(
        (generator) =>
          new Promise<void>((resolve) => {
            if (generator.child.exitCode !== null) return resolve();
            const force = setTimeout(() => generator.child.kill('SIGKILL'), 10_000);
            generator.child.once('exit', () => {
              clearTimeout(force);
              resolve();
            });
            generator.child.send({ cmd: 'close' } satisfies GeneratorCommand);
          }),
      ),
    );
  }
}

function opened(generator: Generator): number {
  const report = generator.last.opened;
  return report && 'opened' in report ? report.opened : 0;
}
