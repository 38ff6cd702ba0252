import { type Kysely, sql } from 'kysely';

/**
 * Threads handed to the brand's helpdesk: one escalation per thread at most, by a staff member's
 * click or automatically once a question waits past the site's unanswered threshold (when the
 * site turns that on). The callback reference travels in the `thread.escalated` webhook and comes
 * back with the helpdesk's answer through the API, which resolves the escalation.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('thread_escalations')
    .addColumn('thread_id', 'bigint', (c) => c.primaryKey().references('threads.id').onDelete('cascade'))
    .addColumn('site_id', 'bigint', (c) => c.notNull().references('sites.id').onDelete('cascade'))
    .addColumn('callback_ref', 'text', (c) => c.notNull().unique())
    .addColumn('reason', 'text', (c) => c.notNull().check(sql`reason in ('manual', 'automatic')`))
    .addColumn('escalated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('escalated_by', 'bigint', (c) => c.references('members.id').onDelete('set null'))
    .addColumn('resolved_at', 'timestamptz')
    .addColumn('resolved_post_id', 'bigint', (c) => c.references('posts.id').onDelete('set null'))
    .execute();
  await db.schema.createIndex('thread_escalations_site_idx').on('thread_escalations').columns(['site_id']).execute();
  await db.schema
    .alterTable('sites')
    .addColumn('auto_escalate', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sites').dropColumn('auto_escalate').execute();
  await db.schema.dropTable('thread_escalations').execute();
}
