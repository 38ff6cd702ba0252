import type { LimitCheck, LimitOutcome, LimitStore } from './limit-store.js';

export type { LimitCheck } from './limit-store.js';

interface Bucket {
  tokens: number;
  capacity: number;
  updatedAt: number;
}

export interface KeyedLimiterOptions {
  /** Most keys kept; past it the least recently used are forgotten. Default 100,000. */
  maxKeys?: number;
}

/**
 * Token buckets by key, in this node's memory. A bucket holds a minute's allowance and refills
 * evenly, so a client may burst up to its limit and then goes at the limit's pace. Full buckets
 * carry no information, so they are dropped and memory stays bounded by the active keys.
 *
 * @example
 * const wait = limiter.take([{ key: 'post:member:42', perMinute: 10 }]);
 * if (wait > 0) refuse(`retry in ${wait} ms`);
 */
export class KeyedLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly maxKeys: number;

  constructor(options: KeyedLimiterOptions = {}) {
    this.maxKeys = options.maxKeys ?? 100_000;
  }

  /**
   * Takes one request from every bucket, or from none: returns 0 when all allow it, else the
   * longest wait in ms until they would. A refused request costs nothing, so it cannot drain a
   * limit it was not counted against. A `perMinute` of 0 means no limit.
   */
  take(checks: readonly LimitCheck[], now: number = Date.now()): number {
    return this.attempt(checks, now).waitMs;
  }

  /** As `take`, and also tells how many whole requests the tightest limit has left. */
  attempt(checks: readonly LimitCheck[], now: number = Date.now()): LimitOutcome {
    let wait = 0;
    const buckets: Bucket[] = [];
    for (const check of checks) {
      if (check.perMinute <= 0) continue;
      const bucket = this.refill(check, now);
      buckets.push(bucket);
      if (bucket.tokens < 1) {
        wait = Math.max(wait, Math.ceil(((1 - bucket.tokens) * 60_000) / check.perMinute));
      }
    }
    let remaining = Number.POSITIVE_INFINITY;
    if (wait === 0) for (const bucket of buckets) bucket.tokens -= 1;
    for (const bucket of buckets) remaining = Math.min(remaining, Math.max(0, Math.floor(bucket.tokens)));
    return { waitMs: wait, remaining };
  }

  /** Keys currently tracked (for metrics and tests). */
  get size(): number {
    return this.buckets.size;
  }

  /** Drops buckets that have refilled completely; call now and then. */
  sweep(now: number = Date.now()): void {
    for (const [key, bucket] of this.buckets) {
      const tokens = bucket.tokens + ((now - bucket.updatedAt) * bucket.capacity) / 60_000;
      if (tokens >= bucket.capacity) this.buckets.delete(key);
    }
  }

  private refill(check: LimitCheck, now: number): Bucket {
    let bucket = this.buckets.get(check.key);
    if (bucket) {
      // Re-inserting keeps the map in least-recently-used order for eviction.
      this.buckets.delete(check.key);
      const elapsed = Math.max(0, now - bucket.updatedAt);
      // A limit lowered in the site settings applies at once.
      bucket.capacity = check.perMinute;
      bucket.tokens = Math.min(bucket.capacity, bucket.tokens + (elapsed * bucket.capacity) / 60_000);
      bucket.updatedAt = now;
    } else {
      bucket = { tokens: check.perMinute, capacity: check.perMinute, updatedAt: now };
      if (this.buckets.size >= this.maxKeys) {
        const oldest = this.buckets.keys().next().value;
        if (oldest !== undefined) this.buckets.delete(oldest);
      }
    }
    this.buckets.set(check.key, bucket);
    return bucket;
  }
}

/** This node's memory as a limit store: enough for a single node, and the stand-in when a shared store fails. */
export class MemoryLimitStore implements LimitStore {
  readonly kind = 'memory';

  constructor(readonly limiter: KeyedLimiter = new KeyedLimiter()) {}

  async take(checks: readonly LimitCheck[], now: number): Promise<LimitOutcome> {
    return this.limiter.attempt(checks, now);
  }

  async sweep(now: number): Promise<void> {
    this.limiter.sweep(now);
  }

  async close(): Promise<void> {}
}
