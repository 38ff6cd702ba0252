import type { UnreadThreadView } from '../mail-schemas.js';
import { type BatchMessage, CLOSE_CODES, type EventMessage, type ResultOf, type TypingMessage } from '../protocol.js';
import type { ClientMessageOf, ClientMessageType } from '../schemas.js';
import { parseServerFrame, type ServerFrame } from '../server-schemas.js';
import { STAFF_EVENT_KINDS, type StaffEventMessage } from '../staff-model.js';
import { newKey } from './ids.js';
import { RequestError } from './request-error.js';

/** What the connection needs of the element that owns it: Lit's ReactiveControllerHost, structurally. */
export interface ConnectionHost {
  addController(controller: { hostConnected?(): void; hostDisconnected?(): void }): void;
  requestUpdate(): void;
}

/**
 * What a front end shows about its link to the server: `connecting` before the first answer,
 * `open` once identified and subscribed, `reconnecting` after a drop, `stopped` when it gave up.
 */
export type ConnectionStatus = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'stopped';

/** A request as the caller writes it; the connection adds the request id. */
export type Request<T extends ClientMessageType> = Omit<ClientMessageOf<T>, 'id'> & { type: T };

/** Request types that change something and so carry an idempotency key. */
export type WriteType = {
  [K in ClientMessageType]: ClientMessageOf<K> extends { key: string } ? K : never;
}[ClientMessageType];

/** A write as the caller writes it; the connection adds the id, the caller may pass the key. */
export type WriteRequest<T extends WriteType> = Omit<ClientMessageOf<T>, 'id' | 'key'> & { type: T };

export interface ConnectionOptions {
  /** The socket URL, or null while the element lacks what it needs to connect. */
  url(): string | null;
  /** Runs after every (re)connect, before queued requests go out: identify and subscribe. */
  handshake(): Promise<void>;
  /** A live event of a subscribed board. */
  onEvent(message: EventMessage): void;
  /** A staff-only event (moderation queues); only staff sockets get them. */
  onStaffEvent?(message: StaffEventMessage): void;
  /** The socket dropped and the connection will retry; e.g. to check whether a session ended. */
  onDrop?(code: number): void;
  /** The server dropped a subscription; subscribe again. */
  onResync(board: string): void;
  /** Whether staff are at the booth (sent on connect when they are, and on every change). */
  onPresence?(staffOnline: boolean): void;
  /** A staff member is typing in a thread. */
  onTyping?(message: TypingMessage): void;
  /** The signed-in member's unread answers and replies changed (once they asked with `notices.list`). */
  onNotices?(threads: UnreadThreadView[]): void;
  /** Opens a socket; tests pass a fake. Default: `new WebSocket(url)`. */
  createSocket?: (url: string) => WebSocket;
  /** How long a request waits for its reply. Default 20 s. */
  requestTimeoutMs?: number;
  /** A quiet socket is pinged this often, and dropped if the ping gets no answer. Default 25 s. */
  pingIntervalMs?: number;
  /** Longest wait between reconnect attempts. Default 30 s. */
  maxBackoffMs?: number;
}

interface Pending {
  msg: { type: ClientMessageType };
  /** Handshake requests belong to one socket and are never re-sent on another. */
  handshake: boolean;
  resolve(value: unknown): void;
  reject(error: RequestError): void;
  timer?: ReturnType<typeof setTimeout>;
}

const OPEN = 1;

const unavailable = (message: string) => new RequestError({ code: 'unavailable', message });

/**
 * The one protocol client of every front end (widget and moderation view). Owns the WebSocket: sends requests with fresh ids and settles each one's promise
 * from the matching reply; keeps writes (and reads) that were in flight when the socket dropped
 * and sends them again, with the same idempotency key, once it has reconnected with backoff and
 * redone the handshake. Every server frame is validated before it is acted on. Live events and
 * resyncs go to the callbacks. It is a Lit ReactiveController: it connects with its host element.
 */
export class Connection {
  status: ConnectionStatus = 'idle';
  /** Why the connection is retrying or stopped, in words; null when all is well. */
  notice: string | null = null;

  private socket: WebSocket | null = null;
  /** True once the handshake on the current socket is done. */
  private ready = false;
  private readonly inFlight = new Map<string, Pending>();
  private queue: Pending[] = [];
  private attempt = 0;
  private lastId = 0;
  private hostIsConnected = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private lastHeard = 0;
  private bye: ServerFrame | null = null;

  constructor(
    private readonly host: ConnectionHost,
    private readonly options: ConnectionOptions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.hostIsConnected = true;
    globalThis.addEventListener?.('online', this.onOnline);
    this.connect();
  }

  hostDisconnected(): void {
    this.hostIsConnected = false;
    globalThis.removeEventListener?.('online', this.onOnline);
    this.closeSocket();
    this.rejectAll(unavailable('The board was closed.'));
    this.setStatus('idle', null);
  }

  /** Drops the current socket and connects again, e.g. after the site or board changed. */
  restart(): void {
    this.closeSocket();
    this.rejectAll(unavailable('The board changed.'));
    this.attempt = 0;
    this.setStatus('idle', null);
    this.connect();
  }

  /** True when requests go out at once (connected, identified and subscribed). */
  get isOpen(): boolean {
    return this.ready;
  }

  /**
   * Sends a request and resolves with its result, or rejects with a RequestError. While the
   * socket is down the request waits and goes out after the next handshake. Pass
   * `{ handshake: true }` from the handshake itself to send on the fresh socket at once.
   */
  request<T extends ClientMessageType>(msg: Request<T>, options: { handshake?: boolean } = {}): Promise<ResultOf<T>> {
    return new Promise<ResultOf<T>>((resolve, reject) => {
      const handshake = options.handshake === true;
      const pending: Pending = { msg, handshake, resolve: resolve as (value: unknown) => void, reject };
      if (this.status === 'stopped') reject(unavailable(this.notice ?? 'Not connected.'));
      else if (handshake ? this.socket?.readyState === OPEN : this.ready) this.transmit(pending);
      else if (handshake) reject(unavailable('Not connected.'));
      else this.queue.push(pending);
    });
  }

  /**
   * Sends a write with an idempotency key. Pass the same key to retry an intended write (a form
   * keeps its key until its content changes); a retry after a drop reuses it automatically.
   */
  write<T extends WriteType>(msg: WriteRequest<T>, key: string = newKey()): Promise<ResultOf<T>> {
    return this.request({ ...msg, key } as unknown as Request<T>);
  }

  /** Gives up for good, e.g. when the page is not allowed to use the board. */
  stop(notice: string): void {
    this.closeSocket();
    this.setStatus('stopped', notice);
    this.rejectAll(unavailable(notice));
  }

  private connect(): void {
    clearTimeout(this.retryTimer);
    if (!this.hostIsConnected || this.socket || this.status === 'stopped') return;
    const url = this.options.url();
    if (url === null) return;
    this.setStatus(this.status === 'reconnecting' ? 'reconnecting' : 'connecting', this.notice);
    let socket: WebSocket;
    try {
      socket = (this.options.createSocket ?? ((u: string) => new WebSocket(u)))(url);
    } catch {
      this.stop('The board address is not valid.');
      return;
    }
    this.socket = socket;
    this.bye = null;
    socket.onopen = () => void this.onOpen(socket);
    socket.onmessage = (event) => {
      if (this.socket === socket) this.onMessage(event.data);
    };
    socket.onclose = (event) => {
      if (this.socket === socket) this.onClose(event.code);
    };
  }

  private async onOpen(socket: WebSocket): Promise<void> {
    this.lastHeard = Date.now();
    this.startPing();
    try {
      await this.options.handshake();
    } catch {
      // A transient failure: drop this socket and try again with backoff.
      if (this.socket === socket) this.drop(socket);
      return;
    }
    if (this.socket !== socket || this.status === 'stopped') return;
    this.ready = true;
    this.attempt = 0;
    this.setStatus('open', null);
    const queued = this.queue;
    this.queue = [];
    for (const pending of queued) this.transmit(pending);
  }

  private transmit(pending: Pending): void {
    const socket = this.socket;
    if (!socket) {
      this.queue.push(pending);
      return;
    }
    const id = `r${++this.lastId}`;
    this.inFlight.set(id, pending);
    pending.timer = setTimeout(() => {
      if (this.inFlight.delete(id)) pending.reject(unavailable('The server did not answer in time. Please try again.'));
    }, this.options.requestTimeoutMs ?? 20_000);
    socket.send(JSON.stringify({ ...pending.msg, id }));
  }

  private onMessage(data: unknown): void {
    this.lastHeard = Date.now();
    // A frame that is not part of the protocol is dropped: nothing downstream sees an unchecked shape.
    const msg = parseServerFrame(String(data));
    if (!msg) return;
    // A batch is its events one by one, in order: callers never see the difference.
    if (msg.type === 'batch') for (const frame of msg.frames) this.dispatch(frame);
    else this.dispatch(msg);
  }

  private dispatch(msg: Exclude<ServerFrame, BatchMessage>): void {
    switch (msg.type) {
      case 'result':
      case 'error': {
        const pending = msg.id === null ? undefined : this.inFlight.get(msg.id);
        if (!pending || msg.id === null) return;
        this.inFlight.delete(msg.id);
        clearTimeout(pending.timer);
        if (msg.type === 'result') pending.resolve(msg.result);
        else pending.reject(new RequestError(msg.error));
        return;
      }
      case 'event':
        if (STAFF_EVENT_KINDS.has(msg.event.kind)) this.options.onStaffEvent?.(msg as StaffEventMessage);
        else this.options.onEvent(msg as EventMessage);
        return;
      case 'resync':
        this.options.onResync(msg.board);
        return;
      case 'presence':
        this.options.onPresence?.(msg.staffOnline);
        return;
      case 'typing':
        this.options.onTyping?.(msg);
        return;
      case 'notices':
        this.options.onNotices?.(msg.threads);
        return;
      case 'bye':
        this.bye = msg;
        this.notice = msg.message;
        return;
    }
  }

  private onClose(code: number): void {
    const bye = this.bye?.type === 'bye' ? this.bye : null;
    this.detach();
    if (!this.hostIsConnected || this.status === 'stopped') return;
    if (code === CLOSE_CODES.policy || bye?.reason === 'policy') {
      this.stop(bye?.message ?? 'This page is not allowed to use this board.');
      return;
    }
    // A restarting node asks everyone to come back; spread them out a little, but come back soon.
    const soon = code === CLOSE_CODES.shutdown || bye?.reason === 'shutdown';
    const max = this.options.maxBackoffMs ?? 30_000;
    const delay = soon
      ? 200 + Math.random() * 1300
      : Math.min(max, 500 * 2 ** this.attempt) * (0.5 + Math.random() / 2);
    this.attempt += 1;
    this.options.onDrop?.(code);
    this.setStatus('reconnecting', bye?.message ?? (this.attempt > 3 ? 'Cannot reach the board. Retrying…' : null));
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  /**
   * Forgets the current socket. Handshake requests fail; every other request in flight goes back
   * to the front of the queue, in order, to be sent again after the next handshake.
   */
  private detach(): void {
    const socket = this.socket;
    this.socket = null;
    this.ready = false;
    clearInterval(this.pingTimer);
    if (socket) socket.onopen = socket.onmessage = socket.onclose = null;
    const retry: Pending[] = [];
    for (const pending of this.inFlight.values()) {
      clearTimeout(pending.timer);
      if (pending.handshake) pending.reject(unavailable('The connection dropped.'));
      else retry.push(pending);
    }
    this.inFlight.clear();
    this.queue = [...retry, ...this.queue];
  }

  /** Treats a socket as closed now (without waiting for the browser to notice) and reconnects. */
  private drop(socket: WebSocket): void {
    socket.close();
    this.onClose(1006);
  }

  private closeSocket(): void {
    clearTimeout(this.retryTimer);
    const socket = this.socket;
    this.detach();
    socket?.close(1000, 'closing');
  }

  private rejectAll(error: RequestError): void {
    for (const pending of [...this.inFlight.values(), ...this.queue]) {
      clearTimeout(pending.timer);
      pending.reject(error);
    }
    this.inFlight.clear();
    this.queue = [];
  }

  /** Pings a socket that has been quiet for a while; a ping without answer means it is dead. */
  private startPing(): void {
    const interval = this.options.pingIntervalMs ?? 25_000;
    clearInterval(this.pingTimer);
    this.pingTimer = setInterval(() => {
      const socket = this.socket;
      if (!socket || !this.ready || Date.now() - this.lastHeard < interval) return;
      this.request({ type: 'ping' }, { handshake: true }).catch((error: RequestError) => {
        if (error.code === 'unavailable' && this.socket === socket) this.drop(socket);
      });
    }, interval);
  }

  private readonly onOnline = (): void => {
    if (this.status === 'reconnecting' && !this.socket) this.connect();
  };

  private setStatus(status: ConnectionStatus, notice: string | null): void {
    if (this.status === status && this.notice === notice) return;
    this.status = status;
    this.notice = notice;
    this.host.requestUpdate();
  }
}
