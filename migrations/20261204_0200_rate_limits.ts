import { type Kysely, sql } from 'kysely';

/**
 * Rate-limit counts shared by every node: one row per limited key (a member, a network or a site
 * under one kind of limit) holding its theoretical arrival time in ms (GCRA). Unlogged: counts
 * need no crash safety or replicas, and skipping the WAL keeps the upsert that every limited
 * request makes cheap. After a crash Postgres empties the table, which only forgives a minute.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create unlogged table rate_limits (key text primary key, tat double precision not null)`.execute(db);
  await db.schema.createIndex('rate_limits_tat_idx').on('rate_limits').column('tat').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('rate_limits').execute();
}
