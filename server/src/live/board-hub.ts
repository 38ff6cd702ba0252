import type { EventMessage, StaffEventMessage } from '@booth/shared';
import { eventsAfter } from '../db/events.queries.js';
import type { Executor } from '../db/executor.js';

/** One subscription of one socket to one board. */
export interface Subscriber {
  /** Event id of the last event this subscriber has (from its snapshot or a delivery). */
  cursor: number;
  /** Staff subscribers also receive staff-only events; customers skip them. */
  staff?: boolean;
  /** Sends an encoded event frame. */
  deliver(frame: string, seq: number): void;
}

interface BoardGroup {
  slug: string;
  subscribers: Set<Subscriber>;
  running: boolean;
  again: boolean;
  /** Highest event id handed out here; older ones are replays, not live fan-out. */
  newest: number;
}

/** Events read per query while catching up. */
const BATCH = 500;

/**
 * The node's subscribers, grouped by board. When a board is woken it reads the events after
 * the lowest cursor among its subscribers and hands each subscriber the ones it lacks, in
 * order and once. The event table is the source; wake-ups only say "look again".
 */
export class BoardHub {
  private boards = new Map<string, BoardGroup>();
  private catchUpTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Executor,
    private readonly onError: (error: unknown) => void,
    /** Told, for each event this node hands out for the first time, the seconds since it was recorded. */
    private readonly onLag: (seconds: number) => void = () => {},
  ) {}

  /** Adds a subscriber and delivers anything after its cursor. */
  add(boardId: string, slug: string, subscriber: Subscriber): void {
    let group = this.boards.get(boardId);
    if (!group) {
      group = { slug, subscribers: new Set(), running: false, again: false, newest: subscriber.cursor };
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

  /** Told of every wake-up (the moderation feed follows boards created after it started so). */
  onWakeBoard: ((boardId: string) => void) | null = null;

  /** Reads and delivers new events of a board, if anyone here subscribes to it. */
  wake(boardId: string): void {
    this.onWakeBoard?.(boardId);
    const group = this.boards.get(boardId);
    if (!group) return;
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

  /** Told at each periodic catch-up (the moderation feed looks for boards it missed then). */
  onCatchUp: (() => void) | null = null;

  /** Re-reads every board periodically: a safety net for lost wake-ups. */
  startCatchUp(intervalMs: number): void {
    this.catchUpTimer = setInterval(() => {
      this.wakeAll();
      this.onCatchUp?.();
    }, intervalMs);
    this.catchUpTimer.unref();
  }

  stop(): void {
    if (this.catchUpTimer) clearInterval(this.catchUpTimer);
  }

  private async pump(boardId: string, group: BoardGroup): Promise<void> {
    try {
      do {
        group.again = false;
        while (group.subscribers.size > 0) {
          // A batch goes only to the subscribers it was read for: one that joins during the read
          // may lack earlier events, and is served from its own cursor in the next round.
          const readers = [...group.subscribers];
          let from = Number.POSITIVE_INFINITY;
          for (const s of readers) from = Math.min(from, s.cursor);
          const events = await eventsAfter(this.db, boardId, from, BATCH);
          const now = Date.now();
          for (const { seq, event, audience, createdAt } of events) {
            if (seq > group.newest) {
              group.newest = seq;
              this.onLag(Math.max(0, now - createdAt.getTime()) / 1000);
            }
            const message = { type: 'event', board: group.slug, seq, event } as EventMessage | StaffEventMessage;
            const frame = JSON.stringify(message);
            for (const s of readers) {
              if (s.cursor < seq && group.subscribers.has(s)) {
                s.cursor = seq;
                if (audience === 'all' || s.staff) s.deliver(frame, seq);
              }
            }
          }
          if (events.length < BATCH) break;
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
