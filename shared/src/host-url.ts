/**
 * Booth's state in the address of the brand page: `booth-*` parameters (the open thread, a
 * linked post, the board's order…) in the query or the fragment, beside whatever else the page
 * keeps there. Pure functions on URL strings, so the widget (which writes the page's address with
 * the history API) and the server (which links to threads from emails, feeds and JSON-LD) agree.
 * This module reads them; `host-link.ts` writes them (a module of its own, so the widget's first
 * load, which only reads the address, leaves the writing to a chunk loaded later).
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
export function nameOf(segment: string): string {
  const name = decoded(segment.split('=', 1)[0] ?? '');
  return LEGACY_NAMES[name] ?? name;
}

/** The `key=value` segments of a query or fragment (without its `?` or `#`). */
export const segmentsOf = (part: string): string[] => part.split('&').filter((s) => s !== '');

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
