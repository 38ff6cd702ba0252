/**
 * Booth's parameters written into an address of the brand page (see `host-url.ts`, which reads them).
 */
import { type BoothParamPlace, nameOf, POST_PARAM, segmentsOf, THREAD_PARAM } from './host-url.js';

/**
 * `href` with Booth's parameters in `changes` set (a null removes one) and written to `place`.
 * The page's own parameters and fragment stay as they were, byte for byte; a changed parameter
 * leaves the other place, so a link never names two threads.
 *
 * @example writeBoothParams('https://shop.example/p?size=9#reviews', { 'booth-thread': '42' }, 'hash')
 * // 'https://shop.example/p?size=9#reviews&booth-thread=42'
 */
export function writeBoothParams(
  href: string,
  changes: Readonly<Record<string, string | null>>,
  place: BoothParamPlace,
): string {
  const url = new URL(href);
  const keep = (part: string) => segmentsOf(part).filter((segment) => !(nameOf(segment) in changes));
  const query = keep(url.search.slice(1));
  const hash = keep(url.hash.slice(1));
  const added = Object.entries(changes)
    .filter((entry): entry is [string, string] => entry[1] !== null)
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`);
  (place === 'query' ? query : hash).push(...added);
  url.search = query.join('&');
  url.hash = hash.join('&');
  return url.href;
}

/**
 * The address of a thread (and of a post in it) on the brand page at `pageUrl`, which the widget
 * reads when the page loads: in the fragment by default (it never reaches the brand's server), or
 * in the query where each thread needs an address of its own to search engines (canonical links,
 * JSON-LD), which ignore fragments.
 *
 * @example threadLinkOnPage('https://shop.example/p/boots', '42') // 'https://shop.example/p/boots#booth-thread=42'
 */
export function threadLinkOnPage(
  pageUrl: string,
  threadId: string,
  postId: string | null = null,
  place: BoothParamPlace = 'hash',
): string {
  return writeBoothParams(pageUrl, { [THREAD_PARAM]: threadId, [POST_PARAM]: postId }, place);
}
