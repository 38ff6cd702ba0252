import { type Kysely, sql } from 'kysely';

/**
 * The FAQ built from answers: how often each thread is opened (`view_count`, one of the FAQ's
 * ranking signals, added to in batches by each node), and what staff decided about a thread's
 * place in the FAQ (`faq_entries`: left out, pinned to a position, a short canonical summary).
 * A thread without an entry is in the FAQ as soon as it has an accepted or staff answer.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('threads')
    .addColumn('view_count', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable('faq_entries')
    .addColumn('thread_id', 'bigint', (c) => c.primaryKey().references('threads.id').onDelete('cascade'))
    .addColumn('site_id', 'bigint', (c) => c.notNull().references('sites.id').onDelete('cascade'))
    .addColumn('included', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('position', 'integer', (c) => c.check(sql`position between 1 and 1000`))
    .addColumn('summary', 'text', (c) => c.check(sql`length(summary) between 1 and 500`))
    .addColumn('updated_by', 'bigint', (c) => c.references('members.id').onDelete('set null'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('faq_entries_site_idx').on('faq_entries').columns(['site_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('faq_entries').execute();
  await db.schema.alterTable('threads').dropColumn('view_count').execute();
}
