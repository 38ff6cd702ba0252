import { migrations } from '@booth/migrations';
import { type Kysely, type Migration, type MigrationResultSet, Migrator, sql } from 'kysely';

/**
 * Stands in for a migration that a newer release applied and this build does not know. During a
 * rolling deploy (migrations/README.md: expand, then contract) the schema is ahead of the nodes
 * still on the previous release; they must keep starting and report ready, not refuse the schema.
 */
const APPLIED_BY_A_NEWER_RELEASE: Migration = {
  async up() {
    throw new Error('a migration of a newer release cannot be run by this build');
  },
};

/** Names of the migrations recorded in `schema`, none when the bookkeeping table does not exist yet. */
async function appliedNames(db: Kysely<unknown>, schema: string): Promise<string[]> {
  const { rows: present } = await sql<{ found: boolean }>`
    select exists (select 1 from information_schema.tables
      where table_schema = ${schema} and table_name = 'kysely_migration') as found`.execute(db);
  if (!present[0]?.found) return [];
  const { rows } = await sql<{ name: string }>`select name from ${sql.table(`${schema}.kysely_migration`)}`.execute(db);
  return rows.map((r) => r.name);
}

async function migrator(db: Kysely<unknown>): Promise<Migrator> {
  // Unless told a schema, Kysely takes its bookkeeping tables found in any schema as its own;
  // naming the connection's schema keeps side-by-side schemas (tests, nodes) apart.
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  const migrationTableSchema = rows[0]?.schema ?? 'public';
  const newer = (await appliedNames(db, migrationTableSchema)).filter((name) => !(name in migrations));
  const known = { ...migrations, ...Object.fromEntries(newer.map((name) => [name, APPLIED_BY_A_NEWER_RELEASE])) };
  return new Migrator({ db, migrationTableSchema, provider: { getMigrations: async () => known } });
}

/** Brings the schema up to date; throws with the failing migration's name on error. */
export async function migrateToLatest(db: Kysely<unknown>): Promise<MigrationResultSet> {
  const result = await (await migrator(db)).migrateToLatest();
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error');
    throw new Error(`Migration ${failed?.migrationName ?? '(unknown)'} failed: ${String(result.error)}`, {
      cause: result.error,
    });
  }
  return result;
}

/** True when every known migration has been applied (used by the readiness check). */
export async function migrationsAreCurrent(db: Kysely<unknown>): Promise<boolean> {
  const applied = await (await migrator(db)).getMigrations();
  return applied.every((m) => m.executedAt !== undefined);
}
