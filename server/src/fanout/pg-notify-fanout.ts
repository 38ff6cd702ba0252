import pg from 'pg';
import type { Fanout } from './fanout.js';

export interface PgNotifyFanoutOptions {
  /** Postgres URL. LISTEN needs its own session, so this opens a dedicated connection. */
  url: string;
  /** Notification channel; one per database schema so separate Booth installs do not wake each other. */
  channel: string;
  /** Called for connection problems; the fan-out keeps retrying on its own. */
  onError?: (error: unknown) => void;
  /** Called each time the listener is (re)connected and listening. */
  onListening?: () => void;
  /** First delay before reconnecting the listener, in ms; it doubles up to 4× on repeated failures. Default 500. */
  reconnectDelayMs?: number;
}

type WakeHandler = (boardId: string, seq: number) => void;

/**
 * Fan-out between nodes through Postgres LISTEN/NOTIFY. Payloads are `boardId:seq`, far
 * under the 8000-byte limit. Notifications sent while the listener is down are lost, so
 * after every (re)connect it asks the node to re-read all boards.
 */
export class PgNotifyFanout implements Fanout {
  private listener: pg.Client | null = null;
  private wakeHandlers: WakeHandler[] = [];
  private resyncHandlers: Array<() => void> = [];
  private pending = new Map<string, number>();
  private flushScheduled = false;
  private closed = false;
  private publisher: pg.Pool;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private failures = 0;

  constructor(private readonly options: PgNotifyFanoutOptions) {
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
      const [boardId, seq] = (msg.payload ?? '').split(':');
      if (!boardId) return;
      for (const handler of this.wakeHandlers) handler(boardId, Number(seq) || 0);
    });
    client.on('error', (error) => {
      this.options.onError?.(error);
      this.scheduleReconnect(client);
    });
    client.on('end', () => this.scheduleReconnect(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${pg.escapeIdentifier(this.options.channel)}`);
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
    for (const handler of this.resyncHandlers) handler();
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

  publish(boardId: string, seq: number): void {
    // Writes in the same tick share one NOTIFY statement: NOTIFY serializes commits globally.
    this.pending.set(boardId, Math.max(seq, this.pending.get(boardId) ?? 0));
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => void this.flush());
  }

  private async flush(): Promise<void> {
    this.flushScheduled = false;
    const payloads = [...this.pending].map(([boardId, seq]) => `${boardId}:${seq}`);
    this.pending.clear();
    if (payloads.length === 0 || this.closed) return;
    try {
      await this.publisher.query('select pg_notify($1, p) from unnest($2::text[]) as p', [
        this.options.channel,
        payloads,
      ]);
    } catch (error) {
      // The other nodes catch up through their periodic read; nothing is lost.
      this.options.onError?.(error);
    }
  }

  onWake(handler: WakeHandler): void {
    this.wakeHandlers.push(handler);
  }

  onResync(handler: () => void): void {
    this.resyncHandlers.push(handler);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => {});
    await this.publisher.end().catch(() => {});
  }
}
