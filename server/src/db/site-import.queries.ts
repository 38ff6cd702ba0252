import { type Insertable, sql } from 'kysely';
import type { SiteRow, SitesTable, VotesTable } from './database.js';
import type { Executor } from './executor.js';

/** The tables whose rows an import writes with ids it chose itself. */
export type ImportedTable = 'members' | 'boards' | 'threads' | 'posts';

/** New ids for `count` rows of `table`, taken from its identity sequence. */
export async function takeNewIds(db: Executor, table: ImportedTable, count: number): Promise<string[]> {
  if (count === 0) return [];
  const { rows } = await sql<{ id: string }>`
    select nextval(pg_get_serial_sequence(${table}, 'id'))::text as id from generate_series(1, ${count})
  `.execute(db);
  return rows.map((r) => r.id);
}

/**
 * Inserts rows whose ids were taken from the table's identity sequence. Kysely has no
 * `OVERRIDING SYSTEM VALUE`, so the statement is written out; names come from the code only.
 */
export async function insertWithIds(
  db: Executor,
  table: ImportedTable,
  rows: Array<Record<string, unknown>>,
): Promise<void> {
  const first = rows[0];
  if (!first) return;
  const columns = Object.keys(first);
  const values = rows.map((row) => sql`(${sql.join(columns.map((c) => row[c]))})`);
  await sql`insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))})
    overriding system value values ${sql.join(values)}`.execute(db);
}

/** Inserts an imported site with every setting the document carries. */
export async function insertImportedSite(db: Executor, site: Insertable<SitesTable>): Promise<SiteRow> {
  return db.insertInto('sites').values(site).returningAll().executeTakeFirstOrThrow();
}

/** How a site's members are known from outside: their external id and email. */
export async function listMemberIdentities(
  db: Executor,
  siteId: string,
): Promise<{ id: string; external_id: string | null; email: string | null }[]> {
  return db.selectFrom('members').select(['id', 'external_id', 'email']).where('site_id', '=', siteId).execute();
}

/** A site's boards by slug. */
export async function listBoardSlugs(db: Executor, siteId: string): Promise<{ id: string; slug: string }[]> {
  return db.selectFrom('boards').select(['id', 'slug']).where('site_id', '=', siteId).execute();
}

/** Inserts votes; a member's vote already on a post is kept. */
export async function insertVotesKeepingExisting(db: Executor, votes: Insertable<VotesTable>[]): Promise<void> {
  await db
    .insertInto('votes')
    .values(votes)
    .onConflict((oc) => oc.columns(['post_id', 'member_id']).doNothing())
    .execute();
}
