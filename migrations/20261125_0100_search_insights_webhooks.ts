import { type Kysely, sql } from 'kysely';

/**
 * Full-text search vectors and their indexes, indexes behind the insights figures, per-site
 * settings for server-rendered thread pages and unanswered alerts, and webhooks with their
 * delivery log.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // Stored vectors: ranking reads them instead of parsing every matching text again.
  await sql`alter table threads add column title_tsv tsvector generated always as (to_tsvector('english', title)) stored`.execute(
    db,
  );
  await sql`create index threads_title_tsv_idx on threads using gin (title_tsv) where hidden = false`.execute(db);
  // Unstemmed words of the title: a word still being typed ("shipp") is matched as a prefix of
  // these, since its stem ("shipp") is no prefix of the stemmed words ("ship").
  await sql`alter table threads add column title_words_tsv tsvector generated always as (to_tsvector('simple', title)) stored`.execute(
    db,
  );
  await sql`create index threads_title_words_tsv_idx on threads using gin (title_words_tsv) where hidden = false`.execute(
    db,
  );
  await sql`alter table posts add column source_tsv tsvector generated always as (to_tsvector('english', source)) stored`.execute(
    db,
  );
  await sql`create index posts_source_tsv_idx on posts using gin (source_tsv) where status = 'visible'`.execute(db);

  await db.schema.createIndex('threads_board_created_idx').on('threads').columns(['board_id', 'created_at']).execute();
  await db.schema.createIndex('posts_board_created_idx').on('posts').columns(['board_id', 'created_at']).execute();
  await db.schema
    .createIndex('threads_open_questions_idx')
    .on('threads')
    .columns(['board_id', 'created_at'])
    .where(sql<boolean>`answered_at is null and hidden = false and kind = 'question'`)
    .execute();

  await db.schema
    .createTable('site_reach_settings')
    .addColumn('site_id', 'bigint', (c) => c.primaryKey().references('sites.id').onDelete('cascade'))
    // Brand page a thread lives on, with {board} and {thread} placeholders; used as canonical link.
    .addColumn('page_url_template', 'text')
    // A question without an accepted answer for this long triggers `question.unanswered`.
    .addColumn('unanswered_alert_minutes', 'integer', (c) => c.notNull().defaultTo(1440))
    .execute();

  await db.schema
    .createTable('webhooks')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('site_id', 'bigint', (c) => c.notNull().references('sites.id').onDelete('cascade'))
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('events', sql`text[]`, (c) => c.notNull())
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('webhooks_site_idx').on('webhooks').column('site_id').execute();

  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('webhook_id', 'bigint', (c) => c.notNull().references('webhooks.id').onDelete('cascade'))
    .addColumn('site_id', 'bigint', (c) => c.notNull().references('sites.id').onDelete('cascade'))
    .addColumn('event', 'text', (c) => c.notNull())
    // Makes an event that may be noticed twice (e.g. an unanswered question) deliver once.
    .addColumn('dedupe_key', 'text')
    .addColumn('payload', 'jsonb', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_status', 'integer')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_attempt_at', 'timestamptz')
    .addColumn('delivered_at', 'timestamptz')
    .addCheckConstraint('webhook_deliveries_status_check', sql`status in ('pending', 'delivered', 'failed')`)
    .execute();
  await db.schema
    .createIndex('webhook_deliveries_dedupe_key')
    .unique()
    .on('webhook_deliveries')
    .columns(['webhook_id', 'dedupe_key'])
    .where(sql.ref('dedupe_key'), 'is not', null)
    .execute();
  await db.schema
    .createIndex('webhook_deliveries_site_idx')
    .on('webhook_deliveries')
    .expression(sql`site_id, id desc`)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('webhook_deliveries').execute();
  await db.schema.dropTable('webhooks').execute();
  await db.schema.dropTable('site_reach_settings').execute();
  for (const index of [
    'threads_open_questions_idx',
    'posts_board_created_idx',
    'threads_board_created_idx',
    'posts_source_tsv_idx',
    'threads_title_words_tsv_idx',
    'threads_title_tsv_idx',
  ]) {
    await db.schema.dropIndex(index).execute();
  }
  await db.schema.alterTable('posts').dropColumn('source_tsv').execute();
  await db.schema.alterTable('threads').dropColumn('title_words_tsv').execute();
  await db.schema.alterTable('threads').dropColumn('title_tsv').execute();
}
