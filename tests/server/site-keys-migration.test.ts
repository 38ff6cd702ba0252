import { type Kysely, Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index.js';
import { migrateToLatest } from '../../server/src/db/migrate.js';
import { openTestDatabase } from '../helpers/test-database.js';

const BEFORE = '20261205_0400_answer_releases';
const TABLES = [
  'disqus_threads',
  'board_releases',
  'staff_sign_in',
  'staff_recovery_codes',
  'staff_preferences',
  'staff_digests',
  'unanswered_alerts',
] as const;
type Table = (typeof TABLES)[number];

/** Inserts, as the release before the migration does (no `site_id`), one row of each table for a site. */
interface SiteRows {
  site: string;
  member: string;
}

async function rowsOfASite(db: Kysely<unknown>, key: string): Promise<SiteRows> {
  const one = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(db)).rows[0] as T;
  const { id: site } = await one<{ id: string }>(
    sql`insert into sites (public_key, name, sso_secret) values (${key}, ${key}, 'secret') returning id`,
  );
  const { id: board } = await one<{ id: string }>(
    sql`insert into boards (site_id, slug, name) values (${site}, 'help', 'Help') returning id`,
  );
  const { id: member } = await one<{ id: string }>(
    sql`insert into members (site_id, name, role) values (${site}, 'Sam', 'staff') returning id`,
  );
  const { id: thread } = await one<{ id: string }>(sql`
    insert into threads (board_id, kind, title, author_id, created_at, last_activity_at)
    values (${board}, 'question', 'Imported', ${member}, '2026-01-02T03:04:05Z', '2026-01-02T03:04:05Z') returning id`);
  await sql`insert into disqus_threads (board_id, disqus_id, thread_id) values (${board}, ${`d-${key}`}, ${thread})`.execute(
    db,
  );
  await sql`insert into board_releases (board_id, name, created_by, released_at)
    values (${board}, 'v2', ${member}, '2026-01-02T10:00:00Z')`.execute(db);
  await sql`insert into staff_sign_in (member_id, failures) values (${member}, 1)`.execute(db);
  await sql`insert into staff_recovery_codes (member_id, code_hash) values (${member}, 'h1'), (${member}, 'h2')`.execute(
    db,
  );
  await sql`insert into staff_preferences (member_id, language) values (${member}, 'de')`.execute(db);
  await sql`insert into staff_digests (member_id, day, sent_at) values (${member}, '2026-01-02', '2026-01-02T08:00:00Z')`.execute(
    db,
  );
  await sql`insert into unanswered_alerts (thread_id, alerted_at) values (${thread}, '2026-01-02T09:00:00Z')`.execute(
    db,
  );
  return { site, member };
}

/** Each table's rows as (site_id, the site its parent row belongs to). */
async function siteColumns(db: Kysely<unknown>, table: Table) {
  const parent = {
    disqus_threads: sql`(select site_id from boards where id = x.board_id)`,
    board_releases: sql`(select site_id from boards where id = x.board_id)`,
    staff_sign_in: sql`(select site_id from members where id = x.member_id)`,
    staff_recovery_codes: sql`(select site_id from members where id = x.member_id)`,
    staff_preferences: sql`(select site_id from members where id = x.member_id)`,
    staff_digests: sql`(select site_id from members where id = x.member_id)`,
    unanswered_alerts: sql`(select b.site_id from threads t join boards b on b.id = t.board_id where t.id = x.thread_id)`,
  }[table];
  const { rows } = await sql<{ site_id: string | null; parent_site: string }>`
    select x.site_id, ${parent} as parent_site from ${sql.table(table)} x`.execute(db);
  return rows;
}

describe('migration 20261205_0600_site_keys', () => {
  let database: Awaited<ReturnType<typeof openTestDatabase>>;
  let db: Kysely<unknown>;
  let sites: [SiteRows, SiteRows];

  beforeAll(async () => {
    database = await openTestDatabase();
    db = database.db as Kysely<unknown>;
    const migrator = new Migrator({
      db,
      migrationTableSchema: database.schema,
      provider: { getMigrations: async () => migrations },
    });
    const before = await migrator.migrateTo(BEFORE);
    if (before.error) throw before.error;
    sites = [await rowsOfASite(db, 'site_a'), await rowsOfASite(db, 'site_b')];
    await migrateToLatest(db);
  });
  afterAll(async () => {
    await database?.dispose();
  });

  it('fills site_id of existing rows from their parents, and makes it required', async () => {
    for (const table of TABLES) {
      const rows = await siteColumns(db, table);
      expect(rows.length, table).toBeGreaterThanOrEqual(2);
      for (const row of rows) expect(row.site_id, table).toBe(row.parent_site);
      expect(new Set(rows.map((row) => row.site_id)), table).toEqual(new Set(sites.map((s) => s.site)));
    }
    const { rows } = await sql<{ table_name: string; is_nullable: string }>`
      select table_name, is_nullable from information_schema.columns
      where table_schema = current_schema() and column_name = 'site_id' and table_name in (${sql.join([...TABLES])})`.execute(
      db,
    );
    expect(rows.map((row) => row.table_name).sort()).toEqual([...TABLES].sort());
    expect(rows.every((row) => row.is_nullable === 'NO')).toBe(true);
  });

  it('fills site_id of rows a previous release inserts without it, and refuses a site that does not exist', async () => {
    const [, b] = sites;
    await sql`delete from staff_preferences where member_id = ${b.member}`.execute(db);
    await sql`insert into staff_preferences (member_id, language) values (${b.member}, 'fr')`.execute(db);
    const { rows } = await sql<{
      site_id: string;
    }>`select site_id from staff_preferences where member_id = ${b.member}`.execute(db);
    expect(rows).toEqual([{ site_id: b.site }]);
    await expect(
      sql`insert into staff_recovery_codes (member_id, site_id, code_hash) values (${b.member}, 999999999, 'h3')`.execute(
        db,
      ),
    ).rejects.toThrow(/staff_recovery_codes_site_id_fkey/);
  });

  it("goes with its site: deleting a site deletes its rows and keeps the other site's", async () => {
    const [a, b] = sites;
    await sql`delete from sites where id = ${a.site}`.execute(db);
    for (const table of TABLES) {
      const rows = await siteColumns(db, table);
      expect(rows.length, table).toBeGreaterThan(0);
      expect(
        rows.every((row) => row.site_id === b.site),
        table,
      ).toBe(true);
    }
  });
});
