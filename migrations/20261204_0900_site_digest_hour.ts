import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/**
 * The hour of the day (UTC) from which a site's daily staff digest goes out, set by its owners;
 * null keeps the server's default.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('site_reach_settings')
    .addColumn('digest_hour', 'smallint', (c) => c.check(sql`digest_hour between 0 and 23`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('site_reach_settings').dropColumn('digest_hour').execute();
}
