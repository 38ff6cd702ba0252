/**
 * Booth's state in the host page's address: query parameters named `booth-…` (the list's sort
 * and filter, the open thread), read from and written to the page's URL with the history API.
 * Writing replaces the current history entry and keeps every other parameter and the fragment,
 * so the page's own routing and analytics are left as they were.
 */

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
export function withHostParams(href: string, changes: Record<string, string | null>): string {
  const url = new URL(href);
  for (const [name, value] of Object.entries(changes)) {
    if (value === null) url.searchParams.delete(name);
    else url.searchParams.set(name, value);
  }
  return url.href;
}

/** Writes Booth's parameters into the host page's address without adding a history entry. */
export function writeHostParams(changes: Record<string, string | null>): void {
  const location = globalThis.location;
  if (!location || typeof history === 'undefined') return;
  const next = withHostParams(location.href, changes);
  if (next !== location.href) history.replaceState(history.state, '', next);
}
