/**
 * `pnpm bench all --quick`: every benchmark's code path, at tiny sizes, against the real local
 * Postgres, in a database of this run's own and into a results file of its own (never
 * bench/RESULTS.md or the bench database). Checks that each section of the results was written
 * with real figures: counts above zero, every delivered count equal to what was sent, and the load
 * average it ran under. Figures are not compared with anything: targets live in bench/ alone.
 *
 * Needs a Postgres: DATABASE_URL's server when set (CI sets it), else one at 127.0.0.1:5432 (user
 * postgres), else the test is skipped and says why. BENCH_QUICK_ONLY=<benchmark> runs and checks
 * that one alone (while working on it).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dropBenchDatabases, useBenchDatabase } from '../../bench/lib/bench-db.js';
import { SECTIONS } from '../../bench/lib/results.js';
import { runToEnd } from '../helpers/server-process.js';
import { deliveredCounts, figure, sectionOf, tableRows } from './results-sections.js';

const BENCH_DIR = fileURLToPath(new URL('../../bench/', import.meta.url));
/** The run stops itself after this (bench/run.ts), well inside the test's own timeout. */
const MAX_MINUTES = 6;

/** The Postgres server to run on, or why there is none. */
async function findPostgres(): Promise<{ url: string } | { skip: string }> {
  const configured = process.env.DATABASE_URL;
  const url = configured ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    return { url };
  } catch (error) {
    // A Postgres that CI set up must answer; without one, there is nothing to run the benchmarks on.
    if (configured) throw error;
    return { skip: `no Postgres answers at 127.0.0.1:5432 and DATABASE_URL is not set (${(error as Error).message})` };
  } finally {
    await client.end().catch(() => {});
  }
}

/** The first body row of `section`'s tables whose first cell matches `label`. */
function row(section: string, label: RegExp): string[] {
  const found = tableRows(section).find((cells) => label.test(cells[0] ?? ''));
  if (!found) throw new Error(`no row ${label} in:\n${section}`);
  return found;
}

/** The benchmarks this run covers: all of them, or the one BENCH_QUICK_ONLY names. */
const only = process.env.BENCH_QUICK_ONLY;
const covered = SECTIONS.filter((s) => s !== 'machine' && (!only || s === only));
const covers = (name: string) => covered.some((s) => s === name);

const postgres = await findPostgres();
const skip = 'skip' in postgres ? postgres.skip : null;
if (skip) console.log(`bench quick run skipped: ${skip}`);

describe.skipIf(skip !== null)('pnpm bench all --quick', () => {
  let results = '';
  let output = '';
  let databaseUrl = '';
  const folder = mkdtempSync(join(tmpdir(), 'booth-bench-test-'));

  beforeAll(
    async () => {
      if (!('url' in postgres)) return;
      const url = new URL(postgres.url);
      url.pathname = `/booth_bench_test_${randomBytes(4).toString('hex')}`;
      databaseUrl = url.toString();
      const file = join(folder, 'RESULTS.md');
      const started = performance.now();
      // As from a shell (not in the test runner's NODE_ENV=test, which would build the widget for tests).
      output = await runToEnd({
        command: process.execPath,
        args: ['--import', 'tsx', 'run.ts', only ?? 'all', '--quick'],
        cwd: BENCH_DIR,
        env: { BENCH_DATABASE_URL: databaseUrl, BENCH_RESULTS: file, BENCH_MAX_MINUTES: String(MAX_MINUTES) },
      });
      const timings = output.split('\n').filter((line) => /^== \w+: [\d.]+ s/.test(line));
      const took = `bench quick run: ${((performance.now() - started) / 1000).toFixed(1)} s`;
      console.log([took, ...timings].join('\n'));
      results = readFileSync(file, 'utf8');
    },
    (MAX_MINUTES + 1) * 60_000,
  );

  afterAll(async () => {
    rmSync(folder, { recursive: true, force: true });
    if (!databaseUrl) return;
    useBenchDatabase(databaseUrl);
    await dropBenchDatabases();
  }, 60_000);

  it('prints the load average each benchmark began and ended under', () => {
    for (const name of covered) {
      expect(output, name).toMatch(new RegExp(`== ${name}: 1-minute load average [\\d.]+ as it begins`));
      expect(output, name).toMatch(new RegExp(`== ${name}: [\\d.]+ s; 1-minute load average [\\d.]+ as it ends`));
    }
  });

  it.each(covered)('writes the %s section with figures', (name) => {
    const section = sectionOf(results, name);
    expect(section, `section ${name}`).not.toBeNull();
    expect(section).not.toContain('_not run yet_');
    // Sizes (the widget's) do not depend on the machine's load; every timed figure does.
    if (name !== 'widget') expect(section).toMatch(/1-minute load average as it began: [\d.]+/);
    const figures = tableRows(section as string)
      .flat()
      .map(figure)
      .filter((n) => n > 0);
    expect(figures.length, `figures above 0 in ${name}`).toBeGreaterThan(0);
    for (const { delivered, expected, cell } of deliveredCounts(section as string)) {
      expect(expected, cell).toBeGreaterThan(0);
      expect(delivered, cell).toBe(expected);
    }
  });

  it.runIf(covers('connections'))('connections: every socket held, reported by the node and reached by a post', () => {
    const section = sectionOf(results, 'connections') as string;
    const held = figure(row(section, /^Subscribed sockets held/)[1] as string);
    expect(held).toBeGreaterThan(0);
    expect(figure(row(section, /^Sockets the node reports/)[1] as string)).toBe(held);
    expect(figure(row(section, /reached$/)[1] as string)).toBe(held);
  });

  it.runIf(covers('fanout'))(
    'fanout: Booth and the bare broadcast were measured at each setting, and got events',
    () => {
      const section = sectionOf(results, 'fanout') as string;
      // Steps: deflate, system, rate, p50, p99, "received of expected", holds or falls behind.
      const steps = tableRows(section).filter((cells) => /^\d+\/s$/.test(cells[2] ?? ''));
      const settings = [...new Set(steps.map((cells) => cells[0]))];
      expect(settings.length, 'permessage-deflate settings').toBeGreaterThan(0);
      for (const deflate of settings) {
        for (const system of ['Booth', 'bare ws']) {
          const mine = steps.filter((cells) => cells[0] === deflate && cells[1] === system);
          expect(mine.length, `${system}, deflate ${deflate}`).toBeGreaterThan(0);
          for (const cells of mine) {
            expect(figure(cells[3] as string), `${system} p50`).toBeGreaterThan(0);
            expect(figure(cells[5] as string), `${system} received`).toBeGreaterThan(0);
          }
        }
      }
    },
  );

  it.runIf(covers('cluster'))(
    'cluster: LISTEN/NOTIFY and NATS were each measured at every node count, losing nothing',
    () => {
      const section = sectionOf(results, 'cluster') as string;
      // Rows: nodes, fan-out, subscribers, then steady and full-load writes, p50, p99, delivered.
      const measured = tableRows(section).filter((cells) => /^(LISTEN\/NOTIFY|NATS)$/.test(cells[1] ?? ''));
      const nodeCounts = [...new Set(measured.map((cells) => cells[0]))];
      expect(nodeCounts.length, 'node counts').toBeGreaterThan(0);
      for (const nodes of nodeCounts) {
        for (const fanout of ['LISTEN/NOTIFY', 'NATS']) {
          const cells = measured.find((c) => c[0] === nodes && c[1] === fanout);
          expect(cells, `${nodes} nodes, ${fanout}`).toBeDefined();
          expect(figure(cells?.[7] as string), `${nodes} nodes, ${fanout}: full-load writes/s`).toBeGreaterThan(0);
          expect(figure(cells?.[9] as string), `${nodes} nodes, ${fanout}: full-load p99`).toBeGreaterThan(0);
        }
      }
    },
  );

  it.runIf(covers('writes'))(
    'writes: Booth, the data-model limit and the bare INSERT wrote, and the peer ran or says why not',
    () => {
      const section = sectionOf(results, 'writes') as string;
      // Rows: system, load shape, writes/s, p50, p99, …
      for (const system of [/^Booth/, /^data-model limit/, /^bare INSERT/]) {
        const rows = tableRows(section).filter((cells) => system.test(cells[0] ?? ''));
        expect(rows.length, String(system)).toBeGreaterThan(0);
        for (const cells of rows) {
          expect(figure(cells[2] as string), `${cells[0]} writes/s`).toBeGreaterThan(0);
          expect(figure(cells[4] as string), `${cells[0]} p99`).toBeGreaterThan(0);
        }
      }
      const peer = tableRows(section).find((cells) => /^Waline/.test(cells[0] ?? ''));
      expectPeerOrReason(section, peer ? (peer[2] as string) : 'skipped');
    },
  );

  it.runIf(covers('mail'))('mail: every follower was emailed and answers were written', () => {
    const section = sectionOf(results, 'mail') as string;
    expect(figure(row(section, /^Followers/)[1] as string)).toBeGreaterThan(0);
    expect(figure(row(section, /^Emails per second/)[1] as string)).toBeGreaterThan(0);
    const [, withFollowers, without] = row(section, /^answers per second/);
    expect(figure(withFollowers as string)).toBeGreaterThan(0);
    expect(figure(without as string)).toBeGreaterThan(0);
  });

  it.runIf(covers('board'))('board: pages were served from the seed, and the peer ran or says why not', () => {
    const section = sectionOf(results, 'board') as string;
    const [, booth, peer] = row(section, /^Board first page: requests per second/);
    expect(figure(booth as string)).toBeGreaterThan(0);
    expectPeerOrReason(section, peer as string);
    expect(figure(row(section, /^First page of the board/)[1] as string)).toBeGreaterThan(0);
  });

  it.runIf(covers('replica'))(
    'replica: the node served from the primary alone, then read the replica, and the primary did less per request',
    () => {
      const section = sectionOf(results, 'replica') as string;
      // Rows: phase, requests/s, p50, p99, primary CPU, replica CPU, primary transactions, rows read, routed reads.
      const alone = row(section, /^primary only/);
      const replicated = row(section, /^reads on the replica/);
      for (const cells of [alone, replicated]) {
        expect(figure(cells[1] as string), `${cells[0]} requests/s`).toBeGreaterThan(0);
        expect(figure(cells[3] as string), `${cells[0]} p99`).toBeGreaterThan(0);
      }
      expect(figure(alone[8] as string), 'reads routed to the replica without one').toBe(0);
      expect(figure(replicated[8] as string), 'reads routed to the replica').toBeGreaterThan(0);
      expect(figure(replicated[5] as string), 'replica CPU').toBeGreaterThan(0);
      expect(figure(replicated[6] as string), 'primary transactions per request').toBeLessThan(
        figure(alone[6] as string),
      );
      // The phase with writes: replies made, and every writer's read after its reply saw it.
      expect(figure(row(section, /^reads on the replica, with writes/)[1] as string)).toBeGreaterThan(0);
      expect(section).toMatch(/they made [1-9][\d,]* in/);
      expect(section).toMatch(/it always did\. That read took [\d.]+ ms at p50/);
    },
  );

  it.runIf(covers('suggest'))('suggest: one typist got answers', () => {
    const section = sectionOf(results, 'suggest') as string;
    const [, requests, p50] = row(section, /^1 typist/);
    expect(figure(requests as string)).toBeGreaterThan(0);
    expect(figure(p50 as string)).toBeGreaterThan(0);
  });

  it.runIf(covers('limits'))('limits: the memory and Postgres stores took checks', () => {
    const section = sectionOf(results, 'limits') as string;
    expect(figure(row(section, /^memory/)[1] as string)).toBeGreaterThan(0);
    expect(figure(row(section, /^Postgres/)[1] as string)).toBeGreaterThan(0);
  });

  it.runIf(covers('overload'))(
    'overload: shedding let some of the storm in, shed the rest, and no subscriber missed an event',
    () => {
      const section = sectionOf(results, 'overload') as string;
      const [, letIn, shed, , , , , missed] = row(section, /^shedding on/);
      expect(figure(letIn as string)).toBeGreaterThan(0);
      expect(figure(shed as string)).toBeGreaterThan(0);
      expect(figure(missed as string)).toBe(0);
      expect(figure(row(section, /^shedding off/)[1] as string)).toBeGreaterThan(0);
    },
  );

  it.runIf(covers('startup'))('startup: both ways of running a node started', () => {
    const section = sectionOf(results, 'startup') as string;
    const [, tsx, build] = row(section, /^to listening/);
    expect(figure(tsx as string)).toBeGreaterThan(0);
    expect(figure(build as string)).toBeGreaterThan(0);
  });

  it.runIf(covers('widget'))('widget: the first load of each language was weighed', () => {
    const section = sectionOf(results, 'widget') as string;
    expect(figure(row(section, /^en$/)[2] as string)).toBeGreaterThan(0);
  });
});

/** The peer's figure is a rate above zero, or the peer was skipped and the section says why. */
function expectPeerOrReason(section: string, cell: string): void {
  if (cell === 'skipped') expect(section).toMatch(/not measured: \S/);
  else expect(figure(cell)).toBeGreaterThan(0);
}
