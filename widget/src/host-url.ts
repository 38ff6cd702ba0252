/**
 * Booth's state in the host page's address: parameters named `booth-…` (the list's sort and
 * filter in the query; the open thread in the fragment or the query, as the site owner chose on
 * the script tag with `data-deep-link="hash"`, the default, `"query"`, or `"off"`). This module
 * reads them, which the first paint needs; `host-history.ts` writes them, once a visitor acts.
 */
import type { BoothParamPlace } from '@booth/shared';

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

/** Where the open thread goes in the page's address: a place, or `off` to leave the address alone. */
export type DeepLinkMode = BoothParamPlace | 'off';

/** Parameter changes: a value sets a parameter, null removes it. */
export type ParamChanges = Readonly<Record<string, string | null>>;

/** The mode a script tag or attribute asks for; anything else is the default, `hash`. */
export function deepLinkMode(value: string | null | undefined): DeepLinkMode {
  return value === 'query' || value === 'off' ? value : 'hash';
}
