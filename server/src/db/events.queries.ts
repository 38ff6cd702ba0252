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

/** A board's new events, to append with `appendEvents`. */
export interface BoardEvents {
  boardId: string;
  events: NewEvent[];
}

/**
 * Appends events to boards' logs and returns them as stored (each board's oldest first), in one
 * statement: it bumps each board's `last_seq`, which locks the board row until commit. That lock
 * keeps each board's events gapless and in commit order, which live delivery relies on; every write
 * to the board waits for it, so callers take it as late in their transaction as they can. The
 * boards are locked in id order, as every write takes them, so two appends never deadlock.
 */
export async function appendEvents(
  db: Executor,
  boards: readonly BoardEvents[],
  /**
   * Data-modifying statements to run in the same round trip (a write stores its response and
   * enqueues its jobs so).
   */
  alongside: OperationNodeSource[] = [],
): Promise<Map<string, StoredEvent[]>> {
  const events = boards.flatMap(({ boardId, events }) =>
    events.map((e, i) => ({ boardId, n: i + 1, payload: JSON.stringify(e.event), ...e })),
  );
  const others = alongside.map((statement, i) => sql`${sql.ref(`alongside_${i}`)} as (${statement}),`);
  // `locked` takes the rows in id order (its rows are locked as they leave the sort); the update
  // then changes only rows this statement already holds, whatever order its join visits them in.
  const { rows } = await sql<{ board_id: string; seq: string; created_at: Date }>`
    with ${sql.join(others, sql` `)} locked as (
      select id from boards where id = any(${boards.map((b) => b.boardId)}::bigint[]) order by id for no key update
    ), next as (
      update boards set last_seq = boards.last_seq + c.count
      from locked, unnest(${boards.map((b) => b.boardId)}::bigint[], ${boards.map((b) => b.events.length)}::int[])
        as c(id, count)
      where boards.id = locked.id and c.id = locked.id
      returning boards.id, boards.last_seq, c.count
    )
    insert into events (board_id, seq, kind, payload, audience)
    select e.board_id, next.last_seq - next.count + e.n, e.kind, e.payload, e.audience
    from unnest(${events.map((e) => e.boardId)}::bigint[], ${events.map((e) => e.n)}::int[],
                ${events.map((e) => e.event.kind)}::text[], ${events.map((e) => e.payload)}::jsonb[],
                ${events.map((e) => e.audience)}::text[]) as e(board_id, n, kind, payload, audience)
    left join next on next.id = e.board_id
    returning board_id, seq, created_at ${prepared()}`.execute(db);
  // An event of a board that is gone has no seq: the statement itself fails (not null), so a
  // caller that commits right behind it (see commitWrites) commits nothing of it.
  if (rows.length !== events.length) throw new Error('No board to append events to');
  const seqs = new Map<string, number[]>();
  for (const row of rows) {
    const board = String(row.board_id);
    seqs.set(board, [...(seqs.get(board) ?? []), Number(row.seq)]);
  }
  const createdAt = rows[0]?.created_at ?? new Date();
  // Read back from the stored text, as delivery from the table would see them (no later mutation shows).
  const stored = new Map<string, StoredEvent[]>();
  for (const { boardId } of boards) {
    const sorted = (seqs.get(boardId) ?? []).sort((a, b) => a - b);
    const mine = events.filter((e) => e.boardId === boardId);
    stored.set(
      boardId,
      mine.map(({ payload, audience }, i) => ({
        seq: sorted[i] as number,
        event: JSON.parse(payload),
        audience,
        createdAt,
      })),
    );
  }
  return stored;
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
