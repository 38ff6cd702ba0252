import { type BoardListing, PAGE_URL_CHARS } from '@booth/shared';
import { RequestError } from '@booth/shared/client';
import { appendPage, fromSnapshot } from '../state/board-store.js';
import type { BoardCore } from './board-core.js';

const sameListing = (a: BoardListing, b: BoardListing) => a.sort === b.sort && a.filter === b.filter;

/**
 * Keeps the board current: subscribes (resuming from the last applied event) and pages the
 * list. Live events are `board-live.ts`'s, the open thread `thread-sync.ts`'s.
 */
export class BoardSync {
  loadingMore = false;

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
    const page = here && /^https?:/.test(here) && here.length <= PAGE_URL_CHARS ? here : undefined;
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
        if (reload) void core.refreshThread();
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
}
