import { migrations } from '@booth/migrations';
import { type Kysely, type MigrationResultSet, Migrator, sql } from 'kysely';

async function migrator(db: Kysely<unknown>): Promise<Migrator> {
  // Unless told a schema, Kysely takes its bookkeeping tables found in any schema as its own;
  // naming the connection's schema keeps side-by-side schemas (tests, nodes) apart.
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  const migrationTableSchema = rows[0]?.schema ?? 'public';
  return new Migrator({ db, migrationTableSchema, provider: { getMigrations: async () => migrations } });
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
