import type { Kysely } from 'kysely';

/**
 * The language a staff member picked for the moderation view, kept with their account so it
 * follows them to another browser. Its own table: member rows (exports, lists) do not carry it.
 * The application checks the value against the languages it ships.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('staff_preferences')
    .addColumn('member_id', 'bigint', (c) => c.primaryKey().references('members.id').onDelete('cascade'))
    .addColumn('language', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('staff_preferences').execute();
}
