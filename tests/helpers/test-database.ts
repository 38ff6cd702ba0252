import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { inject } from 'vitest';
import { type OpenDatabase, openDatabase } from '../../server/src/db/connect.js';
import { startEmbeddedPostgres } from '../../server/src/db/embedded-postgres.js';

/** Which Postgres this test project runs against: the embedded one, or `DATABASE_URL`. */
export function testDatabaseKind(): 'embedded' | 'postgres' {
  return process.env.BOOTH_TEST_DB === 'postgres' ? 'postgres' : 'embedded';
}

/**
 * Why a file that runs Postgres servers of its own is skipped in this project, or null where it
 * runs: once, in the real-Postgres project (the embedded project would run it a second time).
 * The caller says it in the run's output, so that a skipped file is noticed.
 */
export function ownPostgresSkipReason(): string | null {
  if (!process.env.DATABASE_URL) return 'no DATABASE_URL: an embedded-only run has no real Postgres';
  return testDatabaseKind() === 'embedded' ? 'runs in the server-postgres project' : null;
}

export function testDatabaseUrl(): string {
  if (testDatabaseKind() === 'postgres') {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error('BOOTH_TEST_DB=postgres needs DATABASE_URL');
    return url;
  }
  return inject('embeddedPostgresUrl');
}

/** A fresh schema name, so every test file (and every node of a multi-node test) has its own data. */
export function freshSchemaName(): string {
  return `t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}

/** Opens the test database in its own schema; `dispose` drops the schema. */
export async function openTestDatabase(
  schema = freshSchemaName(),
): Promise<OpenDatabase & { dispose(): Promise<void> }> {
  const embedded = testDatabaseKind() === 'embedded';
  const database = await openDatabase({ url: testDatabaseUrl(), dataDir: null, schema, embedded, poolSize: 5 });
  return {
    ...database,
    async dispose() {
      await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(database.db).catch(() => {});
      await database.close();
    },
  };
}

/** Another connection pool on an existing schema, as a second node has; closing it leaves the schema. */
export function openNodePool(schema: string): Promise<OpenDatabase> {
  const embedded = testDatabaseKind() === 'embedded';
  return openDatabase({ url: testDatabaseUrl(), dataDir: null, schema, embedded, poolSize: 5 });
}

/**
 * A database apart from every other of the run, as a second Booth installation has. On the embedded
 * Postgres that is a second PGlite: all connections of one PGlite share one session, so two schemas of
 * it cannot be told apart. On the real Postgres, a fresh schema.
 */
export async function openSeparateTestDatabase(): Promise<OpenDatabase & { dispose(): Promise<void> }> {
  if (testDatabaseKind() === 'postgres') return openTestDatabase();
  const embedded = await startEmbeddedPostgres(null);
  const database = await openDatabase({ url: embedded.url, dataDir: null, embedded: true, poolSize: 3 });
  return {
    ...database,
    async dispose() {
      await database.close();
      await embedded.close();
    },
  };
}
