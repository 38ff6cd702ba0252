/**
 * Pure text helpers of search: building title queries from what a customer types, and turning
 * highlighted passages into runs of plain text. No database here, so they are unit-tested alone.
 */
import type { TextRun } from '@booth/shared';
import { MATCH_END, MATCH_START } from '../db/search.queries.js';
import { plainExcerpt } from './markdown.js';

/** Words of a typed title that are worth matching; more only slow the query without helping. */
const MAX_TITLE_WORDS = 8;
/** A word still being typed is matched as a prefix only from this length on. */
const MIN_PREFIX_CHARS = 3;

/** A title being typed, split for matching: finished words, and the word still being typed. */
export interface TitleTerms {
  /** Finished words, matched by stem in the site's language. */
  words: string[];
  /** The last word while it is still being typed (no space after it), matched as a prefix. */
  prefix: string | null;
}

/**
 * Splits a title being typed into terms. Only letters and digits pass, so the terms can be
 * joined into `to_tsquery` expressions without carrying any query syntax.
 *
 * @example titleTerms('return shoe') // { words: ['return'], prefix: 'shoe' }
 */
export function titleTerms(title: string): TitleTerms | null {
  const words = (title.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, MAX_TITLE_WORDS);
  const typing = !/\s$/.test(title);
  let prefix: string | null = null;
  if (typing && words.length > 0) {
    const last = words.pop() as string;
    if (last.length >= MIN_PREFIX_CHARS) prefix = last;
  }
  if (words.length === 0 && prefix === null) return null;
  return { words, prefix };
}

/** Drops markdown punctuation that reads as noise in a plain passage, keeping match marks. */
export function stripMarkdownMarks(text: string): string {
  return text
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(^|\n)\s{0,3}(#{1,6}|>|[-*+]|\d+\.)\s+/g, '$1')
    .replace(/(\*\*|__|~~|`+)/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Splits a passage marked by ts_headline into runs; unbalanced marks are tolerated and the
 * marks themselves never reach the output.
 *
 * @example toRuns('a \u0001b\u0002 c') // [{text:'a ',match:false},{text:'b',match:true},{text:' c',match:false}]
 */
export function toRuns(marked: string): TextRun[] {
  const runs: TextRun[] = [];
  let match = false;
  let text = '';
  const flush = () => {
    if (text) {
      const last = runs.at(-1);
      if (last && last.match === match) last.text += text;
      else runs.push({ text, match });
    }
    text = '';
  };
  for (const ch of marked) {
    if (ch === MATCH_START || ch === MATCH_END) {
      flush();
      match = ch === MATCH_START;
    } else {
      text += ch;
    }
  }
  flush();
  return runs;
}

/** Runs of Japanese and Chinese characters: the ranges `booth_cjk_pieces` cuts in SQL. */
const CJK_RUN = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]+/gu;

/**
 * Marks the query's runs of Japanese and Chinese characters where they occur in unmarked text:
 * ts_headline takes a whole run of such characters for one word, so it never marks part of one.
 *
 * @example markCjk([{text:'この靴のサイズ', match:false}], '靴') // この, [靴], のサイズ
 */
export function markCjk(runs: TextRun[], query: string): TextRun[] {
  const needles = [...new Set(query.match(CJK_RUN) ?? [])].sort((a, b) => b.length - a.length);
  if (needles.length === 0) return runs;
  // Needles hold CJK characters only, never a pattern character.
  const pattern = new RegExp(needles.join('|'), 'gu');
  const out: TextRun[] = [];
  const push = (text: string, match: boolean) => {
    if (!text) return;
    const last = out.at(-1);
    if (last && last.match === match) last.text += text;
    else out.push({ text, match });
  };
  for (const run of runs) {
    if (run.match) {
      push(run.text, true);
      continue;
    }
    let at = 0;
    for (const found of run.text.matchAll(pattern)) {
      push(run.text.slice(at, found.index), false);
      push(found[0], true);
      at = found.index + found[0].length;
    }
    push(run.text.slice(at), false);
  }
  return out;
}

/** The first non-empty line of a post, as plain text, for a one-line answer preview. */
export function firstLine(source: string, max = 160): string {
  const line = source.split('\n').find((l) => l.trim().length > 0) ?? '';
  return plainExcerpt(line, max);
}
