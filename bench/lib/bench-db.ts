import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import pg from 'pg';
import { type OpenDatabase, openDatabase } from '../../server/src/db/connect.js';
import type { Database, SiteRow } from '../../server/src/db/database.js';
import { migrateToLatest } from '../../server/src/db/migrate.js';
import { insertSite } from '../../server/src/db/sites.queries.js';

/**
 * The Postgres the benchmarks use: a database of their own on the local server (BENCH_DATABASE_URL,
 * else booth_bench). A run may switch to a database of its own before it starts (useBenchDatabase).
 */
export let BENCH_DATABASE_URL = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/booth_bench';

/** Makes `url` the bench database for the rest of this process (an ES module binding: importers see it). */
export function useBenchDatabase(url: string): void {
  BENCH_DATABASE_URL = url;
}

/**
 * A quick run's own database (unless BENCH_DATABASE_URL names one): no quick run touches the
 * schemas or seeds of the real one, nor another run's. Dropped at the end with its siblings.
 */
export function perRunDatabaseUrl(): string {
  const url = new URL(BENCH_DATABASE_URL);
  url.pathname = `/booth_bench_quick_${process.pid}_${randomBytes(3).toString('hex')}`;
  return url.toString();
}

/**
 * The name of a database beside the bench database, for a benchmark that needs a whole one
 * (Waline's tables, start-up's migrations): booth_bench_waline beside booth_bench, and beside a
 * per-run database its own.
 */
export const siblingDatabase = (suffix: string) => `${new URL(BENCH_DATABASE_URL).pathname.slice(1)}_${suffix}`;

/** Drops the bench database and its siblings (a per-run database, at the end of its run). */
export async function dropBenchDatabases(): Promise<void> {
  const url = new URL(BENCH_DATABASE_URL);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ datname: string }>(
      "select datname from pg_database where datname = $1 or starts_with(datname, $1 || '_')",
      [name],
    );
    for (const { datname } of rows) await admin.query(`drop database ${pg.escapeIdentifier(datname)} with (force)`);
  } finally {
    await admin.end();
  }
}

/** The page origin the load generators claim; the benchmark site allows it. */
export const BENCH_ORIGIN = 'https://bench.example';

/** Creates the bench database if it is missing. */
export async function ensureBenchDatabase(): Promise<void> {
  await ensureDatabase(new URL(BENCH_DATABASE_URL).pathname.slice(1));
}

/** Creates database `name` on the bench's Postgres server if it is missing; returns its URL. */
export async function ensureDatabase(name: string): Promise<string> {
  const url = new URL(BENCH_DATABASE_URL);
  url.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (!rowCount) await admin.query(`create database ${pg.escapeIdentifier(name)}`);
  } finally {
    await admin.end();
  }
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Opens a schema of the bench database (or of the database at `url`, which must exist) with
 * migrations applied; `fresh` drops it first.
 */
export async function openBenchSchema(schema: string, fresh: boolean, url = BENCH_DATABASE_URL): Promise<OpenDatabase> {
  if (url === BENCH_DATABASE_URL) await ensureBenchDatabase();
  if (fresh) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`drop schema if exists ${pg.escapeIdentifier(schema)} cascade`);
    await admin.end();
  }
  const database = await openDatabase({ url, dataDir: null, schema, poolSize: 4 });
  await migrateToLatest(database.db as Kysely<unknown>);
  return database;
}

/**
 * Write and sign-in limits off, new members' first-day limits off, duplicate detection off: one
 * address plays thousands of visitors, each of them new.
 */
const OPEN_POLICY = {
  duplicateWindowMinutes: 0,
  firstDayLimits: { level0: { threads: 0, replies: 0 }, level1: { threads: 0, replies: 0 } },
  rateLimits: {
    posts: { member: 0, ip: 0, site: 0 },
    writes: { member: 0, ip: 0, site: 0 },
    signIns: { ip: 0, site: 0 },
  },
};

/** A site for the load generators, with its limits lifted. */
export async function createBenchSite(db: Kysely<Database>): Promise<SiteRow> {
  const site = await insertSite(db, {
    publicKey: `bench_${randomBytes(6).toString('hex')}`,
    name: 'Benchmark Brand',
    allowedOrigins: [BENCH_ORIGIN],
    ssoSecret: randomBytes(32).toString('base64url'),
    guestsAllowed: true,
  });
  await sql`update sites set policy = policy || ${JSON.stringify(OPEN_POLICY)}::jsonb where id = ${site.id}`.execute(
    db,
  );
  return site;
}
