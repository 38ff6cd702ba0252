import { DEFAULT_BLOCKED_HOST_FRAGMENTS, DEFAULT_BLOCKED_PHRASES } from './default-blocklist.js';
import { foldText, hostOf, isUnspaced } from './policy-text.js';

/** One word of a phrase: exact, a prefix (`follow*`), or any word (`*`). */
type WordPattern = { kind: 'exact' | 'prefix'; text: string } | { kind: 'any' };

interface Phrase {
  /** As the site owner wrote it, for the moderation queue. */
  label: string;
  words: WordPattern[];
}

/** A compiled list of blocked phrases, host fragments and domains. */
export interface Blocklist {
  /** Phrases of spaced scripts, by their first exact word, and those starting with a pattern. */
  byFirstWord: Map<string, Phrase[]>;
  patterned: Phrase[];
  /** Phrases of unspaced scripts (Chinese, Japanese, Thai…), matched as substrings. */
  unspaced: { label: string; folded: string }[];
  domains: string[];
  hostFragments: string[];
}

function compileWord(word: string): WordPattern {
  if (word === '*') return { kind: 'any' };
  if (word.endsWith('*') && word.length > 1) return { kind: 'prefix', text: foldText(word.slice(0, -1)) };
  return { kind: 'exact', text: foldText(word) };
}

/** Folds one domain to the ASCII form hosts arrive in; null when it is not a host name. */
function asciiDomain(domain: string): string | null {
  return hostOf(`http://${domain.trim().toLowerCase()}`);
}

/**
 * Compiles phrases and domains (the site's own, plus the built-in list when asked) into a
 * matcher. Compiling the built-in list takes a moment, so it is done once and reused.
 */
export function compileBlocklist(
  phrases: readonly string[],
  domains: readonly string[],
  hostFragments: readonly string[] = [],
): Blocklist {
  const list: Blocklist = { byFirstWord: new Map(), patterned: [], unspaced: [], domains: [], hostFragments: [] };
  for (const label of phrases) {
    const raw = label.trim();
    const folded = foldText(raw.replace(/\*/g, ''));
    if (folded.length === 0) continue;
    if (isUnspaced(folded)) {
      list.unspaced.push({ label, folded });
      continue;
    }
    const words = raw
      .split(/\s+/)
      .map(compileWord)
      .filter((w) => w.kind === 'any' || w.text.length > 0);
    // "e-mail" folds to two words; split those so they line up with folded text.
    const flat = words.flatMap((w): WordPattern[] =>
      w.kind === 'exact' ? w.text.split(' ').map((text) => ({ kind: 'exact', text })) : [w],
    );
    const first = flat[0];
    if (!first) continue;
    if (first.kind === 'exact') {
      const bucket = list.byFirstWord.get(first.text) ?? [];
      bucket.push({ label, words: flat });
      list.byFirstWord.set(first.text, bucket);
    } else {
      list.patterned.push({ label, words: flat });
    }
  }
  for (const domain of domains) {
    const ascii = asciiDomain(domain);
    if (ascii) list.domains.push(ascii);
  }
  list.hostFragments = hostFragments.map((f) => f.toLowerCase());
  return list;
}

let builtIn: Blocklist | null = null;

/** The built-in list, compiled on first use. */
export function defaultBlocklist(): Blocklist {
  builtIn ??= compileBlocklist(DEFAULT_BLOCKED_PHRASES, [], DEFAULT_BLOCKED_HOST_FRAGMENTS);
  return builtIn;
}

function wordMatches(pattern: WordPattern, word: string | undefined): boolean {
  if (word === undefined) return false;
  if (pattern.kind === 'any') return true;
  return pattern.kind === 'exact' ? word === pattern.text : word.startsWith(pattern.text);
}

function phraseAt(phrase: Phrase, words: readonly string[], at: number): boolean {
  return phrase.words.every((pattern, i) => wordMatches(pattern, words[at + i]));
}

/** The first blocked phrase found in already folded text, or null. */
export function findBlockedPhrase(list: Blocklist, folded: string): string | null {
  for (const { label, folded: needle } of list.unspaced) {
    if (folded.includes(needle)) return label;
  }
  const words = folded.split(' ');
  for (let at = 0; at < words.length; at++) {
    for (const phrase of list.byFirstWord.get(words[at] as string) ?? []) {
      if (phraseAt(phrase, words, at)) return phrase.label;
    }
    for (const phrase of list.patterned) {
      if (phraseAt(phrase, words, at)) return phrase.label;
    }
  }
  return null;
}

/** The first host that is a blocked domain or one of its subdomains, or null. */
export function findBlockedDomain(list: Blocklist, hosts: readonly string[]): string | null {
  for (const host of hosts) {
    for (const domain of list.domains) {
      if (host === domain || host.endsWith(`.${domain}`)) return host;
    }
  }
  return null;
}

/** The first host containing a blocked fragment, or null. */
export function findBlockedHostFragment(list: Blocklist, hosts: readonly string[]): string | null {
  for (const host of hosts) {
    if (list.hostFragments.some((fragment) => host.includes(fragment))) return host;
  }
  return null;
}
