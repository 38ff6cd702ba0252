import type { Translator } from '../i18n.js';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/**
 * How long ago `iso` was, in the translator's language: "now", "5 minutes ago", "3 hours ago",
 * "yesterday", "4 days ago" (Intl.RelativeTimeFormat), then a short date. Under 45 seconds, and a
 * time in the future (clock skew), reads "now"; under a minute counts as one minute.
 */
export function relativeTime(iso: string, now: number, translator: Translator): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return '';
  const ago = now - then;
  if (ago < 45_000) return translator.relativeTime(new Date(now), new Date(now));
  if (ago < 7 * DAY) return translator.relativeTime(new Date(now - Math.max(ago, MINUTE)), new Date(now));
  const sameYear = new Date(then).getFullYear() === new Date(now).getFullYear();
  return translator.dateTime(new Date(then), {
    day: 'numeric',
    month: 'short',
    ...(sameYear ? {} : { year: 'numeric' }),
  });
}

/** The full date and time, for a tooltip next to a relative time; in the translator's language when given. */
export function absoluteTime(iso: string, translator?: Pick<Translator, 'dateTime'>): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return '';
  const options: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' };
  return translator ? translator.dateTime(new Date(then), options) : new Date(then).toLocaleString(undefined, options);
}

/** "3 min", "2 h 5 min", "4 d 3 h": how long since `iso`, at `now` (a queue's waiting time). */
export function waited(iso: string, now: number): string {
  const minutes = Math.max(0, Math.floor((now - Date.parse(iso)) / 60_000));
  if (minutes < 1) return 'under a minute';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}
