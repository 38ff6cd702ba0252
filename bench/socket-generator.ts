/**
 * A load generator process for the connections benchmark: holds its share of the subscribed
 * sockets, so that the sockets' file descriptors and the generator's own CPU are spread over
 * several processes and do not limit what the node under test is shown to hold.
 *
 * Each socket keeps no state but its `ws` client and the index of the last post it saw; frames are
 * not parsed beyond telling a reply from an event. It speaks to the benchmark over IPC:
 * `open` opens and subscribes its sockets (each from one of several 127.0.0.x source addresses,
 * so ephemeral ports last); `subscribe` subscribes every socket to one more board; `arm` starts
 * counting the sockets that receive an event, and the generator reports when all of them have,
 * with the time read from the shared clock (`performance.timeOrigin + performance.now()`).
 */
import WebSocket from 'ws';
import { BENCH_ORIGIN } from './lib/bench-db.js';

export type GeneratorCommand =
  | {
      cmd: 'open';
      url: string;
      /** Index of this generator's first socket among all, to spread boards and source addresses. */
      first: number;
      count: number;
      boards: number;
      /** Source addresses (127.0.0.x) the sockets are spread over, in turn. */
      addresses: string[];
      /** Handshakes in flight. */
      parallel: number;
    }
  | { cmd: 'subscribe'; board: string }
  | { cmd: 'arm' }
  /** Reports how many sockets the post has reached so far. */
  | { cmd: 'count' }
  | { cmd: 'close' };

export type GeneratorReport =
  | { ready: true }
  | { opened: number; retried: number }
  | { subscribed: number; failed: number }
  | { reached: number; at: number; all: boolean }
  | { error: string };

const sockets: WebSocket[] = [];
/** Per socket: 1 once it received an event since the last `arm`. */
let seen = new Uint8Array(0);
let reached = 0;
let armed = false;
/** Replies still awaited to a `subscribe` sent to every socket. */
let pendingReplies = 0;

const report = (message: GeneratorReport) => process.send?.(message);
const clock = () => performance.timeOrigin + performance.now();

/** A reply frame starts with {"type":"result" or {"type":"error"; anything else is pushed. */
function isReply(data: Buffer): boolean {
  return data[9] === 0x72 || (data[9] === 0x65 && data[10] === 0x72);
}

/** Opens one socket and subscribes it; resolves once the subscription's reply arrived. */
function openOne(url: string, index: number, board: string, address: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { origin: BENCH_ORIGIN, perMessageDeflate: false, localAddress: address });
    socket.once('open', () => {
      socket.send(JSON.stringify({ type: 'subscribe', board, id: 's' }));
    });
    socket.once('error', reject);
    socket.once('unexpected-response', (_req, res) =>
      reject(new Refused(res.statusCode ?? 0, Number(res.headers['retry-after'] ?? 1))),
    );
    let subscribed = false;
    socket.on('message', (data: Buffer) => {
      if (isReply(data)) {
        if (!subscribed) {
          subscribed = true;
          sockets[index] = socket;
          resolve();
        } else pendingReplies -= 1;
        return;
      }
      if (armed && seen[index] === 0) {
        seen[index] = 1;
        if (++reached === sockets.length) report({ reached, at: clock(), all: true });
      }
    });
  });
}

/** An upgrade the node refused, with the wait it asked for (503 while it sheds load). */
class Refused extends Error {
  constructor(
    readonly status: number,
    readonly retryAfterSeconds: number,
  ) {
    super(`upgrade refused: ${status}`);
  }
}

/** Upgrades refused with 503 (the node shedding load) and tried again, as a widget would. */
let retried = 0;

/** Opens one socket, trying again after the wait a 503 names, up to a few times. */
async function openWithRetry(url: string, index: number, board: string, address: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await openOne(url, index, board, address);
    } catch (error) {
      if (!(error instanceof Refused) || error.status !== 503 || attempt >= 20) throw error;
      retried += 1;
      await new Promise((resolve) => setTimeout(resolve, Math.min(5, error.retryAfterSeconds) * 1000));
    }
  }
}

async function open(command: Extract<GeneratorCommand, { cmd: 'open' }>): Promise<void> {
  seen = new Uint8Array(command.count);
  let next = 0;
  let done = 0;
  const lane = async () => {
    while (next < command.count) {
      const index = next++;
      const global = command.first + index;
      const address = command.addresses[global % command.addresses.length] as string;
      await openWithRetry(command.url, index, `board-${global % command.boards}`, address);
      if (++done % 250 === 0 || done === command.count) report({ opened: done, retried });
    }
  };
  await Promise.all(Array.from({ length: Math.min(command.parallel, command.count) }, lane));
}

/** Subscribes every socket to one more board and waits for all the replies. */
async function subscribeAll(board: string): Promise<void> {
  pendingReplies = sockets.length;
  const frame = JSON.stringify({ type: 'subscribe', board, id: 'e' });
  for (const socket of sockets) socket.send(frame);
  const deadline = Date.now() + 120_000;
  while (pendingReplies > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  report({ subscribed: sockets.length - pendingReplies, failed: pendingReplies });
}

process.on('message', (command: GeneratorCommand) => {
  if (command.cmd === 'open')
    open(command).catch((error: Error) => {
      report({ error: error.message });
      process.exit(1);
    });
  else if (command.cmd === 'subscribe') void subscribeAll(command.board);
  else if (command.cmd === 'arm') {
    seen.fill(0);
    reached = 0;
    armed = true;
  } else if (command.cmd === 'count') {
    report({ reached, at: clock(), all: reached === sockets.length });
  } else if (command.cmd === 'close') {
    for (const socket of sockets) socket.terminate();
    process.exit(0);
  }
});
report({ ready: true });
