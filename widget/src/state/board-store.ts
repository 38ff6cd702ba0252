/**
 * The board's thread list as plain data, and the pure functions that change it: a snapshot,
 * another page, or a live event in, a new state out. Nothing here touches the DOM or the socket.
 */
import {
  type BoardListing,
  compareThreads,
  DEFAULT_LISTING,
  type ListPosition,
  type ThreadPage,
  type ThreadView,
} from '@booth/shared';

export interface BoardState {
  /** The order and filter the list shows. */
  readonly listing: BoardListing;
  /** Threads in the listing's order: pinned first, then by the sort (see compareThreads). */
  readonly threads: readonly ThreadView[];
  /** Cursor of the next page, or null when the whole board is loaded. */
  readonly next: string | null;
  /**
   * Position of the last thread the loaded pages reached (what `next` points after), or null when
   * the whole board is loaded. A thread that sorts after it belongs to a page not loaded yet.
   */
  readonly edge: ListPosition | null;
  /** The last event seq applied; sent as `since` when the widget resubscribes. */
  readonly seq: number;
}

export const EMPTY_BOARD: BoardState = { listing: DEFAULT_LISTING, threads: [], next: null, edge: null, seq: 0 };

/** Threads in the listing's order. */
function inOrder(threads: readonly ThreadView[], listing: BoardListing): ThreadView[] {
  return [...threads].sort((a, b) => compareThreads(a, b, listing.sort));
}

/** The board as a subscribe snapshot describes it, in the listing the snapshot was read in. */
export function fromSnapshot(page: ThreadPage, seq: number, listing: BoardListing = DEFAULT_LISTING): BoardState {
  return { listing, threads: inOrder(page.threads, listing), next: page.next, edge: edgeOf(page, listing), seq };
}

/** The position a page ends at, when more pages follow. */
function edgeOf(page: ThreadPage, listing: BoardListing): ListPosition | null {
  const last = inOrder(page.threads, listing).at(-1);
  if (page.next === null || !last) return null;
  const { pinned, lastActivityAt, createdAt, score, id } = last;
  return { pinned, lastActivityAt, createdAt, score, id };
}

/** Adds a following page; threads already listed (moved up by live events) are kept as they are. */
export function appendPage(state: BoardState, page: ThreadPage): BoardState {
  const known = new Set(state.threads.map((t) => t.id));
  const added = page.threads.filter((t) => !known.has(t.id));
  return {
    ...state,
    threads: inOrder([...state.threads, ...added], state.listing),
    next: page.next,
    edge: edgeOf(page, state.listing),
  };
}
