import type { EventMessage, StaffEventMessage } from '@booth/shared';
import { eventsAfter, type StoredEvent } from '../db/events.queries.js';
import type { Executor } from '../db/executor.js';

/** One subscription of one socket to one board. */
export interface Subscriber {
  /** Event id of the last event this subscriber has (from its snapshot or a delivery). */
  cursor: number;
  /** Staff subscribers also receive staff-only events; customers skip them. */
  staff?: boolean;
  /** Sends an encoded event frame (UTF-8 JSON text). */
  deliver(frame: Buffer, seq: number): void;
}

interface BoardGroup {
  slug: string;
  subscribers: Set<Subscriber>;
  running: boolean;
  again: boolean;
  /** Highest event id handed out here; older ones are replays, not live fan-out. */
  newest: number;
  /** Highest event id known to be committed (from this node's writes and other nodes' wake-ups). */
  announced: number;
  /** Set by a wake-up without an event id (a new subscriber, a catch-up): the next round reads the table. */
  mustRead: boolean;
  /** Events this node committed itself and not yet handed to every subscriber, by event id. */
  recorded: Map<number, StoredEvent>;
}

/** Events read per query while catching up. */
const BATCH = 500;

/** Recorded events kept per board at most; past that the table is read instead. */
const RECORDED_LIMIT = 2 * BATCH;

/** The lowest cursor among subscribers: where the next round starts. */
function lowestCursor(subscribers: Iterable<Subscriber>): number {
  let from = Number.POSITIVE_INFINITY;
  for (const s of subscribers) from = Math.min(from, s.cursor);
  return from;
}

/** Who the hub tells of what it does; each is given at construction. */
export interface BoardHubListeners {
  /** Told, for each event this node hands out for the first time, the seconds since it was recorded. */
  onLag?(seconds: number): void;
  /** Told of every wake-up (the moderation feed follows boards created after it started so). */
  onWakeBoard?(boardId: string): void;
  /** Told at each periodic catch-up (the moderation feed looks for boards it missed then). */
  onCatchUp?(): void;
}

/**
 * The node's subscribers, grouped by board. When a board is woken it reads the events after
 * the lowest cursor among its subscribers and hands each subscriber the ones it lacks, in
 * order and once. The event table is the source; wake-ups only say "look again". Events this
 * node has just committed itself are handed out as they were written, without reading them back,
 * when they follow on from every subscriber's cursor; any gap (another node's write) is read from
 * the table.
 */
export class BoardHub {
  private boards = new Map<string, BoardGroup>();
  private catchUpTimer: NodeJS.Timeout | null = null;

  private readonly onLag: (seconds: number) => void;
  private readonly onWakeBoard: (boardId: string) => void;
  private readonly onCatchUp: () => void;

  constructor(
    private readonly db: Executor,
    private readonly onError: (error: unknown) => void,
    listeners: BoardHubListeners = {},
  ) {
    this.onLag = listeners.onLag ?? (() => {});
    this.onWakeBoard = listeners.onWakeBoard ?? (() => {});
    this.onCatchUp = listeners.onCatchUp ?? (() => {});
  }

  /** Adds a subscriber and delivers anything after its cursor. */
  add(boardId: string, slug: string, subscriber: Subscriber): void {
    let group = this.boards.get(boardId);
    if (!group) {
      group = {
        slug,
        subscribers: new Set(),
        running: false,
        again: false,
        newest: subscriber.cursor,
        announced: 0,
        mustRead: false,
        recorded: new Map(),
      };
      this.boards.set(boardId, group);
    }
    group.subscribers.add(subscriber);
    this.wake(boardId);
  }

  remove(boardId: string, subscriber: Subscriber): void {
    const group = this.boards.get(boardId);
    if (!group) return;
    group.subscribers.delete(subscriber);
    if (group.subscribers.size === 0 && !group.running) this.boards.delete(boardId);
  }

  /** Number of (socket, board) subscriptions on this node. */
  get subscriptionCount(): number {
    let count = 0;
    for (const group of this.boards.values()) count += group.subscribers.size;
    return count;
  }

  /**
   * Delivers events this node has just committed (after the commit), without reading them back
   * when they follow on from what its subscribers have.
   */
  record(boardId: string, events: StoredEvent[]): void {
    const last = events.at(-1);
    if (!last) return;
    const group = this.boards.get(boardId);
    if (group) {
      const from = lowestCursor(group.subscribers);
      for (const event of events) if (event.seq > from) group.recorded.set(event.seq, event);
      if (group.recorded.size > RECORDED_LIMIT) group.recorded.clear();
    }
    // On the next turn, once the writer has had its reply: its event follows the reply, as it
    // did when every event was read back.
    setImmediate(() => this.wake(boardId, last.seq));
  }

  /**
   * Reads and delivers new events of a board, if anyone here subscribes to it. `seq`, when
   * known, is the newest committed event id: a wake-up for events every subscriber has is dropped
   * (e.g. this node hearing its own announcement); without it the event table is read.
   */
  wake(boardId: string, seq?: number): void {
    this.onWakeBoard(boardId);
    const group = this.boards.get(boardId);
    if (!group) return;
    if (seq === undefined) group.mustRead = true;
    else {
      group.announced = Math.max(group.announced, seq);
      if (lowestCursor(group.subscribers) >= seq) return;
    }
    if (group.running) {
      group.again = true;
      return;
    }
    group.running = true;
    void this.pump(boardId, group);
  }

  wakeAll(): void {
    for (const boardId of this.boards.keys()) this.wake(boardId);
  }

  /** Re-reads every board periodically: a safety net for lost wake-ups. */
  startCatchUp(intervalMs: number): void {
    this.catchUpTimer = setInterval(() => {
      this.wakeAll();
      this.onCatchUp();
    }, intervalMs);
    this.catchUpTimer.unref();
  }

  stop(): void {
    if (this.catchUpTimer) clearInterval(this.catchUpTimer);
  }

  /** Recorded events that follow on from `from` without a gap, oldest first; null when there are none. */
  private takeRecorded(group: BoardGroup, from: number): StoredEvent[] | null {
    const events: StoredEvent[] = [];
    for (let seq = from + 1; events.length < BATCH; seq++) {
      const event = group.recorded.get(seq);
      if (!event) break;
      events.push(event);
    }
    return events.length > 0 ? events : null;
  }

  private async pump(boardId: string, group: BoardGroup): Promise<void> {
    try {
      do {
        group.again = false;
        const mustRead = group.mustRead;
        group.mustRead = false;
        while (group.subscribers.size > 0) {
          // A batch goes only to the subscribers it was read for: one that joins during the read
          // may lack earlier events, and is served from its own cursor in the next round.
          const readers = [...group.subscribers];
          const from = lowestCursor(readers);
          const recorded = mustRead ? null : this.takeRecorded(group, from);
          const events = recorded ?? (await eventsAfter(this.db, boardId, from, BATCH));
          const now = Date.now();
          for (const { seq, event, audience, createdAt } of events) {
            if (seq > group.newest) {
              group.newest = seq;
              this.onLag(Math.max(0, now - createdAt.getTime()) / 1000);
            }
            const message = { type: 'event', board: group.slug, seq, event } as EventMessage | StaffEventMessage;
            // Encoded once for every subscriber: a string would be encoded again for each socket.
            const frame = Buffer.from(JSON.stringify(message));
            for (const s of readers) {
              if (s.cursor < seq && group.subscribers.has(s)) {
                s.cursor = seq;
                if (audience === 'all' || s.staff) s.deliver(frame, seq);
              }
            }
          }
          const reached = lowestCursor(group.subscribers);
          for (const seq of group.recorded.keys()) if (seq <= reached) group.recorded.delete(seq);
          // Recorded events end where this node's writes do: go on reading if more is known to exist.
          if (recorded ? reached >= group.announced : events.length < BATCH) break;
        }
      } while (group.again);
    } catch (error) {
      this.onError(error);
    } finally {
      group.running = false;
      if (group.subscribers.size === 0) this.boards.delete(boardId);
    }
  }
}
