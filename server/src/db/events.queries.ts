import type { BoardEvent, StaffBoardEvent } from '@booth/shared';
import { type OperationNodeSource, sql } from 'kysely';
import type { EventAudience } from './database.js';
import type { Executor } from './executor.js';
import { prepared } from './prepared-statements.js';

export interface StoredEvent {
  seq: number;
  event: BoardEvent | StaffBoardEvent;
  /** `staff` events are never handed to customer sockets. */
  audience: EventAudience;
  /** When the event was recorded (its write's transaction time). */
  createdAt: Date;
}

/** An event to append to a board's log, with who may receive it. */
export interface NewEvent {
  event: BoardEvent | StaffBoardEvent;
  audience: EventAudience;
}

/**
 * Appends events to a board's log and returns them as stored (oldest first), in one statement:
 * it bumps the board's `last_seq`, which locks the board row until commit. That lock keeps each
 * board's events gapless and in commit order, which live delivery relies on; every write to the
 * board waits for it, so callers take it as late in their transaction as they can.
 */
export async function appendEvents(
  db: Executor,
  boardId: string,
  events: NewEvent[],
  /**
   * Data-modifying statements to run in the same round trip (a write stores its response and
   * enqueues its jobs so).
   */
  alongside: OperationNodeSource[] = [],
): Promise<StoredEvent[]> {
  const payloads = events.map((e) => JSON.stringify(e.event));
  const others = alongside.map((statement, i) => sql`${sql.ref(`alongside_${i}`)} as (${statement}),`);
  const { rows } = await sql<{ seq: string; created_at: Date }>`
    with ${sql.join(others, sql` `)} next as (
      update boards set last_seq = last_seq + ${events.length} where id = ${boardId} returning last_seq
    )
    insert into events (board_id, seq, kind, payload, audience)
    select ${boardId}, next.last_seq - ${events.length} + e.n, e.kind, e.payload, e.audience
    from next, unnest(${events.map((e) => e.event.kind)}::text[], ${payloads}::jsonb[],
                      ${events.map((e) => e.audience)}::text[]) with ordinality as e(kind, payload, audience, n)
    returning seq, created_at ${prepared()}`.execute(db);
  if (rows.length !== events.length) throw new Error(`No board ${boardId} to append events to`);
  const seqs = rows.map((r) => Number(r.seq)).sort((a, b) => a - b);
  const createdAt = rows[0]?.created_at ?? new Date();
  // Read back from the stored text, as delivery from the table would see them (no later mutation shows).
  return events.map(({ audience }, i) => ({
    seq: seqs[i] as number,
    event: JSON.parse(payloads[i] as string),
    audience,
    createdAt,
  }));
}

/** Events of a board after `afterSeq`, oldest first. */
export async function eventsAfter(
  db: Executor,
  boardId: string,
  afterSeq: number,
  limit: number,
): Promise<StoredEvent[]> {
  const rows = await db
    .selectFrom('events')
    .select(['seq', 'payload', 'audience', 'created_at'])
    .where('board_id', '=', boardId)
    .where('seq', '>', String(afterSeq))
    .orderBy('seq')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    seq: Number(r.seq),
    event: r.payload as BoardEvent,
    audience: r.audience,
    createdAt: r.created_at,
  }));
}
