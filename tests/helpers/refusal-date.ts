/**
 * A ban's end as an English refusal writes it: the date and minute in UTC, written out by `Intl`
 * (the server does not know the reader's zone). Spelled out here, apart from the server's own
 * formatter, so a change to how refusals write dates fails the tests that read them.
 */
export function englishUtcDate(date: Date): string {
  return new Intl.DateTimeFormat('en', {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'UTC',
    timeZoneName: 'short',
  }).format(date);
}
