import type { Kysely } from 'kysely';

/**
 * The address of the brand page a board is embedded in, where emails, feeds, structured data
 * and the moderation view link a thread: learned from the widget on the brand's allowed origins,
 * or set by staff. Null until either happens.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('boards').addColumn('page_url', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('boards').dropColumn('page_url').execute();
}
