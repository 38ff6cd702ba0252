import {
  type BoardListing,
  type EventMessage,
  type FaqEntry,
  LIMITS,
  type MemberView,
  type SearchResult,
  type SuggestResult,
} from '@booth/shared';
import { RequestError } from '@booth/shared/client';
import { appendPage, applyBoardEvent, fromSnapshot } from '../state/board-store.js';
import { applyThreadEvent, fromOpened } from '../state/thread-store.js';
import type { BoardCore } from './board-core.js';

const sameListing = (a: BoardListing, b: BoardListing) => a.sort === b.sort && a.filter === b.filter;

/**
 * Keeps the board and the open thread current: subscribes (resuming from the last applied
 * event), applies live events, pages the list, opens threads, and runs the board's reads.
 */
export class BoardSync {
  loadingMore = false;
  /** Id of the thread being opened. */
  openingThreadId: string | null = null;

  constructor(private readonly core: BoardCore) {}

  /**
   * Subscribes, resuming from the last applied event when the board is already loaded in the
   * chosen listing; otherwise (first load, or another sort or filter) from a snapshot of it.
   */
  async subscribe(handshake: boolean): Promise<void> {
    const core = this.core;
    const { board } = core.config();
    const listing = core.listing;
    const resume = core.loaded && sameListing(core.board.listing, listing);
    // The page the board is on, without its fragment: a board with no page of its own learns it.
    const here = globalThis.location?.href.split('#')[0];
    const page = here && /^https?:/.test(here) && here.length <= LIMITS.pageUrlChars ? here : undefined;
    try {
      const result = await core.connection.request(
        { type: 'subscribe', board, since: resume ? core.board.seq : undefined, ...listing, page },
        { handshake },
      );
      if (result.mode === 'snapshot') {
        const reload = core.loaded && resume;
        core.board = fromSnapshot(result, result.seq, listing);
        core.loaded = true;
        // Too far behind to replay: the open thread may have missed changes too.
        if (reload) void this.refreshThread();
      }
      core.boardError = null;
      core.changed();
    } catch (error) {
      if (error instanceof RequestError && ['invalid_message', 'not_found', 'forbidden'].includes(error.code)) {
        core.boardError = error;
        core.connection.stop(error.message);
        return;
      }
      throw error;
    }
  }

  /** Shows the board in another order or filter: a fresh snapshot of it, live from there on. */
  async changeListing(listing: BoardListing): Promise<void> {
    const core = this.core;
    core.listing = listing;
    core.changed();
    if (core.connection.isOpen) await this.subscribe(false);
  }

  /** Subscribes again after the server dropped the subscription. */
  async resubscribe(): Promise<void> {
    try {
      await this.subscribe(false);
    } catch {
      // The next reconnect subscribes again.
    }
  }

  /** Applies a live event to the list and the open thread, and words it for screen readers. */
  onEvent(message: EventMessage): void {
    const core = this.core;
    if (message.board !== core.config().board || !core.loaded || message.seq <= core.board.seq) return;
    const { event } = message;
    core.board = applyBoardEvent(core.board, message.seq, event);
    if (core.thread) core.thread = applyThreadEvent(core.thread, event, core.me?.id ?? null);
    const mine = (author: MemberView) => author.id === core.me?.id;
    if (event.kind === 'thread.created' && !mine(event.thread.author)) {
      const key = event.thread.kind === 'question' ? 'announce.newQuestion' : 'announce.newDiscussion';
      core.announcement = core.say(key, { title: event.thread.title });
    } else if (
      event.kind === 'post.created' &&
      !mine(event.post.author) &&
      core.thread?.thread.id === event.thread.id
    ) {
      core.announcement = core.say('announce.newReply', { name: event.post.author.name });
    } else if (event.kind === 'thread.removed' && core.thread?.thread.id === event.threadId) {
      core.announcement = core.say('thread.removed');
    }
    core.changed();
  }

  /** Existing questions of this board like a title being typed, answered first. */
  suggest(title: string): Promise<SuggestResult> {
    return this.core.connection.request({ type: 'suggest', title, board: this.core.config().board });
  }

  /** This board's FAQ built from answers, narrowed by `query` when given. */
  faq(query: string): Promise<{ entries: FaqEntry[] }> {
    const board = this.core.config().board;
    return this.core.connection.request({ type: 'faq', board, ...(query ? { query } : {}) });
  }

  /** Full-text search over this board's threads and replies. */
  search(query: string, offset = 0): Promise<SearchResult> {
    return this.core.connection.request({ type: 'search', query, board: this.core.config().board, offset });
  }

  /** Loads the next page of threads. */
  async loadMore(): Promise<void> {
    const core = this.core;
    const after = core.board.next;
    if (after === null || this.loadingMore) return;
    this.loadingMore = true;
    core.changed();
    try {
      // The cursor belongs to the listing the loaded pages are in.
      const { listing } = core.board;
      const page = await core.connection.request({
        type: 'threads.page',
        board: core.config().board,
        after,
        ...listing,
      });
      if (core.board.next === after) core.board = appendPage(core.board, page);
    } finally {
      this.loadingMore = false;
      core.changed();
    }
  }

  /**
   * Opens a thread with its first page of replies; with `postId` (a link to a post), with
   * every page up to that post, so it can be shown in place.
   */
  async openThread(threadId: string, postId: string | null = null): Promise<void> {
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

  closeThread(): void {
    this.core.thread = null;
    this.openingThreadId = null;
    this.core.changed();
  }

  /** Loads the open thread again, e.g. after the viewer's identity changed. */
  async refreshThread(): Promise<void> {
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
}
