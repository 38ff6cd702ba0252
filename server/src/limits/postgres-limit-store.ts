import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { deleteFullSlots, returnSlots, takeSlots } from '../db/rate-limits.queries.js';
import {
  effectiveChecks,
  LIMIT_WINDOW_MS,
  type LimitCheck,
  type LimitOutcome,
  type LimitStore,
  UNLIMITED,
} from './limit-store.js';

/**
 * Limits counted in the shared Postgres (table `rate_limits`), so they hold across every node:
 * one statement per limited request, plus one more when a request is refused after some of its
 * limits were taken (they are given back, so a refused request costs nothing).
 */
export class PostgresLimitStore implements LimitStore {
  readonly kind = 'postgres';

  constructor(private readonly db: Kysely<Database>) {}

  async take(checks: readonly LimitCheck[], now: number): Promise<LimitOutcome> {
    const slots = effectiveChecks(checks).map((c) => ({ key: c.key, intervalMs: LIMIT_WINDOW_MS / c.perMinute }));
    if (slots.length === 0) return UNLIMITED;
    const rows = await takeSlots(this.db, slots, now, LIMIT_WINDOW_MS);
    let waitMs = 0;
    let remaining = Number.POSITIVE_INFINITY;
    for (const row of rows) {
      if (row.after === null) {
        const allowedAt = Math.max(row.before ?? now, now) + row.intervalMs - LIMIT_WINDOW_MS;
        // The row may have moved since the statement's snapshot: a refusal always waits a little.
        waitMs = Math.max(waitMs, Math.ceil(allowedAt - now), 1);
      } else {
        remaining = Math.min(remaining, Math.floor((now + LIMIT_WINDOW_MS - row.after) / row.intervalMs + 1e-9));
      }
    }
    if (waitMs === 0) return { waitMs, remaining: Math.max(0, remaining) };
    await returnSlots(
      this.db,
      rows.filter((row) => row.after !== null),
    );
    return { waitMs, remaining: 0 };
  }

  async sweep(now: number): Promise<void> {
    await deleteFullSlots(this.db, now);
  }

  async close(): Promise<void> {}
}
