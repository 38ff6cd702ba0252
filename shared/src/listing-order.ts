/**
 * The order of a board's thread list, shared so that the server's pages and the widget's live
 * list agree on where every thread stands.
 */
import type { ThreadView } from './model.js';

/** Where a thread sorts in the list. */
export type ListPosition = Pick<ThreadView, 'pinned' | 'lastActivityAt' | 'id'>;

/** Orders two decimal id strings (bigint ids) as numbers. */
export function compareIds(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The listing order: pinned first, then last activity (newest first), then id (newest first).
 *
 * @example threads.sort(compareThreads)
 */
export function compareThreads(a: ListPosition, b: ListPosition): number {
  if (a.pinned !== b.pinned) return a.pinned ? -1 : 1;
  const at = Date.parse(b.lastActivityAt) - Date.parse(a.lastActivityAt);
  if (at !== 0) return at;
  return compareIds(b.id, a.id);
}
