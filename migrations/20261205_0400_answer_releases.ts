import { type Kysely, sql } from 'kysely';

/**
 * Product releases recorded per board ("v2 shipped"), and whether an accepted answer predates
 * the latest one. Recording a release flags every accepted answer of the board at once
 * (`answer_stale`); staff confirming the answer or accepting another clears the flag and
 * stamps `answer_checked_at`. The flag is a column so lists read it with the thread, and the
 * re-check queue reads a small partial index.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('board_releases')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('board_id', 'bigint', (c) => c.notNull().references('boards.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull().check(sql`length(name) between 1 and 120`))
    .addColumn('created_by', 'bigint', (c) => c.references('members.id').onDelete('set null'))
    .addColumn('released_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('board_releases_board_idx').on('board_releases').columns(['board_id', 'id']).execute();

  await db.schema
    .alterTable('threads')
    .addColumn('answer_stale', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('answer_checked_at', 'timestamptz')
    .execute();
  // Answers accepted before this release count as checked when they were accepted.
  await sql`update threads set answer_checked_at = answered_at where accepted_post_id is not null`.execute(db);
  await db.schema
    .createIndex('threads_answer_stale_idx')
    .on('threads')
    .columns(['board_id', 'answer_checked_at'])
    .where(sql<boolean>`answer_stale`)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('threads_answer_stale_idx').execute();
  await db.schema.alterTable('threads').dropColumn('answer_stale').dropColumn('answer_checked_at').execute();
  await db.schema.dropTable('board_releases').execute();
}
