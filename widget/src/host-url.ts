/**
 * Booth's state in the host page's address: parameters named `booth-…` (the list's sort and
 * filter in the query; the open thread in the fragment or the query, as the site owner chose on
 * the script tag with `data-deep-link="hash"`, the default, `"query"`, or `"off"`), read from and
 * written to the page's URL with the history API. Every other parameter and the fragment's own
 * content are kept byte for byte (`shared/src/host-url.ts`), so the page's own routing and
 * analytics are left as they were.
 */
import { type BoothParamPlace, writeBoothParams } from '@booth/shared';

/** The parts of `location` Booth reads; a URL will do in tests. */
export type HostLocation = Pick<Location, 'search' | 'hash' | 'href'>;

/**
 * The value of a Booth query parameter in the host page's address, or null.
 *
 * @example readHostParam('booth-sort', new URL('https://shop.example/p?booth-sort=votes')) // 'votes'
 */
export function readHostParam(name: string, location: HostLocation | undefined = globalThis.location): string | null {
  if (!location) return null;
  return new URLSearchParams(location.search).get(name);
}

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

/** Where the open thread goes in the page's address: a place, or `off` to leave the address alone. */
export type DeepLinkMode = BoothParamPlace | 'off';

/** Parameter changes: a value sets a parameter, null removes it. */
export type ParamChanges = Readonly<Record<string, string | null>>;

/** The mode a script tag or attribute asks for; anything else is the default, `hash`. */
export function deepLinkMode(value: string | null | undefined): DeepLinkMode {
  return value === 'query' || value === 'off' ? value : 'hash';
}

/** The page's address with `changes` written as `mode` says (`off` writes to the fragment: links still work). */
export function hostLink(changes: ParamChanges, mode: DeepLinkMode): string {
  return writeBoothParams(globalThis.location.href, changes, mode === 'query' ? 'query' : 'hash');
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
