import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/**
 * The language a site speaks to its customers, set by its owners: pages rendered by the server and
 * full-text search follow it. Existing sites keep English.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('sites')
    .addColumn('language', 'text', (c) =>
      c.notNull().defaultTo('en').check(sql`language in ('en', 'de', 'fr', 'es', 'pt-BR', 'ja', 'ar')`),
    )
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sites').dropColumn('language').execute();
}
