import type {
  ClientMessage,
  ErrorBody,
  EventMessage,
  ResultMap,
  ServerMessage,
  StaffEventMessage,
} from '@booth/shared';

type Request = ClientMessage extends infer M ? (M extends { id: string } ? Omit<M, 'id'> : never) : never;

/** A refusal from the server, with its code. */
export class RequestError extends Error {
  constructor(readonly body: ErrorBody) {
    super(body.message);
  }
}

/** A fresh idempotency key for a write. */
export function newKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

export interface ConnectionHandlers {
  /** The socket (re)opened and the staff feed started. */
  onOpen(): void;
  /** A live board event (customer-visible or staff-only). */
  onEvent(message: EventMessage | StaffEventMessage): void;
  /** The socket closed; `willRetry` is false when the session ended. */
  onClose(willRetry: boolean, reason: string): void;
}

/**
 * The moderation view's WebSocket: the same `/ws` endpoint as the widget, with `moderate=1`
 * so the server reads the staff session cookie at the upgrade. Reconnects with backoff.
 */
export class Connection {
  private socket: WebSocket | null = null;
  private counter = 0;
  private pending = new Map<string, { resolve(value: unknown): void; reject(error: Error): void }>();
  private retries = 0;
  private stopped = false;

  constructor(
    private readonly siteKey: string,
    private readonly handlers: ConnectionHandlers,
  ) {}

  start(): void {
    this.stopped = false;
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const socket = new WebSocket(`${scheme}://${location.host}/ws?site=${encodeURIComponent(this.siteKey)}&moderate=1`);
    this.socket = socket;
    socket.addEventListener('open', () => {
      this.retries = 0;
      this.handlers.onOpen();
    });
    socket.addEventListener('message', (event) => this.receive(String(event.data)));
    socket.addEventListener('close', () => {
      if (this.socket !== socket) return;
      this.socket = null;
      for (const waiter of this.pending.values())
        waiter.reject(new RequestError({ code: 'unavailable', message: 'Reconnecting…' }));
      this.pending.clear();
      if (this.stopped) return;
      this.retries += 1;
      this.handlers.onClose(true, 'Reconnecting…');
      setTimeout(() => this.start(), Math.min(10_000, 300 * 2 ** this.retries));
    });
  }

  stop(): void {
    this.stopped = true;
    this.socket?.close();
    this.socket = null;
  }

  get open(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  private receive(raw: string): void {
    const message = JSON.parse(raw) as ServerMessage | StaffEventMessage;
    if (message.type === 'event') {
      this.handlers.onEvent(message);
      return;
    }
    if ((message.type === 'result' || message.type === 'error') && message.id !== null) {
      const waiter = this.pending.get(message.id);
      if (!waiter) return;
      this.pending.delete(message.id);
      if (message.type === 'result') waiter.resolve(message.result);
      else waiter.reject(new RequestError(message.error));
    }
  }

  /** Sends a request and resolves with its result, or rejects with a RequestError. */
  request<T extends Request['type']>(message: Extract<Request, { type: T }>): Promise<ResultMap[T]> {
    const socket = this.socket;
    if (!socket || socket.readyState !== WebSocket.OPEN) {
      return Promise.reject(
        new RequestError({ code: 'unavailable', message: 'Not connected yet. Try again in a moment.' }),
      );
    }
    const id = `m${++this.counter}`;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      socket.send(JSON.stringify({ ...message, id }));
    });
  }
}
