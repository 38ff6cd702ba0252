/**
 * Writes Booth's state into the host page's address with the history API: the list's sort and
 * filter, and the open thread as a history entry of its own, so Back returns to the list and
 * Forward opens the thread again. Every other parameter and the fragment's own content are kept
 * byte for byte (`shared/src/host-url.ts`), so the page's own routing and analytics are left as
 * they were. A chunk of its own: the first paint only reads the address (`host-url.ts`,
 * `deep-link.ts`); this loads once the list shows.
 */
import { type BoardListing, DEFAULT_LISTING, POST_PARAM, THREAD_PARAM, writeBoothParams } from '@booth/shared';
import type { ThreadLink } from './deep-link.js';
import type { DeepLinkMode, ParamChanges } from './host-url.js';
import { FILTER_PARAM, SORT_PARAM } from './listing-url.js';

/** Marks the history entry Booth added over the list, which closing the thread goes back from. */
const PUSHED = 'boothThread';

/**
 * The host page's address with Booth's parameters set (a null value removes one), other
 * parameters and the fragment unchanged.
 *
 * @example withHostParams('https://shop.example/p?color=red#reviews', { 'booth-sort': 'votes' })
 * // 'https://shop.example/p?color=red&booth-sort=votes#reviews'
 */
export function withHostParams(href: string, changes: ParamChanges): string {
  return writeBoothParams(href, changes, 'query');
}

/** Writes Booth's parameters into the host page's address without adding a history entry. */
export function writeHostParams(changes: ParamChanges): void {
  const location = globalThis.location;
  if (!location || typeof history === 'undefined') return;
  const next = withHostParams(location.href, changes);
  if (next !== location.href) history.replaceState(history.state, '', next);
}

/** The page's address with `changes` written as `mode` says (`off` writes to the fragment: links still work). */
export function hostLink(changes: ParamChanges, mode: DeepLinkMode): string {
  return writeBoothParams(globalThis.location.href, changes, mode === 'query' ? 'query' : 'hash');
}

/** The address of a thread (or a post in it) on this page, in the board's deep-link style. */
export function threadLink(threadId: string, postId: string | null, mode: DeepLinkMode): string {
  return hostLink({ [THREAD_PARAM]: threadId, [POST_PARAM]: postId }, mode);
}

/** Booth's marks in the history entry now (`history.state`), beside the page's own state. */
export function historyMarks(): Record<string, unknown> {
  const state: unknown = globalThis.history?.state;
  return state && typeof state === 'object' ? (state as Record<string, unknown>) : {};
}

/**
 * Writes `changes` to the page's address as `mode` says: a new history entry when `push` (so
 * Back undoes it), else in place. The page's own history state is kept, with `marks` merged
 * into it. Does nothing in mode `off`.
 */
export function writeHostState(
  changes: ParamChanges,
  mode: DeepLinkMode,
  push: boolean,
  marks: Record<string, unknown> = {},
): void {
  if (mode === 'off' || typeof history === 'undefined') return;
  const state = { ...historyMarks(), ...marks };
  const href = hostLink(changes, mode);
  if (push) history.pushState(state, '', href);
  else history.replaceState(state, '', href);
}

/** Shows the list's sort and filter in the host page's address; defaults leave no parameter behind. */
export function showListingInHost(listing: BoardListing): void {
  writeHostParams({
    [SORT_PARAM]: listing.sort === DEFAULT_LISTING.sort ? null : listing.sort,
    [FILTER_PARAM]: listing.filter === DEFAULT_LISTING.filter ? null : listing.filter,
  });
}

/**
 * The board opened `threadId`; `now` is the thread the address names. From the list this is a
 * new history entry; from another thread, or when the address already names it (a link, Back or
 * Forward), the entry is rewritten in the chosen place and history does not grow.
 */
export function showThreadOpened(threadId: string, now: ThreadLink | null, mode: DeepLinkMode): void {
  const post = now?.threadId === threadId ? now.postId : null;
  const changes = { [THREAD_PARAM]: threadId, [POST_PARAM]: post };
  writeHostState(changes, mode, now === null, now === null ? { [PUSHED]: threadId } : {});
}

/**
 * The board went back to the list; `now` is the thread the address names. An entry Booth added
 * is left with Back (so Forward reopens it); an address the visitor arrived with loses the
 * thread in place, without leaving the page.
 */
export function showThreadClosed(now: ThreadLink | null, mode: DeepLinkMode): void {
  if (mode === 'off' || now === null || !globalThis.history) return;
  if (historyMarks()[PUSHED]) history.back();
  else writeHostState({ [THREAD_PARAM]: null, [POST_PARAM]: null }, mode, false);
}
