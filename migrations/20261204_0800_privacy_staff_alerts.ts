import { type Kysely, sql } from 'kysely';

/**
 * Privacy and staff alerts: what happens to the posts of a member who deletes their account
 * (kept under "Deleted member", or removed), when a member was erased, which staff members want
 * an email about questions waiting too long and a daily digest, and what was already sent so a
 * scan that runs again sends nothing twice.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('site_reach_settings')
    .addColumn('deleted_member_posts', 'text', (c) =>
      c.notNull().defaultTo('anonymize').check(sql`deleted_member_posts in ('anonymize', 'remove')`),
    )
    .execute();

  await db.schema.alterTable('members').addColumn('erased_at', 'timestamptz').execute();

  await db.schema
    .createTable('staff_alert_settings')
    .addColumn('member_id', 'bigint', (c) => c.primaryKey().references('members.id').onDelete('cascade'))
    .addColumn('site_id', 'bigint', (c) => c.notNull().references('sites.id').onDelete('cascade'))
    // An email when a question waits longer than the site's unanswered threshold.
    .addColumn('unanswered_email', 'boolean', (c) => c.notNull().defaultTo(false))
    // A daily email of what is unanswered, reported and pending.
    .addColumn('daily_digest', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
  await db.schema.createIndex('staff_alert_settings_site_idx').on('staff_alert_settings').column('site_id').execute();

  // A question is announced to staff once, whoever wanted it then.
  await db.schema
    .createTable('unanswered_alerts')
    .addColumn('thread_id', 'bigint', (c) => c.primaryKey().references('threads.id').onDelete('cascade'))
    .addColumn('alerted_at', 'timestamptz', (c) => c.notNull())
    .execute();

  // One digest per staff member and day (UTC).
  await db.schema
    .createTable('staff_digests')
    .addColumn('member_id', 'bigint', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('day', 'date', (c) => c.notNull())
    .addColumn('sent_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('staff_digests_pkey', ['member_id', 'day'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('staff_digests').execute();
  await db.schema.dropTable('unanswered_alerts').execute();
  await db.schema.dropTable('staff_alert_settings').execute();
  await db.schema.alterTable('members').dropColumn('erased_at').execute();
  await db.schema.alterTable('site_reach_settings').dropColumn('deleted_member_posts').execute();
}
