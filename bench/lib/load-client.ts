import WebSocket from 'ws';
import { BENCH_ORIGIN } from './bench-db.js';
import { REQUEST_TIMEOUT_MS } from './http-load.js';

interface Reply {
  type: 'result' | 'error';
  id: string;
  result?: unknown;
  error?: { code: string; message: string };
}

/**
 * A lean protocol client for load generation: requests by id, and every other frame handed raw
 * to `onFrame` (parsing 100,000 event frames a second would measure the generator, not the server).
 */
export class LoadClient {
  private pending = new Map<string, { resolve: (r: Reply) => void; reject: (e: Error) => void; sentAt: number }>();
  /**
   * One sweep for the socket's overdue requests, rather than a timer per request: a generator
   * sending thousands of requests a second would spend its CPU on timers.
   */
  private readonly sweep: NodeJS.Timeout;
  private counter = 0;
  onFrame: (data: Buffer) => void = () => {};
  closed = false;

  private constructor(
    readonly socket: WebSocket,
    private readonly timeoutMs: number,
  ) {
    this.sweep = setInterval(() => this.failOverdue(), timeoutMs / 4).unref();
    socket.on('message', (data: Buffer) => {
      // Replies start with {"type":"result" or {"type":"error"; events and the rest are pushed.
      if (data[9] === 0x72 || (data[9] === 0x65 && data[10] === 0x72)) {
        const reply = JSON.parse(data.toString()) as Reply;
        const waiter = this.pending.get(reply.id);
        if (waiter) {
          this.pending.delete(reply.id);
          waiter.resolve(reply);
          return;
        }
      }
      this.onFrame(data);
    });
    socket.on('close', () => {
      this.closed = true;
      clearInterval(this.sweep);
      for (const waiter of this.pending.values()) waiter.reject(new Error('socket closed'));
      this.pending.clear();
    });
    socket.on('error', () => {});
  }

  /** Opens a socket; `deflate` asks for permessage-deflate (used when the server offers it). */
  static connect(url: string, deflate = false, timeoutMs = REQUEST_TIMEOUT_MS): Promise<LoadClient> {
    const socket = new WebSocket(url, { origin: BENCH_ORIGIN, perMessageDeflate: deflate });
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(new LoadClient(socket, timeoutMs)));
      socket.once('error', reject);
      socket.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    });
  }

  /** Sends a request; resolves with its result, rejects with the error reply. */
  request<T = unknown>(message: Record<string, unknown>): Promise<T> {
    const id = `q${++this.counter}`;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, {
        resolve: (reply) =>
          reply.type === 'result'
            ? resolve(reply.result as T)
            : reject(new Error(`${String(message.type)}: ${reply.error?.code} ${reply.error?.message}`)),
        reject,
        sentAt: performance.now(),
      });
      this.socket.send(JSON.stringify({ ...message, id }));
    });
  }

  close(): void {
    this.socket.terminate();
  }

  private failOverdue(): void {
    const cutoff = performance.now() - this.timeoutMs;
    for (const [id, waiter] of this.pending) {
      if (waiter.sentAt > cutoff) continue;
      this.pending.delete(id);
      waiter.reject(new Error(`request ${id} unanswered after ${this.timeoutMs} ms`));
    }
  }
}

/** Opens `total` sockets with at most `parallel` handshakes in flight, each set up by `open`. */
export async function openMany(
  total: number,
  parallel: number,
  open: (index: number) => Promise<LoadClient>,
  onProgress: (done: number) => void = () => {},
): Promise<LoadClient[]> {
  const clients: LoadClient[] = [];
  let next = 0;
  let done = 0;
  const lane = async () => {
    while (next < total) {
      const index = next++;
      clients[index] = await open(index);
      onProgress(++done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, total) }, lane));
  return clients;
}
