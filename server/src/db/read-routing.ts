import type { Kysely } from 'kysely';
import type { Database } from './database.js';
import { ReplicaLag, type ReplicaState } from './replica-lag.js';
import { primaryWalPosition, replayedWalPosition, type WalPosition } from './wal-position.queries.js';

/** Which server a read went to. */
export type ReadTarget = 'replica' | 'primary';

/**
 * Where reads that tolerate a little lag go (board and thread pages, search, suggestions,
 * insights, exports). Writes, and the reads a write makes, always use the primary.
 */
export interface ReadRouting {
  /**
   * The database for a reader's next read: the replica, unless the reader's own last write is
   * not replayed there yet (then it waits a little, or reads the primary), or the replica is
   * away or too far behind. `readerId` is the member reading, or null for an anonymous reader.
   */
  forReader(readerId: string | null): Promise<Kysely<Database>>;
  /** Notes that a member's write has committed, so that their next reads see it. */
  wrote(readerId: string): Promise<void>;
  /** The replica as last seen, and whether it is close enough to read from; null without a replica. */
  replica(): (ReplicaState & { withinLimit: boolean }) | null;
  close(): void;
}

/** Every read on the one Postgres: the embedded and single-Postgres modes. */
export function primaryOnly(primary: Kysely<Database>): ReadRouting {
  return {
    forReader: async () => primary,
    wrote: async () => {},
    replica: () => null,
    close: () => {},
  };
}

export interface ReplicaReadOptions {
  /** Past this lag, in seconds, every read goes to the primary. */
  maxLagSeconds: number;
  /** How long a writer's next read waits for the replica to replay the write, in ms, before it reads the primary. */
  waitMs: number;
  /** Time between looks at the replica's lag, in ms. */
  lagIntervalMs?: number;
  /** Time between looks at the replica while a writer's read waits for it, in ms. */
  pollMs?: number;
  /** A monotonic clock in ms; default `performance.now`. */
  clock?: () => number;
  /** Told of each routed read. */
  onRead?: (target: ReadTarget) => void;
  onError?: (error: unknown) => void;
}

export const DEFAULT_LAG_INTERVAL_MS = 1000;
const DEFAULT_POLL_MS = 10;
/** Writers remembered at most; the oldest are forgotten first (their reads may then trail by the lag). */
const MAX_WRITERS = 100_000;

interface Waiter {
  position: WalPosition;
  deadline: number;
  resolve(replayed: boolean): void;
}

/**
 * Reads on a streaming replica, with read-your-writes: after a member's write commits, the
 * primary's log end is noted for that member; their next read goes to the replica once it has
 * replayed that far (waiting up to `waitMs`, one shared look for all waiting readers), or else
 * to the primary.
 */
export class ReplicaReads implements ReadRouting {
  private readonly lag: ReplicaLag;
  /** Each recent writer's commit position; `primary` when it could not be read (their next read goes there). */
  private readonly writers = new Map<string, WalPosition | 'primary'>();
  private waiters: Waiter[] = [];
  private polling = false;
  private readonly clock: () => number;

  constructor(
    private readonly primary: Kysely<Database>,
    private readonly replicaDb: Kysely<Database>,
    private readonly options: ReplicaReadOptions,
  ) {
    this.clock = options.clock ?? (() => performance.now());
    this.lag = new ReplicaLag(primary, replicaDb, {
      intervalMs: options.lagIntervalMs ?? DEFAULT_LAG_INTERVAL_MS,
      clock: this.clock,
      onError: (error) => options.onError?.(error),
    });
  }

  /** Takes the first look at the replica and keeps looking. */
  start(): Promise<void> {
    return this.lag.start();
  }

  replica(): ReplicaState & { withinLimit: boolean } {
    const state = this.lag.state();
    return { ...state, withinLimit: state.reachable && state.lagSeconds <= this.options.maxLagSeconds };
  }

  async wrote(readerId: string): Promise<void> {
    let position: WalPosition | 'primary' = 'primary';
    try {
      position = await primaryWalPosition(this.primary);
      this.lag.notePrimaryEnd(position);
    } catch (error) {
      // The write has committed all the same; the writer's next read simply goes to the primary.
      this.options.onError?.(error);
    }
    this.writers.delete(readerId);
    this.writers.set(readerId, position);
    if (this.writers.size > MAX_WRITERS) this.writers.delete(this.writers.keys().next().value as string);
  }

  async forReader(readerId: string | null): Promise<Kysely<Database>> {
    const target = await this.target(readerId);
    this.options.onRead?.(target);
    return target === 'replica' ? this.replicaDb : this.primary;
  }

  private async target(readerId: string | null): Promise<ReadTarget> {
    if (!this.replica().withinLimit) return 'primary';
    const written = readerId === null ? undefined : this.writers.get(readerId);
    if (written === undefined) return 'replica';
    if (written === 'primary') {
      this.writers.delete(readerId as string);
      return 'primary';
    }
    const replayed = this.lag.replayed;
    if ((replayed !== null && replayed >= written) || (await this.replayedPast(written))) {
      this.writers.delete(readerId as string);
      return 'replica';
    }
    return 'primary';
  }

  /** Resolves true once the replica has replayed `position`, false when `waitMs` passes first. */
  private replayedPast(position: WalPosition): Promise<boolean> {
    return new Promise((resolve) => {
      this.waiters.push({ position, deadline: this.clock() + this.options.waitMs, resolve });
      if (!this.polling) void this.poll();
    });
  }

  private async poll(): Promise<void> {
    this.polling = true;
    try {
      while (this.waiters.length > 0) {
        try {
          const replayed = await replayedWalPosition(this.replicaDb);
          if (replayed !== null) this.lag.noteReplayed(replayed);
        } catch (error) {
          this.options.onError?.(error);
        }
        const replayed = this.lag.replayed;
        const now = this.clock();
        this.waiters = this.waiters.filter((waiter) => {
          if (replayed !== null && replayed >= waiter.position) waiter.resolve(true);
          else if (now >= waiter.deadline) waiter.resolve(false);
          else return true;
          return false;
        });
        if (this.waiters.length > 0) {
          await new Promise((resolve) => setTimeout(resolve, this.options.pollMs ?? DEFAULT_POLL_MS));
        }
      }
    } finally {
      this.polling = false;
    }
  }

  close(): void {
    this.lag.stop();
    for (const waiter of this.waiters) waiter.resolve(false);
    this.waiters = [];
  }
}
