/**
 * Every log line the servers of one test file write, and the secrets the file handed them, so
 * that a check after the file (tests/setup/no-secrets-in-logs.ts) can prove no secret was logged.
 */

/** A secret found in a log line. */
export interface Leak {
  what: string;
  line: string;
}

const lines: string[] = [];
const secrets = new Map<string, string>();

/** Where startTestApp sends its servers' JSON log lines. */
export const capturedLog = {
  write(line: string): void {
    lines.push(line);
  },
};

/** The log lines captured so far in this test file. */
export function capturedLines(): readonly string[] {
  return lines;
}

/** Remembers a value that must never appear in a log line: a password, a token, a cookie, a secret. */
export function registerSecret(what: string, value: string | null | undefined): void {
  // Very short values would match by chance; every real secret here is long.
  if (value && value.length >= 8) secrets.set(value, what);
}

// What a secret looks like even when no test registered it.
const PATTERNS: [string, RegExp][] = [
  ['a JWT', /eyJ[\w-]{5,}\.eyJ[\w-]{5,}\.[\w-]{10,}/],
  ['an email address', /[\w.+-]+@[\w-]+(\.[\w-]+)*\.[a-z]{2,}/i],
  ['a session cookie', /booth_staff=[^;"\s]{8,}/],
  ['a password field', /"password"\s*:\s*"(?!\[redacted\])/i],
  ['a mail link token', /\/mail\/[a-z-]+\/[a-z2-7]{52}/i],
];

/** The leaks among `lines`: registered secrets, and anything shaped like a token, an email or a password. */
export function findLeaks(logLines: readonly string[] = lines, known: ReadonlyMap<string, string> = secrets): Leak[] {
  const leaks: Leak[] = [];
  for (const line of logLines) {
    for (const [value, what] of known) if (line.includes(value)) leaks.push({ what, line });
    for (const [what, pattern] of PATTERNS) if (pattern.test(line)) leaks.push({ what, line });
  }
  return leaks;
}
