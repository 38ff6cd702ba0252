import type { Kysely } from 'kysely';

/**
 * Which Disqus thread each imported discussion came from, per board, so importing the same
 * export again (or a later, longer one) adds only the discussions not imported before.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('disqus_threads')
    .addColumn('board_id', 'bigint', (c) => c.notNull().references('boards.id').onDelete('cascade'))
    .addColumn('disqus_id', 'text', (c) => c.notNull())
    .addColumn('thread_id', 'bigint', (c) => c.notNull().references('threads.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('disqus_threads_pkey', ['board_id', 'disqus_id'])
    .execute();
  await db.schema.createIndex('disqus_threads_thread_idx').on('disqus_threads').column('thread_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('disqus_threads').execute();
}
