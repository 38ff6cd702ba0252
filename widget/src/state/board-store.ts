/**
 * The board's thread list as plain data, and the pure functions that change it: a snapshot,
 * another page, or a live event in, a new state out. Nothing here touches the DOM or the socket.
 */
import {
  type BoardEvent,
  type BoardListing,
  compareThreads,
  DEFAULT_LISTING,
  type ListPosition,
  matchesFilter,
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

/**
 * Puts a new or changed thread in its place in the listing's order. A hidden thread leaves the
 * list, unless it is the viewer's own thread `held` for review, which stays for them; so does a
 * thread the filter no longer shows (an answered one under "unanswered"). A thread that sorts
 * past the loaded pages' edge is left for "Load more" to bring, so pages and live updates never
 * show a thread twice or skip one.
 */
export function upsertThread(state: BoardState, thread: ThreadView, held = false): BoardState {
  const { sort, filter } = state.listing;
  const others = state.threads.filter((t) => t.id !== thread.id);
  const beyondLoaded = state.edge !== null && compareThreads(thread, state.edge, sort) > 0;
  if ((thread.status === 'hidden' && !held) || !matchesFilter(thread, filter) || beyondLoaded) {
    return others.length === state.threads.length ? state : { ...state, threads: others };
  }
  const at = others.findIndex((t) => compareThreads(thread, t, sort) < 0);
  const threads = [...others];
  threads.splice(at === -1 ? threads.length : at, 0, thread);
  return { ...state, threads };
}

export function removeThread(state: BoardState, threadId: string): BoardState {
  const threads = state.threads.filter((t) => t.id !== threadId);
  return threads.length === state.threads.length ? state : { ...state, threads };
}

/** Sets the score of the thread whose opening post got a vote, and moves it if the list is sorted by votes. */
function applyVote(state: BoardState, postId: string, threadId: string, score: number): BoardState {
  const thread = state.threads.find((t) => t.id === threadId && t.rootPostId === postId);
  return thread ? upsertThread(state, { ...thread, score }, thread.status === 'hidden') : state;
}

/** A release makes every accepted answer on the board one that may be out of date (as the server flags them). */
function markAnswersStale(state: BoardState): BoardState {
  const threads = state.threads.map((t) =>
    t.acceptedPostId !== null && !t.answerStale ? { ...t, answerStale: true } : t,
  );
  return { ...state, threads };
}

/**
 * Applies one live event with its seq. An event at or before the last applied seq is
 * a replay and changes nothing.
 */
export function applyBoardEvent(state: BoardState, seq: number, event: BoardEvent): BoardState {
  if (seq <= state.seq) return state;
  let next: BoardState;
  switch (event.kind) {
    case 'thread.created':
    case 'thread.updated':
    case 'post.created':
    case 'post.updated':
    case 'post.removed':
      next = upsertThread(state, event.thread);
      break;
    case 'thread.removed':
      next = removeThread(state, event.threadId);
      break;
    case 'vote.changed':
      // A vote on the opening post comes with its thread, which may move in a list sorted by votes.
      next = event.thread
        ? upsertThread(state, event.thread)
        : applyVote(state, event.postId, event.threadId, event.score);
      break;
    case 'board.released':
      next = markAnswersStale(state);
      break;
  }
  return { ...next, seq };
}
