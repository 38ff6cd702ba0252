import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index.js';
import { migrateToLatest, migrationsAreCurrent } from '../../server/src/db/migrate.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { openTestDatabase } from '../helpers/test-database.js';

// A node of this release must keep running, and start, on a schema a newer release has already
// migrated (migrations/README.md: expand, then contract), as nodes of two versions do during a
// rolling deploy.
describe('a schema migrated by a newer release', () => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  let t: TestApp;
  const NEWER = '29990101_0000_from_a_newer_release';

  beforeAll(async () => {
    database = await openTestDatabase();
    await migrateToLatest(database.db as Kysely<unknown>);
    // As the newer release's migrator records it.
    await sql`insert into kysely_migration (name, timestamp) values (${NEWER}, '2999-01-01T00:00:00.000Z')`.execute(
      database.db,
    );
    t = await startTestApp({ database });
  });

  afterAll(async () => {
    await t?.close();
    await database?.dispose();
  });

  it('lets this build start on it, with nothing to apply, and report ready', async () => {
    const result = await migrateToLatest(database.db as Kysely<unknown>);
    expect(result.results).toEqual([]);
    expect(await migrationsAreCurrent(database.db as Kysely<unknown>)).toBe(true);
    const ready = await fetch(`${t.baseUrl}/readyz`);
    expect(await ready.json()).toMatchObject({ ready: true, checks: { migrations: true } });
  });

  it('still reports not ready while one of this build’s own migrations is missing', async () => {
    const last = Object.keys(migrations).sort().at(-1) as string;
    const { rows } = await sql<{
      timestamp: string;
    }>`delete from kysely_migration where name = ${last} returning timestamp`.execute(database.db);
    try {
      expect(await migrationsAreCurrent(database.db as Kysely<unknown>)).toBe(false);
      expect((await fetch(`${t.baseUrl}/readyz`)).status).toBe(503);
    } finally {
      await sql`insert into kysely_migration (name, timestamp) values (${last}, ${rows[0]?.timestamp})`.execute(
        database.db,
      );
    }
  });
});
