import { relativeTime } from '@booth/shared/client';
import { describe, expect, it } from 'vitest';

const now = Date.UTC(2026, 10, 24, 12, 0, 0);
const ago = (ms: number) => new Date(now - ms).toISOString();
const MIN = 60_000;

describe('widget relative time', () => {
  it.each([
    [10_000, 'just now'],
    [-60_000, 'just now'],
    [50_000, '1 min ago'],
    [5 * MIN, '5 min ago'],
    [59 * MIN, '59 min ago'],
    [60 * MIN, '1 hour ago'],
    [3 * 60 * MIN + 5 * MIN, '3 hours ago'],
    [26 * 60 * MIN, 'yesterday'],
    [4 * 24 * 60 * MIN, '4 days ago'],
  ])('%i ms ago reads "%s"', (ms, text) => {
    expect(relativeTime(ago(ms), now, 'en')).toBe(text);
  });

  it('shows a date for older times, with the year only when it differs', () => {
    expect(relativeTime('2026-10-03T08:00:00.000Z', now, 'en-GB')).toBe('3 Oct');
    expect(relativeTime('2025-10-03T08:00:00.000Z', now, 'en-GB')).toBe('3 Oct 2025');
  });

  it('reads an unparsable time as empty', () => {
    expect(relativeTime('not a date', now)).toBe('');
  });
});
