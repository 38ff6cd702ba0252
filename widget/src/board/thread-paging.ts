import type { PostPage } from '@booth/shared';
import { sortPosts, type ThreadState, windowOf } from '../state/thread-store.js';
import type { BoardCore } from './board-core.js';

/**
 * Adds the thread's next page. A post already shown (the viewer's own reply, written before
 * its page loaded) is taken as the page has it, so each post shows once.
 */
export function appendPage(state: ThreadState, page: PostPage): ThreadState {
  const fresh = new Set(page.posts.map((p) => p.id));
  const posts = sortPosts([...state.posts.filter((p) => !fresh.has(p.id)), ...page.posts]);
  return { ...state, posts, ...windowOf(page.next, sortPosts(page.posts)) };
}

/**
 * Loads the open thread's later pages of posts. It travels with the thread's view, out of the
 * board's first load: only a thread that is open pages on.
 */
export class ThreadPaging {
  /** True while the next page loads. */
  loading = false;

  constructor(private readonly core: BoardCore) {}

  /** Loads the open thread's next page of posts. */
  async loadMore(): Promise<void> {
    const core = this.core;
    const open = core.thread;
    const after = open?.next;
    if (!open || !after || this.loading) return;
    this.loading = true;
    core.changed();
    try {
      const page = await core.connection.request({ type: 'thread.more', threadId: open.thread.id, after });
      // Only onto the pages it follows: the thread may have closed or reloaded meanwhile.
      if (core.thread?.thread.id === open.thread.id && core.thread.next === after) {
        core.thread = appendPage(core.thread, page);
      }
    } finally {
      this.loading = false;
      core.changed();
    }
  }
}
