import { randomBytes } from 'node:crypto';
import type { ClientMessage, ErrorBody, EventMessage, ResultMap, ServerMessage } from '@booth/shared';
import WebSocket from 'ws';
import { registerSecret } from './log-capture.js';
import { TEST_ORIGIN } from './test-app.js';

type Request = ClientMessage extends infer M ? (M extends { id: string } ? Omit<M, 'id'> : never) : never;

export type Reply<T extends keyof ResultMap> = { ok: true; result: ResultMap[T] } | { ok: false; error: ErrorBody };

/** Matches a board event of `kind`, e.g. `client.waitFor(isEvent('post.created'))`. */
export const isEvent =
  (kind: string) =>
  (m: ServerMessage): m is EventMessage =>
    m.type === 'event' && m.event.kind === kind;

/** A real WebSocket client speaking the Booth protocol, for tests. */
export class TestClient {
  /** Frames as they came over the wire (a batch is one). */
  readonly frames: ServerMessage[] = [];
  /** Messages one by one, batches unpacked. */
  readonly received: ServerMessage[] = [];
  readonly events: EventMessage[] = [];
  private waiters: Array<{ match: (m: ServerMessage) => boolean; resolve: (m: ServerMessage) => void }> = [];
  private counter = 0;
  closeInfo: { code: number; reason: string } | null = null;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as ServerMessage;
      this.frames.push(frame);
      // A batch is its events one by one, in order, as the widget's client sees them.
      for (const message of frame.type === 'batch' ? frame.frames : [frame]) this.take(message);
    });
    socket.on('close', (code, reason) => {
      this.closeInfo = { code, reason: reason.toString() };
    });
  }

  private take(message: ServerMessage): void {
    this.received.push(message);
    if (message.type === 'result' && typeof (message.result as { guestToken?: unknown }).guestToken === 'string') {
      registerSecret('a guest token', (message.result as { guestToken: string }).guestToken);
    }
    if (message.type === 'event') this.events.push(message);
    for (const waiter of [...this.waiters]) {
      if (waiter.match(message)) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(message);
      }
    }
  }

  /** Opens a socket to `url` with the given page origin (default: the test site's allowed origin). */
  static async connect(
    url: string,
    origin: string | null = TEST_ORIGIN,
    headers: Record<string, string> = {},
  ): Promise<TestClient> {
    const socket = new WebSocket(url, { ...(origin ? { origin } : {}), headers });
    // Listening before the socket opens: frames that arrive with the upgrade's answer are kept.
    const client = new TestClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
      socket.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    });
    return client;
  }

  /** A fresh idempotency key. */
  static key(): string {
    return randomBytes(12).toString('base64url');
  }

  /** Sends a raw frame as is. */
  sendRaw(frame: string | Buffer): void {
    this.socket.send(frame);
  }

  /** Waits for the next message that matches. */
  waitFor<M extends ServerMessage>(match: (m: ServerMessage) => m is M, timeoutMs?: number): Promise<M>;
  waitFor(match: (m: ServerMessage) => boolean, timeoutMs?: number): Promise<ServerMessage>;
  waitFor(match: (m: ServerMessage) => boolean, timeoutMs = 5000): Promise<ServerMessage> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w.resolve !== done);
        reject(new Error('timed out waiting for a message'));
      }, timeoutMs);
      const done = (m: ServerMessage) => {
        clearTimeout(timer);
        resolve(m);
      };
      this.waiters.push({ match, resolve: done });
    });
  }

  /** The first message received so far that matches, or the next one to arrive. */
  seen(match: (m: ServerMessage) => boolean, timeoutMs = 5000): Promise<ServerMessage> {
    const earlier = this.received.find(match);
    return earlier ? Promise.resolve(earlier) : this.waitFor(match, timeoutMs);
  }

  /** Waits for the reply (result or error) to request `id`. */
  async reply(id: string, timeoutMs = 5000): Promise<ServerMessage> {
    const earlier = this.received.find((m) => (m.type === 'result' || m.type === 'error') && m.id === id);
    if (earlier) return earlier;
    return this.waitFor((m) => (m.type === 'result' || m.type === 'error') && m.id === id, timeoutMs);
  }

  /** Sends a request and returns its reply. */
  async request<T extends Request['type']>(message: Extract<Request, { type: T }>): Promise<Reply<T>> {
    const id = `r${++this.counter}`;
    this.socket.send(JSON.stringify({ ...message, id }));
    const reply = await this.reply(id);
    if (reply.type === 'result') return { ok: true, result: reply.result as ResultMap[T] };
    if (reply.type === 'error') return { ok: false, error: reply.error };
    throw new Error(`unexpected reply ${reply.type}`);
  }

  /** Like `request`, but throws when the server refuses. */
  async ok<T extends Request['type']>(message: Extract<Request, { type: T }>): Promise<ResultMap[T]> {
    const reply = await this.request(message);
    if (!reply.ok) throw new Error(`${message.type} refused: ${reply.error.code} ${reply.error.message}`);
    return reply.result;
  }

  /**
   * Resolves once `fact` holds: checked now and again after each message this client receives.
   * Fails if the socket closes first or no message makes it true within `timeoutMs`.
   */
  until(what: string, fact: () => boolean, timeoutMs = 5000): Promise<void> {
    if (fact()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const stop = (error?: Error) => {
        clearTimeout(timer);
        this.waiters = this.waiters.filter((w) => w.resolve !== done);
        this.socket.off('close', onClose);
        if (error) reject(error);
        else resolve();
      };
      const done = () => stop();
      const onClose = () => stop(fact() ? undefined : new Error(`socket closed before ${what}`));
      const timer = setTimeout(() => stop(new Error(`timed out waiting for ${what}`)), timeoutMs);
      this.socket.on('close', onClose);
      this.waiters.push({ match: () => fact(), resolve: done });
    });
  }

  /** Waits until this client has received `count` events. */
  async waitForEvents(count: number, timeoutMs = 5000): Promise<EventMessage[]> {
    await this.until(`${count} events (${this.events.length} so far)`, () => this.events.length >= count, timeoutMs);
    return this.events;
  }

  /** Resolves with the close code and reason once the socket has closed (at once if it has). */
  closed(timeoutMs = 5000): Promise<{ code: number; reason: string }> {
    if (this.closeInfo) return Promise.resolve(this.closeInfo);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('timed out waiting for the socket to close')), timeoutMs);
      this.socket.once('close', (code, reason) => {
        clearTimeout(timer);
        resolve({ code, reason: reason.toString() });
      });
    });
  }

  async close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }
}
