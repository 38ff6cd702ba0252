import { createHash } from 'node:crypto';

/** Digits and signs that stand in for letters in filter-dodging spam ("f0ll0wers", "$ale"). */
const LOOKALIKES: Record<string, string> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '@': 'a',
  $: 's',
};

/**
 * Folds text for matching: compatibility forms, case, accents, invisible format characters
 * and look-alike digits are erased, and every run of punctuation or space becomes one space.
 * Both the blocklists and the posts are folded the same way, so "B.U.Y  FÔLLOW3RS" meets "buy followers".
 */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\p{M}\p{Cf}]/gu, '')
    .toLowerCase()
    .replace(/[013457@$]/g, (c) => LOOKALIKES[c] ?? c)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Scripts written without spaces between words: their phrases match anywhere in the text. */
const UNSPACED =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

export function isUnspaced(folded: string): boolean {
  return UNSPACED.test(folded);
}

/**
 * The fingerprint of a post's text for duplicate detection: the folded text, so that changing
 * case, spacing or punctuation does not make a repost new.
 */
export function contentHash(text: string): string {
  const folded = foldText(text);
  return createHash('sha256')
    .update(folded.length > 0 ? folded : text.trim().toLowerCase())
    .digest('hex');
}

const HREF = /<a\s[^>]*?href="([^"]*)"/g;
const IMG = /<img\s/g;
/** Host names written out in the text, linked or not ("visit cheap-likes.shop"). */
const BARE_HOST = /(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:xn--[a-z0-9-]{2,59}|[a-z]{2,63})\b/gi;

function decodeEntities(value: string): string {
  return value
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');
}

/** Lower-case ASCII (punycode) host of a URL, or null when it has none (e.g. `mailto:`). */
export function hostOf(href: string): string | null {
  try {
    const url = new URL(href);
    return url.hostname ? url.hostname.toLowerCase().replace(/\.$/, '') : null;
  } catch {
    return null;
  }
}

/** What the spam rules look at in a post's links. */
export interface LinkFacts {
  /**
   * Links and pictures in the rendered post. A picture counts as a link: a new member's image
   * post is held wherever a link would be (pictures sell as well as links do).
   */
  count: number;
  /** Hosts the post links to, lower case, punycode for international names. */
  linkedHosts: string[];
  /** How many links go to each of those hosts. */
  byHost: Map<string, number>;
  /** Those and every host name written out in the text, linked or not. */
  hosts: string[];
}

/** Reads the links of a post from its sanitized HTML and the host names from its source. */
export function linkFacts(source: string, html: string): LinkFacts {
  const byHost = linksByHost(html);
  let count = 0;
  for (const _ of html.matchAll(HREF)) count += 1;
  for (const _ of html.matchAll(IMG)) count += 1;
  const hosts = new Set(byHost.keys());
  for (const match of source.normalize('NFKC').matchAll(BARE_HOST)) hosts.add(match[0].toLowerCase());
  return { count, linkedHosts: [...byHost.keys()], hosts: [...hosts], byHost };
}

/** Links of sanitized HTML counted by host (links without one, such as `mailto:`, are left out). */
export function linksByHost(html: string, into: Map<string, number> = new Map()): Map<string, number> {
  for (const match of html.matchAll(HREF)) {
    const host = hostOf(decodeEntities(match[1] ?? ''));
    if (host) into.set(host, (into.get(host) ?? 0) + 1);
  }
  return into;
}
