import type { Kysely } from 'kysely';

/** Whether a site shows its public answer badge (widget header and embeddable SVG); off until the owner turns it on. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('sites')
    .addColumn('answer_badge', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sites').dropColumn('answer_badge').execute();
}
