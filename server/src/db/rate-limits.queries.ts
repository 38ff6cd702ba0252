import { sql } from 'kysely';
import type { Executor } from './executor.js';

/** A key with its emission interval: the ms one request uses up of a minute's allowance. */
export interface LimitSlot {
  key: string;
  intervalMs: number;
}

/** One key's state around a take: its arrival time before, and after when it was taken. */
export interface TakenSlot {
  key: string;
  intervalMs: number;
  /** The arrival time stored before this statement (null for a key seen for the first time). */
  before: number | null;
  /** The arrival time stored by this statement, or null when the key's limit was spent. */
  after: number | null;
}

/**
 * Takes one request from each key whose limit allows it (GCRA: a key's theoretical arrival time
 * moves on by its interval, and may run at most `windowMs` ahead of `now`), in one statement:
 * the conditional upsert locks each row, so concurrent nodes never both take the last request.
 * Keys are upserted in key order, so two requests naming the same keys cannot deadlock.
 */
export async function takeSlots(db: Executor, slots: readonly LimitSlot[], now: number, windowMs: number) {
  const keys = slots.map((s) => s.key);
  const intervals = slots.map((s) => s.intervalMs);
  const { rows } = await sql<TakenSlot>`
    with input as (
      select k.key, k.interval_ms from unnest(${keys}::text[], ${intervals}::float8[]) as k(key, interval_ms)
    ),
    taken as (
      insert into rate_limits as r (key, tat)
      select key, ${now}::float8 + interval_ms from input order by key
      on conflict (key) do update
        set tat = greatest(r.tat, ${now}::float8) + (excluded.tat - ${now}::float8)
        where greatest(r.tat, ${now}::float8) + (excluded.tat - ${now}::float8) - ${windowMs}::float8 <= ${now}::float8
      returning r.key, r.tat
    )
    select i.key, i.interval_ms as "intervalMs", r.tat as "before", t.tat as "after"
    from input i
    left join taken t on t.key = i.key
    left join rate_limits r on r.key = i.key`.execute(db);
  return rows;
}

/** Gives back requests taken by `takeSlots` when another limit of the same request refused it. */
export async function returnSlots(db: Executor, slots: readonly LimitSlot[]): Promise<void> {
  if (slots.length === 0) return;
  await sql`
    update rate_limits as r set tat = r.tat - k.interval_ms
    from unnest(${slots.map((s) => s.key)}::text[], ${slots.map((s) => s.intervalMs)}::float8[]) as k(key, interval_ms)
    where r.key = k.key`.execute(db);
}

/** Deletes keys whose allowance has refilled completely: they say nothing a missing row does not. */
export async function deleteFullSlots(db: Executor, now: number): Promise<void> {
  await db.deleteFrom('rate_limits').where('tat', '<', now).execute();
}
