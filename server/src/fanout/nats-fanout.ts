import {
  type ConsumerMessages,
  connect,
  DeliverPolicy,
  DiscardPolicy,
  Events,
  type JsMsg,
  type NatsConnection,
  nanos,
  StorageType,
  StringCodec,
} from 'nats';
import type { Fanout } from './fanout.js';
import type { NatsSubjects } from './nats-subjects.js';
import { type FanoutReports, NodeFanout, waitAtMost } from './node-fanout.js';
import { encodeSignal, type Signal } from './signals.js';

export interface NatsFanoutOptions extends FanoutReports {
  /** NATS server URL(s), comma-separated (`nats://host:4222`); the servers must run JetStream. */
  servers: string;
  /** Subjects and stream of this install (`natsSubjects(schema)`). */
  subjects: NatsSubjects;
  /** Called each time the node is (re)connected and consuming wake-ups. */
  onListening?: () => void;
  /** Wait between reconnect attempts, in ms. Default 500. */
  reconnectDelayMs?: number;
}

/** A wake-up waiting to be sent: the board's site (for the subject) and its newest event id. */
interface PendingWake {
  siteId: string;
  seq: number;
}

/**
 * How long the stream keeps a wake-up, and the window in which a wake-up republished with the
 * same board and event id is dropped as a duplicate, in ms. Only the newest per board is kept.
 */
const WAKE_RETENTION_MS = 60_000;

/** On close, how long wake-ups and signals already asked for may take to go out, in ms. */
const CLOSE_FLUSH_MS = 1000;

/** How often the client pings the server, and how many unanswered pings mean the connection is dead. */
const PING_INTERVAL_MS = 5000;
const MAX_PINGS_OUT = 3;

const codec = StringCodec();

/**
 * Fan-out between nodes through NATS. Wake-ups (`seq` on the subject `…wake.<siteId>.<boardId>`)
 * go through a JetStream stream that deduplicates them by board and event id and keeps the newest
 * per board; each node reads new ones with an ordered consumer of its own. Signals are plain NATS
 * messages, checked on arrival. Postgres stays the truth: after every reconnect the node asks for
 * every board to be re-read and for presence to be re-announced, as with LISTEN/NOTIFY.
 */
export class NatsFanout extends NodeFanout implements Fanout {
  private nc: NatsConnection | null = null;
  private consuming: ConsumerMessages | null = null;
  private listening = false;
  private pending = new Map<string, PendingWake>();
  /** Wake-ups whose publish failed (the broker was away): sent again after the next reconnect. */
  private unsent = new Map<string, PendingWake>();
  private sending = new Set<Promise<void>>();
  private closed = false;
  /** Bumped on each disconnect, so a consumer set up for an older connection is not kept. */
  private generation = 0;
  private retryTimer: NodeJS.Timeout | null = null;

  constructor(private readonly options: NatsFanoutOptions) {
    super(options);
  }

  /** Connects, creates the stream if missing and starts consuming; resolves once wake-ups are heard. */
  async start(): Promise<void> {
    const nc = await connect({
      servers: this.options.servers.split(',').map((s) => s.trim()),
      name: 'booth',
      maxReconnectAttempts: -1,
      reconnectTimeWait: this.options.reconnectDelayMs ?? 500,
      reconnectJitter: 100,
      pingInterval: PING_INTERVAL_MS,
      maxPingOut: MAX_PINGS_OUT,
      timeout: 5000,
    });
    this.nc = nc;
    // Core subscriptions come back by themselves after a reconnect; the consumer is set up anew.
    nc.subscribe(this.options.subjects.signals, {
      callback: (_error, msg) => this.listeners.signal(codec.decode(msg.data)),
    });
    void this.watchStatus(nc);
    try {
      await this.listen(this.generation);
    } catch (error) {
      await nc.close().catch(() => {});
      throw error;
    }
  }

  private async watchStatus(nc: NatsConnection): Promise<void> {
    for await (const status of nc.status()) {
      if (status.type === Events.Disconnect) {
        this.generation += 1;
        this.listening = false;
        this.stopConsuming();
      } else if (status.type === Events.Reconnect) {
        this.listenUntilDone(this.generation);
      } else if (status.type === Events.Error) {
        this.options.onError?.(status.data);
      }
    }
  }

  /** Sets the consumer up again after a reconnect, retrying while JetStream is not ready yet. */
  private listenUntilDone(generation: number): void {
    this.listen(generation).catch((error) => {
      this.options.onError?.(error);
      if (this.closed || generation !== this.generation) return;
      this.retryTimer = setTimeout(() => this.listenUntilDone(generation), this.options.reconnectDelayMs ?? 500);
    });
  }

  /** Ensures the stream, starts a fresh ordered consumer of new wake-ups, then resyncs. */
  private async listen(generation: number): Promise<void> {
    const nc = this.nc;
    if (!nc || this.closed) return;
    const { subjects } = this.options;
    const jsm = await nc.jetstreamManager();
    // Idempotent: every node asks for the same stream; a broker restart loses a memory stream.
    await jsm.streams.add({
      name: subjects.stream,
      subjects: [subjects.wakeAll],
      storage: StorageType.Memory,
      discard: DiscardPolicy.Old,
      max_msgs_per_subject: 1,
      max_age: nanos(WAKE_RETENTION_MS),
      duplicate_window: nanos(WAKE_RETENTION_MS),
      num_replicas: 1,
    });
    const consumer = await nc.jetstream().consumers.get(subjects.stream, { deliver_policy: DeliverPolicy.New });
    if (this.closed || generation !== this.generation) return;
    this.stopConsuming();
    this.consuming = await consumer.consume({ callback: (msg) => this.receiveWake(msg) });
    if (this.closed || generation !== this.generation) {
      this.stopConsuming();
      return;
    }
    this.listening = true;
    this.options.onListening?.();
    // Wake-ups that could not be sent while the broker was away go out now.
    for (const [boardId, wake] of this.unsent) this.queue(boardId, wake);
    this.unsent.clear();
    this.listeners.resync();
  }

  private stopConsuming(): void {
    const consuming = this.consuming;
    this.consuming = null;
    try {
      consuming?.stop();
    } catch {
      // Already stopped with its connection.
    }
  }

  /** True while the connection is up and wake-ups are being consumed. */
  get connected(): boolean {
    return this.listening;
  }

  publish(siteId: string, boardId: string, seq: number): void {
    this.queue(boardId, { siteId, seq });
  }

  private queue(boardId: string, wake: PendingWake): void {
    const known = this.pending.get(boardId);
    // Writes in the same tick share one message per board: only the newest event id matters.
    if (!known || known.seq < wake.seq) this.pending.set(boardId, wake);
    this.scheduleFlush();
  }

  publishSignal(signal: Signal): void {
    if (this.closed || !this.nc) return;
    try {
      this.nc.publish(this.options.subjects.signals, codec.encode(encodeSignal(signal)));
    } catch (error) {
      this.options.onError?.(error);
    }
  }

  protected flush(): void {
    const nc = this.nc;
    if (!nc || this.closed) return;
    const js = nc.jetstream();
    for (const [boardId, wake] of this.pending) {
      const sending = js
        .publish(this.options.subjects.wake(wake.siteId, boardId), codec.encode(String(wake.seq)), {
          msgID: `${boardId}:${wake.seq}`,
        })
        .then(
          () => {},
          (error) => {
            // The other nodes catch up through their periodic read; the wake-up goes again on reconnect.
            this.options.onError?.(error);
            const known = this.unsent.get(boardId);
            if (!known || known.seq < wake.seq) this.unsent.set(boardId, wake);
          },
        )
        .finally(() => this.sending.delete(sending));
      this.sending.add(sending);
    }
    this.pending.clear();
  }

  private receiveWake(msg: JsMsg): void {
    const boardId = msg.subject.slice(msg.subject.lastIndexOf('.') + 1);
    const seq = Number(codec.decode(msg.data)) || 0;
    if (boardId) this.listeners.wake(boardId, seq);
  }

  protected async shutdown(): Promise<void> {
    this.flush();
    const nc = this.nc;
    // Signals (a node's goodbye among them) are flushed with the connection.
    await waitAtMost(Promise.all([...this.sending, nc?.flush()]), CLOSE_FLUSH_MS);
    this.closed = true;
    this.listening = false;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.stopConsuming();
    await nc?.close().catch(() => {});
  }
}
