/**
 * Durations, shares and days in the staff member's language, through `Intl` (unit and percent
 * number formats, lists of units, dates in UTC for days the server counts in UTC).
 */
import type { Strings } from './strings.js';

type DurationUnit = 'minute' | 'hour' | 'day';

function amount(strings: Strings, value: number, unit: DurationUnit, fractionDigits = 0): string {
  return new Intl.NumberFormat(strings.language, {
    style: 'unit',
    unit,
    unitDisplay: 'short',
    maximumFractionDigits: fractionDigits,
  }).format(value);
}

function both(strings: Strings, parts: string[]): string {
  return new Intl.ListFormat(strings.language, { type: 'unit', style: 'short' }).format(parts);
}

/** The larger unit and the rest in the next one ("2 hr, 5 min"), or the larger alone when the rest is 0. */
function withRest(strings: Strings, whole: string, rest: number, unit: DurationUnit): string {
  return rest === 0 ? whole : both(strings, [whole, amount(strings, rest, unit)]);
}

/** "3 min", "2 hr, 5 min", "4 days, 3 hr": how long since `iso` at `now` (a queue's waiting time). */
export function waitedFor(strings: Strings, iso: string, now: number): string {
  const minutes = Math.max(0, Math.floor((now - Date.parse(iso)) / 60_000));
  if (minutes < 1) return strings.t('time.underMinute');
  if (minutes < 60) return amount(strings, minutes, 'minute');
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return withRest(strings, amount(strings, hours, 'hour'), minutes % 60, 'minute');
  return withRest(strings, amount(strings, Math.floor(hours / 24), 'day'), hours % 24, 'hour');
}

/** A duration in one unit: "45 min", "3.5 hr", "2 days"; a dash for none. */
export function duration(strings: Strings, seconds: number | null): string {
  if (seconds === null) return strings.t('common.none');
  if (seconds < 3600) return amount(strings, Math.max(1, Math.round(seconds / 60)), 'minute');
  if (seconds < 2 * 86_400) return amount(strings, seconds / 3600, 'hour', seconds < 36_000 ? 1 : 0);
  return amount(strings, Math.round(seconds / 86_400), 'day');
}

/** A share as a whole percentage, or a dash when there is nothing to share. */
export function percent(strings: Strings, part: number, whole: number): string {
  if (whole === 0) return strings.t('common.none');
  return new Intl.NumberFormat(strings.language, { style: 'percent', maximumFractionDigits: 0 }).format(part / whole);
}

/** A day the server counts in UTC (`2030-01-31` or a timestamp), as a short date. */
export function day(strings: Strings, iso: string): string {
  const when = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  return strings.dateTime(when, { dateStyle: 'medium', timeZone: 'UTC' });
}

/** A moment (an ISO timestamp) as a date and time; empty for a value that is not one. */
export function moment(strings: Strings, iso: string): string {
  const when = Date.parse(iso);
  return Number.isNaN(when) ? '' : strings.dateTime(new Date(when));
}
