import type { Kysely } from 'kysely';
import type { Database } from './database.js';
import { primaryWalPosition, replayedWalPosition, type WalPosition } from './wal-position.queries.js';

/** What a node knows of its read replica, as of its last look. */
export interface ReplicaState {
  /** The replica answered the last look, and replays the primary's log. */
  reachable: boolean;
  /** How long the oldest change the replica has not replayed yet has been waiting, in seconds (0: caught up). */
  lagSeconds: number;
  /** Bytes of the primary's log the replica has not replayed yet. */
  lagBytes: number;
}

export interface ReplicaLagOptions {
  /** Time between looks, in ms. */
  intervalMs: number;
  /** A monotonic clock in ms (not the wall clock: lag is a duration). */
  clock: () => number;
  onError: (error: unknown) => void;
}

/** Looks kept of the primary's log end; past that (an hour at one a second) the oldest are what matter. */
const MAX_SAMPLES = 3600;

/**
 * Measures how far a replica trails its primary. Each look notes where the primary's log ends
 * and when, then asks the replica how far it has replayed: the lag is the age of the oldest
 * noted position it has not reached. Lag so measured needs no clock shared with Postgres, and
 * an idle primary (nothing to replay) reads as no lag at all.
 */
export class ReplicaLag {
  private samples: Array<{ position: WalPosition; at: number }> = [];
  private primaryEnd: WalPosition = 0n;
  private replayedTo: WalPosition | null = null;
  /** True until a look says otherwise, so that a replica away from the start is reported once. */
  private reachable = true;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly primary: Kysely<Database>,
    private readonly replica: Kysely<Database>,
    private readonly options: ReplicaLagOptions,
  ) {}

  /** How far the replica has replayed, as last seen (by a look or by a reader waiting on it). */
  get replayed(): WalPosition | null {
    return this.replayedTo;
  }

  /** Takes a position a reader saw the replica replay; positions only move forward. */
  noteReplayed(position: WalPosition): void {
    if (this.replayedTo === null || position > this.replayedTo) this.replayedTo = position;
    while (this.samples.length > 0 && (this.samples[0] as { position: WalPosition }).position <= position) {
      this.samples.shift();
    }
  }

  /** Notes where the primary's log ends (after a write, or on a look). */
  notePrimaryEnd(position: WalPosition): void {
    if (position > this.primaryEnd) this.primaryEnd = position;
    const last = this.samples.at(-1);
    if (this.samples.length < MAX_SAMPLES && (last === undefined || position > last.position)) {
      if (this.replayedTo === null || position > this.replayedTo) {
        this.samples.push({ position, at: this.options.clock() });
      }
    }
  }

  state(): ReplicaState {
    const oldest = this.samples[0];
    const behind = this.replayedTo === null ? this.primaryEnd : this.primaryEnd - this.replayedTo;
    return {
      reachable: this.reachable,
      lagSeconds: oldest === undefined ? 0 : Math.max(0, (this.options.clock() - oldest.at) / 1000),
      lagBytes: Number(behind > 0n ? behind : 0n),
    };
  }

  /** One look at both servers. */
  async measure(): Promise<void> {
    try {
      this.notePrimaryEnd(await primaryWalPosition(this.primary));
    } catch (error) {
      // The primary away: the lag is unknown, and what was noted ages on.
      if (!this.stopped) this.options.onError(error);
    }
    const wasReachable = this.reachable;
    try {
      const replayed = await replayedWalPosition(this.replica);
      this.reachable = replayed !== null;
      if (replayed !== null) this.noteReplayed(replayed);
      else if (wasReachable) this.options.onError(new Error('the read replica is not in recovery: it replays nothing'));
    } catch (error) {
      this.reachable = false;
      // Said once when the replica goes away, not at every look while it stays away.
      if (wasReachable && !this.stopped) this.options.onError(error);
    }
  }

  /** Looks at once, then every `intervalMs` until `stop`. */
  async start(): Promise<void> {
    await this.measure();
    const next = () => {
      if (this.stopped) return;
      this.timer = setTimeout(() => {
        void this.measure().finally(next);
      }, this.options.intervalMs);
      this.timer.unref();
    };
    next();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }
}
