const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'} ago`;

/**
 * How long ago `iso` was, in words: "just now", "5 min ago", "3 hours ago", "yesterday",
 * "4 days ago", then a short date. A time in the future (clock skew) reads "just now".
 */
export function relativeTime(iso: string, now: number, locale?: string): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return '';
  const ago = now - then;
  if (ago < 45_000) return 'just now';
  if (ago < HOUR) return `${Math.max(1, Math.round(ago / MINUTE))} min ago`;
  if (ago < DAY) return plural(Math.floor(ago / HOUR), 'hour');
  if (ago < 2 * DAY) return 'yesterday';
  if (ago < 7 * DAY) return plural(Math.floor(ago / DAY), 'day');
  const date = new Date(then);
  const sameYear = date.getFullYear() === new Date(now).getFullYear();
  return date.toLocaleDateString(locale, { day: 'numeric', month: 'short', ...(sameYear ? {} : { year: 'numeric' }) });
}

/** The full date and time, for a tooltip next to a relative time. */
export function absoluteTime(iso: string, locale?: string): string {
  const then = Date.parse(iso);
  return Number.isNaN(then) ? '' : new Date(then).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });
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
