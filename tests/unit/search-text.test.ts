import { describe, expect, it } from 'vitest';
import { firstLine, markCjk, stripMarkdownMarks, titleTerms, toRuns } from '../../server/src/domain/search-text.js';
import { threadPageUrl, threadSlug } from '../../server/src/domain/thread-links.js';

describe('titleTerms', () => {
  it('keeps finished words and the word being typed apart', () => {
    expect(titleTerms('Return worn sho')).toEqual({ words: ['return', 'worn'], prefix: 'sho' });
    expect(titleTerms('Return worn shoes ')).toEqual({ words: ['return', 'worn', 'shoes'], prefix: null });
  });

  it('lets only letters and digits through, so no tsquery syntax survives', () => {
    expect(titleTerms("a & b | !c:* 'd' (e)")).toEqual({ words: ['a', 'b', 'c', 'd'], prefix: null });
    expect(titleTerms('größe 42 übergröße')).toEqual({ words: ['größe', '42'], prefix: 'übergröße' });
    expect(titleTerms('&&& !!!')).toBeNull();
  });

  it('ignores a typed word too short to be a useful prefix', () => {
    expect(titleTerms('shipping to')).toEqual({ words: ['shipping'], prefix: null });
    expect(titleTerms('sh')).toBeNull();
  });

  it('caps the number of words', () => {
    const terms = titleTerms('one two three four five six seven eight nine ten ');
    expect(terms?.words).toHaveLength(8);
  });
});

describe('toRuns', () => {
  it('turns match marks into runs and drops the marks', () => {
    expect(toRuns('a \u0001b\u0002 c')).toEqual([
      { text: 'a ', match: false },
      { text: 'b', match: true },
      { text: ' c', match: false },
    ]);
  });

  it('merges neighbouring runs and tolerates unbalanced marks', () => {
    expect(toRuns('\u0001a\u0002\u0001b\u0002')).toEqual([{ text: 'ab', match: true }]);
    expect(toRuns('x\u0002y\u0001z')).toEqual([
      { text: 'xy', match: false },
      { text: 'z', match: true },
    ]);
    expect(toRuns('')).toEqual([]);
  });

  it('keeps markup as text: runs are never HTML', () => {
    expect(toRuns('<img src=x onerror=alert(1)>')).toEqual([{ text: '<img src=x onerror=alert(1)>', match: false }]);
  });
});

describe('stripMarkdownMarks', () => {
  it('drops emphasis, code ticks, headings, quotes and link targets', () => {
    expect(stripMarkdownMarks('# Title\n> **bold** and `code` [link](https://x.example) ![alt](y.png)')).toBe(
      'Title bold and code link alt',
    );
  });
});

describe('firstLine', () => {
  it('returns the first non-empty line as plain text', () => {
    expect(firstLine('\n\n**Yes**, two days.\nMore here.')).toBe('Yes, two days.');
    expect(firstLine('')).toBe('');
  });
});

describe('thread links', () => {
  it('makes readable slugs and stable URLs', () => {
    expect(threadSlug('How long is shipping to Berlin?')).toBe('how-long-is-shipping-to-berlin');
    expect(threadSlug('Größe & Passform — Schuhe')).toBe('große-passform-schuhe');
    expect(threadSlug('???')).toBe('thread');
    expect(threadPageUrl('https://booth.example', 'site_1', '42', 'Hi there')).toBe(
      'https://booth.example/t/site_1/42/hi-there',
    );
  });
});

describe('markCjk', () => {
  const show = (runs: { text: string; match: boolean }[]) =>
    runs.map((r) => (r.match ? `[${r.text}]` : r.text)).join('');

  it('marks the query’s Japanese runs inside unmarked text, longest first, keeping marks it had', () => {
    const runs = [
      { text: 'Sizes: ', match: false },
      { text: 'S', match: true },
      { text: ' この靴のサイズ交換とサイズ', match: false },
    ];
    expect(show(markCjk(runs, 'S サイズ交換 サイズ'))).toBe('Sizes: [S] この靴の[サイズ交換]と[サイズ]');
  });

  it('leaves runs alone for a query without Japanese or Chinese characters', () => {
    const runs = [{ text: 'この靴', match: false }];
    expect(markCjk(runs, 'shoe')).toBe(runs);
  });
});
