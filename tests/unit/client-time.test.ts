import { createTranslator } from '@booth/shared';
import { absoluteTime, relativeTime } from '@booth/shared/client';
import { describe, expect, it } from 'vitest';

const now = Date.UTC(2026, 10, 24, 12, 0, 0);
const ago = (ms: number) => new Date(now - ms).toISOString();
const MIN = 60_000;
// Relative times need no catalog: Intl words them in each language.
const en = createTranslator('en', {});
const de = createTranslator('de', {});
const ja = createTranslator('ja', {});
const ar = createTranslator('ar', {});

describe('widget relative time', () => {
  it.each([
    [10_000, 'now'],
    [-60_000, 'now'],
    [50_000, '1 minute ago'],
    [5 * MIN, '5 minutes ago'],
    [59 * MIN, '59 minutes ago'],
    [60 * MIN, '1 hour ago'],
    [3 * 60 * MIN + 5 * MIN, '3 hours ago'],
    [26 * 60 * MIN, 'yesterday'],
    [4 * 24 * 60 * MIN, '4 days ago'],
  ])('%i ms ago reads "%s"', (ms, text) => {
    expect(relativeTime(ago(ms), now, en)).toBe(text);
  });

  it('speaks the translator’s language', () => {
    expect(relativeTime(ago(5 * MIN), now, de)).toBe('vor 5 Minuten');
    expect(relativeTime(ago(26 * 60 * MIN), now, de)).toBe('gestern');
    expect(relativeTime(ago(3 * 60 * MIN), now, ja)).toBe('3 時間前');
    expect(relativeTime(ago(10_000), now, ar)).toBe('الآن');
  });

  it('shows a date for older times, with the year only when it differs', () => {
    // The date is the reader's own: noon UTC on 3 October is already 4 October east of UTC+12.
    const day = new Date('2026-10-03T12:00:00.000Z').getDate();
    expect(relativeTime('2026-10-03T12:00:00.000Z', now, createTranslator('en', {}))).toBe(`Oct ${day}`);
    expect(relativeTime('2025-10-03T12:00:00.000Z', now, en)).toBe(`Oct ${day}, 2025`);
    expect(relativeTime('2025-10-03T12:00:00.000Z', now, de)).toBe(`${day}. Okt. 2025`);
  });

  it('reads an unparsable time as empty', () => {
    expect(relativeTime('not a date', now, en)).toBe('');
    expect(absoluteTime('not a date', en)).toBe('');
  });
});
