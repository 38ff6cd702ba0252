/**
 * The board's thread list as plain data, and the pure functions that change it: a snapshot,
 * another page, or a live event in, a new state out. Nothing here touches the DOM or the socket.
 */
import { type BoardEvent, compareThreads, type ListPosition, type ThreadPage, type ThreadView } from '@booth/shared';

export interface BoardState {
  /** Threads in board order: pinned first, then latest activity first. */
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

export const EMPTY_BOARD: BoardState = { threads: [], next: null, edge: null, seq: 0 };

/** The board as a subscribe snapshot describes it. */
export function fromSnapshot(page: ThreadPage, seq: number): BoardState {
  return { threads: [...page.threads].sort(compareThreads), next: page.next, edge: edgeOf(page), seq };
}

/** The position a page ends at, when more pages follow. */
function edgeOf(page: ThreadPage): ListPosition | null {
  const last = [...page.threads].sort(compareThreads).at(-1);
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
    threads: [...state.threads, ...added].sort(compareThreads),
    next: page.next,
    edge: edgeOf(page),
  };
}

/**
 * Puts a new or changed thread in its place. A hidden thread leaves the list, unless it is the
 * viewer's own thread `held` for review, which stays for them. A thread that sorts past the
 * loaded pages' edge is left for "Load more" to bring, so pages and live updates never show a
 * thread twice or skip one.
 */
export function upsertThread(state: BoardState, thread: ThreadView, held = false): BoardState {
  const others = state.threads.filter((t) => t.id !== thread.id);
  const beyondLoaded = state.edge !== null && compareThreads(thread, state.edge) > 0;
  if ((thread.status === 'hidden' && !held) || beyondLoaded) {
    return others.length === state.threads.length ? state : { ...state, threads: others };
  }
  const at = others.findIndex((t) => compareThreads(thread, t) < 0);
  const threads = [...others];
  threads.splice(at === -1 ? threads.length : at, 0, thread);
  return { ...state, threads };
}

export function removeThread(state: BoardState, threadId: string): BoardState {
  const threads = state.threads.filter((t) => t.id !== threadId);
  return threads.length === state.threads.length ? state : { ...state, threads };
}

/** Sets the score of the thread whose opening post got a vote. */
function applyVote(state: BoardState, postId: string, threadId: string, score: number): BoardState {
  const threads = state.threads.map((t) => (t.id === threadId && t.rootPostId === postId ? { ...t, score } : t));
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
      next = applyVote(state, event.postId, event.threadId, event.score);
      break;
  }
  return { ...next, seq };
}
