import { type Kysely, sql } from 'kysely';

/**
 * Origins whose pages tried to load a site's widget and were refused because the site does not
 * allow them yet: one row per site and origin, with when it was first and last seen, so owners
 * can allow one with a click. Booth keeps only a site's most recently seen ones.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('refused_origins')
    .addColumn('site_id', 'bigint', (c) => c.notNull().references('sites.id').onDelete('cascade'))
    .addColumn('origin', 'text', (c) => c.notNull().check(sql`length(origin) <= 200`))
    .addColumn('first_seen_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('refused_origins_pkey', ['site_id', 'origin'])
    .execute();
  await db.schema
    .createIndex('refused_origins_recent_idx')
    .on('refused_origins')
    .columns(['site_id', 'last_seen_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('refused_origins').execute();
}
