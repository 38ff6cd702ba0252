/**
 * The orders and filters of a board's thread list, shared so that the server's pages and the
 * widget's live list agree on where every thread stands and which threads belong.
 */
import type { ThreadView } from './model.js';

/** How a board's list is sorted: latest activity, newest first, or most votes. */
export const BOARD_SORTS = ['activity', 'newest', 'votes'] as const;
export type BoardSort = (typeof BOARD_SORTS)[number];

/** Which threads a board's list shows: all, unanswered or answered questions, or questions only. */
export const BOARD_FILTERS = ['all', 'unanswered', 'answered', 'questions'] as const;
export type BoardFilter = (typeof BOARD_FILTERS)[number];

/** A sort and a filter together: what one list of a board shows, in which order. */
export interface BoardListing {
  sort: BoardSort;
  filter: BoardFilter;
}

/** The list as boards showed it before they could be sorted: all threads, latest activity first. */
export const DEFAULT_LISTING: BoardListing = { sort: 'activity', filter: 'all' };

/** Where a thread sorts in the list, in any order. */
export type ListPosition = Pick<ThreadView, 'pinned' | 'lastActivityAt' | 'createdAt' | 'score' | 'id'>;

/** Orders two decimal id strings (bigint ids) as numbers. */
export function compareIds(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The value a sort orders by after pinning, larger first. */
export function sortValue(thread: ListPosition, sort: BoardSort): number {
  switch (sort) {
    case 'activity':
      return Date.parse(thread.lastActivityAt);
    case 'newest':
      return Date.parse(thread.createdAt);
    case 'votes':
      return thread.score;
  }
}

/**
 * The listing order: pinned first (in every sort, as staff pin what everyone should see), then
 * the sort's value (larger first), then id (newest first), so equal values still have one order.
 *
 * @example threads.sort((a, b) => compareThreads(a, b, 'votes'))
 */
export function compareThreads(a: ListPosition, b: ListPosition, sort: BoardSort = 'activity'): number {
  if (a.pinned !== b.pinned) return a.pinned ? -1 : 1;
  const by = sortValue(b, sort) - sortValue(a, sort);
  if (by !== 0) return by;
  return compareIds(b.id, a.id);
}

/**
 * Whether a thread belongs in a list with this filter. Answered means an accepted answer or
 * marked answered by staff; only questions are answered or unanswered.
 *
 * @example threads.filter((t) => matchesFilter(t, 'unanswered'))
 */
export function matchesFilter(thread: Pick<ThreadView, 'kind' | 'answered'>, filter: BoardFilter): boolean {
  switch (filter) {
    case 'all':
      return true;
    case 'questions':
      return thread.kind === 'question';
    case 'unanswered':
      return thread.kind === 'question' && !thread.answered;
    case 'answered':
      return thread.kind === 'question' && thread.answered;
  }
}
