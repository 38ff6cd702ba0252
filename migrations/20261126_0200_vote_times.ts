import { type Kysely, sql } from 'kysely';

/**
 * When each vote was cast, so insights count the up-votes given in a period (not the up-votes on
 * replies written in it). Votes cast before this column existed take their post's time, the
 * earliest they can have been cast.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('votes')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`update votes set created_at = posts.created_at from posts where posts.id = votes.post_id`.execute(db);
  await db.schema.createIndex('votes_created_at_idx').on('votes').column('created_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('votes_created_at_idx').execute();
  await db.schema.alterTable('votes').dropColumn('created_at').execute();
}
