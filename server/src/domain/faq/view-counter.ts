import type { Executor } from '../../db/executor.js';
import { addThreadViews } from '../../db/faq.queries.js';

/** How often a node writes the views it counted: a hot thread costs one update per interval, not one per reader. */
export const VIEW_FLUSH_INTERVAL_MS = 15_000;

/**
 * Counts thread openings on this node and adds them to `threads.view_count` in one statement
 * per interval, so reading a thread never waits on a write. Counts not yet written when the
 * node stops are written on close; a crash loses at most one interval of views, which only
 * nudges the FAQ ranking.
 */
export class ViewCounter {
  private counts = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Executor,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Counts one opening of a thread. */
  count(threadId: string): void {
    this.counts.set(threadId, (this.counts.get(threadId) ?? 0) + 1);
  }

  start(intervalMs = VIEW_FLUSH_INTERVAL_MS): void {
    this.timer = setInterval(() => void this.flush().catch(this.onError), intervalMs);
    this.timer.unref();
  }

  /** Writes the views counted so far. */
  async flush(): Promise<void> {
    if (this.counts.size === 0) return;
    const counted = this.counts;
    this.counts = new Map();
    await addThreadViews(this.db, counted);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush();
  }
}
