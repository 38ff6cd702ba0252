import pg from 'pg';
import type { Fanout } from './fanout.js';
import { type FanoutReports, NodeFanout, waitAtMost } from './node-fanout.js';
import { encodeSignal, type Signal } from './signals.js';

export interface PgNotifyFanoutOptions extends FanoutReports {
  /** Postgres URL. LISTEN needs its own session, so this opens a dedicated connection. */
  url: string;
  /** Notification channel; one per database schema so separate Booth installs do not wake each other. */
  channel: string;
  /** Notification channel of signals (presence, typing); like `channel`, one per schema. */
  signalChannel: string;
  /** Called each time the listener is (re)connected and listening. */
  onListening?: () => void;
  /** First delay before reconnecting the listener, in ms; it doubles up to 4× on repeated failures. Default 500. */
  reconnectDelayMs?: number;
}

/** Postgres refuses NOTIFY payloads of this many bytes or more. */
const PAYLOAD_LIMIT = 8000;

/** On close, how long notifications already asked for (a node's goodbye among them) may take to go out, in ms. */
const CLOSE_FLUSH_MS = 1000;

/**
 * Fan-out between nodes through Postgres LISTEN/NOTIFY. Wake-up payloads are `boardId:seq`;
 * signals are small JSON objects on a channel of their own, checked on arrival. Both stay far
 * under the 8000-byte limit. Notifications sent while the listener is down are lost, so after
 * every (re)connect it asks the node to re-read all boards and re-announce itself.
 */
export class PgNotifyFanout extends NodeFanout implements Fanout {
  private listener: pg.Client | null = null;
  private pending = new Map<string, number>();
  private pendingSignals: string[] = [];
  /** NOTIFY statements on their way, which close waits for. */
  private sending = new Set<Promise<void>>();
  private closed = false;
  private publisher: pg.Pool;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private failures = 0;

  constructor(private readonly options: PgNotifyFanoutOptions) {
    super(options);
    this.publisher = new pg.Pool({ connectionString: options.url, max: 2 });
    this.publisher.on('error', (error) => options.onError?.(error));
    // A client in use when Postgres goes away emits 'error' too; its query fails on its own.
    this.publisher.on('connect', (client) => client.on('error', () => {}));
  }

  /** Connects the listener; resolves once LISTEN is active. */
  async start(): Promise<void> {
    await this.connectListener();
  }

  private async connectListener(): Promise<void> {
    // Keep-alive notices a silently dropped connection; the periodic catch-up covers the gap.
    const client = new pg.Client({ connectionString: this.options.url, keepAlive: true });
    client.on('notification', (msg) => {
      if (msg.channel === this.options.signalChannel) {
        this.listeners.signal(msg.payload ?? '');
        return;
      }
      const [boardId, seq] = (msg.payload ?? '').split(':');
      if (boardId) this.listeners.wake(boardId, Number(seq) || 0);
    });
    client.on('error', (error) => {
      this.options.onError?.(error);
      this.scheduleReconnect(client);
    });
    client.on('end', () => this.scheduleReconnect(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${pg.escapeIdentifier(this.options.channel)}`);
      await client.query(`LISTEN ${pg.escapeIdentifier(this.options.signalChannel)}`);
    } catch (error) {
      client.removeAllListeners('end');
      void client.end().catch(() => {});
      throw error;
    }
    if (this.closed) {
      await client.end().catch(() => {});
      return;
    }
    this.listener = client;
    this.failures = 0;
    this.options.onListening?.();
    this.listeners.resync();
  }

  private scheduleReconnect(client: pg.Client): void {
    if (this.closed || this.listener !== client) return;
    this.listener = null;
    client.removeAllListeners('end');
    void client.end().catch(() => {});
    this.retryLater();
  }

  private retryLater(): void {
    const base = this.options.reconnectDelayMs ?? 500;
    const delay = base * 2 ** Math.min(this.failures, 2);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (this.closed) return;
      this.connectListener().catch((error) => {
        this.failures += 1;
        this.options.onError?.(error);
        if (!this.closed) this.retryLater();
      });
    }, delay);
  }

  /** True while the LISTEN connection is up. */
  get connected(): boolean {
    return this.listener !== null;
  }

  publish(_siteId: string, boardId: string, seq: number): void {
    // Writes in the same tick share one NOTIFY statement: NOTIFY serializes commits globally.
    this.pending.set(boardId, Math.max(seq, this.pending.get(boardId) ?? 0));
    this.scheduleFlush();
  }

  publishSignal(signal: Signal): void {
    if (this.closed) return;
    const payload = encodeSignal(signal);
    if (Buffer.byteLength(payload) >= PAYLOAD_LIMIT) {
      this.options.onError?.(new Error(`signal of ${Buffer.byteLength(payload)} bytes not sent: too large for NOTIFY`));
      return;
    }
    this.pendingSignals.push(payload);
    this.scheduleFlush();
  }

  /** Sends everything published since the last flush in one statement. */
  protected flush(): void {
    const channels: string[] = [];
    const payloads: string[] = [];
    for (const [boardId, seq] of this.pending) {
      channels.push(this.options.channel);
      payloads.push(`${boardId}:${seq}`);
    }
    for (const payload of this.pendingSignals) {
      channels.push(this.options.signalChannel);
      payloads.push(payload);
    }
    this.pending.clear();
    this.pendingSignals = [];
    if (payloads.length === 0 || this.closed) return;
    const sending = this.notify(channels, payloads).finally(() => this.sending.delete(sending));
    this.sending.add(sending);
  }

  private async notify(channels: string[], payloads: string[]): Promise<void> {
    try {
      // Prepared once per publisher connection: parsed and planned once, not on every flush.
      await this.publisher.query({
        name: 'booth_notify',
        text: 'select pg_notify(c, p) from unnest($1::text[], $2::text[]) as n(c, p)',
        values: [channels, payloads],
      });
    } catch (error) {
      // The other nodes catch up through their periodic read and the next presence heartbeat.
      this.options.onError?.(error);
    }
  }

  protected async shutdown(): Promise<void> {
    this.flush();
    await waitAtMost(Promise.all(this.sending), CLOSE_FLUSH_MS);
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => {});
    await this.publisher.end().catch(() => {});
  }
}
