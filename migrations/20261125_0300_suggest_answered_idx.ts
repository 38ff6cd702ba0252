import { type Kysely, sql } from 'kysely';

/**
 * Title indexes over answered questions only: suggestions offer answered questions first, and on
 * a large board a common word must not bury them among thousands of unanswered matches.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index threads_answered_title_tsv_idx on threads using gin (title_tsv) with (fastupdate = off)
    where hidden = false and kind = 'question' and answered_at is not null`.execute(db);
  await sql`create index threads_answered_title_words_tsv_idx on threads using gin (title_words_tsv) with (fastupdate = off)
    where hidden = false and kind = 'question' and answered_at is not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('threads_answered_title_words_tsv_idx').execute();
  await db.schema.dropIndex('threads_answered_title_tsv_idx').execute();
}
