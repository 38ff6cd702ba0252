import type { FastifyBaseLogger } from 'fastify';

/** One limit to check: `perMinute` requests for `key`, with up to a minute's worth in a burst. */
export interface LimitCheck {
  key: string;
  perMinute: number;
}

/** What taking from a set of limits gave. */
export interface LimitOutcome {
  /** 0 when the request was allowed (and counted); otherwise ms until it would be. */
  waitMs: number;
  /** Whole requests left, for the tightest of the limits, after this one. */
  remaining: number;
}

/**
 * Where rate-limit counts live. Every store keeps the same rule: a limit of `perMinute` allows a
 * minute's worth at once and then refills evenly; a request takes from every limit it names or,
 * when one of them is spent, from none (a refused request costs nothing). A `perMinute` of 0 means
 * no limit.
 */
export interface LimitStore {
  /** Which store this is, for logs and the docs: `memory`, `postgres` or `redis`. */
  readonly kind: string;
  take(checks: readonly LimitCheck[], now: number): Promise<LimitOutcome>;
  /** Drops counts that carry no information any more (full allowances); call now and then. */
  sweep(now: number): Promise<void>;
  close(): Promise<void>;
}

/** A minute, the period every limit is counted over. */
export const LIMIT_WINDOW_MS = 60_000;

/** The checks that limit anything, one per key (the first wins), sorted so that stores lock keys in one order. */
export function effectiveChecks(checks: readonly LimitCheck[]): LimitCheck[] {
  const byKey = new Map<string, LimitCheck>();
  for (const check of checks) if (check.perMinute > 0 && !byKey.has(check.key)) byKey.set(check.key, check);
  return [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** The outcome of a request no limit applies to. */
export const UNLIMITED: LimitOutcome = { waitMs: 0, remaining: Number.POSITIVE_INFINITY };

/** How long a store that failed is left alone before it is tried again. */
const RETRY_SHARED_MS = 5_000;

/**
 * A shared store with this node's memory as the stand-in: when the shared store fails (Redis or
 * Postgres unreachable), limits are counted in memory, so they still hold per node rather than
 * not at all, and requests are neither refused nor slowed by an outage of the limit store.
 */
export class FallbackLimitStore implements LimitStore {
  readonly kind: string;
  private failedAt: number | null = null;

  constructor(
    private readonly shared: LimitStore,
    private readonly local: LimitStore,
    private readonly log: FastifyBaseLogger,
  ) {
    this.kind = shared.kind;
  }

  async take(checks: readonly LimitCheck[], now: number): Promise<LimitOutcome> {
    if (this.failedAt !== null && now - this.failedAt < RETRY_SHARED_MS) return this.local.take(checks, now);
    try {
      const outcome = await this.shared.take(checks, now);
      if (this.failedAt !== null) this.log.info({ store: this.kind }, 'rate-limit store is back');
      this.failedAt = null;
      return outcome;
    } catch (error) {
      if (this.failedAt === null) {
        this.log.warn({ err: error, store: this.kind }, 'rate-limit store failed: counting in memory for now');
      }
      this.failedAt = now;
      return this.local.take(checks, now);
    }
  }

  async sweep(now: number): Promise<void> {
    await this.local.sweep(now);
    await this.shared.sweep(now).catch(() => {});
  }

  async close(): Promise<void> {
    await this.shared.close();
    await this.local.close();
  }
}
