/**
 * Booth's state in the address of the brand page: `booth-*` parameters (the open thread, a
 * linked post, the board's order…) in the query or the fragment, beside whatever else the page
 * keeps there. Pure functions on URL strings, so the widget (which writes the page's address with
 * the history API) and the server (which links to threads from emails, feeds and JSON-LD) agree.
 */

/** Where Booth writes its parameters: the fragment (the default; no request reaches the brand's server) or the query. */
export type BoothParamPlace = 'hash' | 'query';

/** The open thread and the post a link points at. */
export const THREAD_PARAM = 'booth-thread';
export const POST_PARAM = 'booth-post';

/** Names earlier links used, read as their current name. */
const LEGACY_NAMES: Readonly<Record<string, string>> = { booth_thread: THREAD_PARAM };

function decoded(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

/** The parameter name of one `key=value` segment, legacy names mapped to their current name. */
function nameOf(segment: string): string {
  const name = decoded(segment.split('=', 1)[0] ?? '');
  return LEGACY_NAMES[name] ?? name;
}

const segmentsOf = (part: string): string[] => part.split('&').filter((s) => s !== '');

/**
 * Booth's parameters in `href`, from the query and the fragment (the fragment wins).
 *
 * @example readBoothParams('https://shop.example/p?size=9#booth-thread=42') // { 'booth-thread': '42' }
 */
export function readBoothParams(href: string): Record<string, string> {
  const url = new URL(href);
  const params: Record<string, string> = {};
  for (const part of [url.search.slice(1), url.hash.slice(1)]) {
    for (const segment of segmentsOf(part)) {
      const name = nameOf(segment);
      if (!name.startsWith('booth-')) continue;
      const legacy = name !== decoded(segment.split('=', 1)[0] ?? '');
      if (legacy && name in params) continue;
      params[name] = decoded(segment.slice(segment.indexOf('=') + 1 || segment.length));
    }
  }
  return params;
}

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
