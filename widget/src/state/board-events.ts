/**
 * Changes to the loaded thread list, as pure functions from a state to the next: live events,
 * and the viewer's own new and removed threads. Loaded with the board's live part
 * (`board/board-live.ts`) and its writes (`board/board-writes.ts`), after the first paint.
 */
import { type BoardEvent, compareThreads, matchesFilter, type ThreadView } from '@booth/shared';
import type { BoardState } from './board-store.js';

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
