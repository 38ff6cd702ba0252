import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadNow, type Machine } from './machine.js';

/** The published figures. Only a full run writes here unless BENCH_RESULTS points elsewhere. */
const PUBLISHED = fileURLToPath(new URL('../RESULTS.md', import.meta.url));

let resultsFile = process.env.BENCH_RESULTS || PUBLISHED;

/**
 * Picks the file this run writes its sections to: BENCH_RESULTS when set, else bench/RESULTS.md
 * for a full run, else (a quick run, whose sizes are too small to compare) a new file in the
 * temporary folder, so a quick run never overwrites the published figures.
 */
export function chooseResultsFile(quick: boolean): string {
  if (process.env.BENCH_RESULTS) resultsFile = process.env.BENCH_RESULTS;
  else resultsFile = quick ? join(mkdtempSync(join(tmpdir(), 'booth-bench-quick-')), 'RESULTS.md') : PUBLISHED;
  return resultsFile;
}

/** The sections, in file order; each benchmark rewrites only its own. */
export const SECTIONS = [
  'machine',
  'connections',
  'fanout',
  'cluster',
  'writes',
  'mail',
  'board',
  'replica',
  'suggest',
  'limits',
  'overload',
  'startup',
  'widget',
] as const;
export type Section = (typeof SECTIONS)[number];

const TEMPLATE = `# Booth benchmark results

The latest figures of each benchmark, written by the benchmark itself (\`pnpm bench\`, see
docs/operations.md). Every section between its markers is replaced when that benchmark runs again;
the notes at the end are written by hand and kept.

${SECTIONS.map((s) => `<!-- ${s} -->\n_not run yet_\n<!-- /${s} -->`).join('\n\n')}

## Notes
`;

/** Replaces one section of bench/RESULTS.md (creating the file from its template if needed). */
export function writeSection(section: Section, markdown: string): void {
  const text = existsSync(resultsFile) ? readFileSync(resultsFile, 'utf8') : TEMPLATE;
  const open = `<!-- ${section} -->`;
  const close = `<!-- /${section} -->`;
  const start = text.indexOf(open);
  const end = text.indexOf(close);
  const body = `${open}\n${markdown.trim()}\n${close}`;
  const next =
    start >= 0 && end > start ? text.slice(0, start) + body + text.slice(end + close.length) : `${text}\n${body}\n`;
  writeFileSync(resultsFile, next);
}

export function machineSection(machine: Machine): string {
  return `## Machine

| | |
| --- | --- |
| CPU | ${machine.cpu}, ${machine.cores} cores |
| Memory | ${machine.memoryGiB} GiB |
| Node.js | ${machine.node} |
| PostgreSQL | ${machine.postgres} (local; ${machine.postgresSettings}) |
| Open files limit | ${machine.openFilesLimit} |`;
}

/** A markdown table from a header row and body rows. */
export function table(header: string[], rows: string[][]): string {
  return [header, header.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

/**
 * The line under each section's heading: when, and how busy the machine was as the benchmark
 * began and as it ended (it is written at the end).
 */
export function runLine(machine: Machine, startedAt: Date, load = machine.loadAtStart): string {
  return `Run ${startedAt.toISOString().replace(/\.\d+Z$/, 'Z')}; 1-minute load average as it began: ${load}, as it ended: ${loadNow()} (${machine.cores} cores; other work on the machine skews every figure).`;
}

export const verdict = (met: boolean) => (met ? '**met**' : '**not met**');
