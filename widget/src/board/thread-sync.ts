import type { BoardEvent } from '@booth/shared';
import { RequestError } from '@booth/shared/client';
import { applyThreadEvent, fromOpened } from '../state/thread-store.js';
import type { BoardCore } from './board-core.js';
import { StaffTyping } from './staff-typing.js';

/**
 * Keeps the open thread current: opens a thread (up to a linked post), loads it again when the
 * viewer's identity changed or the board missed events, applies live events to it, and shows
 * "Staff is typing…" in it. A chunk of its own with the thread's state functions, which the list
 * never needs: fetched once the list shows, like the thread's view.
 */
export class ThreadSync {
  /** Id of the thread being opened. */
  openingThreadId: string | null = null;
  readonly typing: StaffTyping;

  constructor(
    private readonly core: BoardCore,
    isStaff: () => boolean,
  ) {
    this.typing = new StaffTyping(core, isStaff);
  }

  /**
   * Opens a thread with its first page of replies; with `postId` (a link to a post), with
   * every page up to that post, so it can be shown in place.
   */
  async open(threadId: string, postId: string | null = null): Promise<void> {
    const core = this.core;
    this.openingThreadId = threadId;
    core.changed();
    try {
      const until = postId ?? undefined;
      const result = await core.connection.request({ type: 'thread.open', threadId, until });
      if (this.openingThreadId === threadId) core.thread = fromOpened(result);
    } finally {
      if (this.openingThreadId === threadId) this.openingThreadId = null;
      core.changed();
    }
  }

  close(): void {
    this.core.thread = null;
    this.openingThreadId = null;
    this.core.changed();
  }

  /** Loads the open thread again, e.g. after the viewer's identity changed. */
  async refresh(): Promise<void> {
    const core = this.core;
    const open = core.thread;
    if (!open) return;
    try {
      // As far as the reader had scrolled, so the posts they were reading stay.
      const until = open.posts.at(-1)?.id;
      const result = await core.connection.request({ type: 'thread.open', threadId: open.thread.id, until });
      if (core.thread?.thread.id === open.thread.id) core.thread = fromOpened(result);
    } catch (error) {
      if (error instanceof RequestError && error.code === 'not_found' && core.thread) {
        core.thread = { ...core.thread, removed: true };
      }
    }
    core.changed();
  }

  /** Applies a live event of the board to the open thread (events about other threads change nothing). */
  onEvent(event: BoardEvent): void {
    const core = this.core;
    if (core.thread) core.thread = applyThreadEvent(core.thread, event, core.me?.id ?? null);
  }
}
