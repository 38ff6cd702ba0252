import { type Kysely, sql } from 'kysely';

/**
 * Staff sign-in sessions, customer reports, the moderation audit log, and an audience on
 * events so that staff-only events (held posts, new reports) never reach customer sockets.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('staff_sessions')
    // SHA-256 of the cookie's token: a leaked table does not hand out live sessions.
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('member_id', 'bigint', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('site_id', 'bigint', (c) => c.notNull().references('sites.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('staff_sessions_member_idx').on('staff_sessions').column('member_id').execute();
  await db.schema.createIndex('staff_sessions_expires_idx').on('staff_sessions').column('expires_at').execute();

  await db.schema
    .createTable('reports')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('site_id', 'bigint', (c) => c.notNull().references('sites.id').onDelete('cascade'))
    .addColumn('post_id', 'bigint', (c) => c.notNull().references('posts.id').onDelete('cascade'))
    .addColumn('reporter_id', 'bigint', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('resolved_at', 'timestamptz')
    .addColumn('resolved_by', 'bigint', (c) => c.references('members.id').onDelete('set null'))
    .addCheckConstraint('reports_status_check', sql`status in ('open', 'dismissed', 'actioned')`)
    .execute();
  // One open report per member and post: reporting twice changes nothing.
  await db.schema
    .createIndex('reports_open_post_reporter_key')
    .unique()
    .on('reports')
    .columns(['post_id', 'reporter_id'])
    .where(sql.ref('status'), '=', 'open')
    .execute();
  await db.schema
    .createIndex('reports_site_open_idx')
    .on('reports')
    .columns(['site_id', 'created_at'])
    .where(sql.ref('status'), '=', 'open')
    .execute();

  await db.schema
    .createTable('moderation_actions')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('site_id', 'bigint', (c) => c.notNull().references('sites.id').onDelete('cascade'))
    .addColumn('actor_id', 'bigint', (c) => c.notNull().references('members.id'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    // What the target was called at the time (a title, a name), so the log reads well later.
    .addColumn('target_label', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('reason', 'text')
    .addColumn('details', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('moderation_actions_site_idx')
    .on('moderation_actions')
    .columns(['site_id', 'id'])
    .execute();

  // The unanswered queue: questions of a site without a staff reply, oldest first.
  await db.schema
    .createIndex('threads_unanswered_idx')
    .on('threads')
    .columns(['board_id', 'created_at'])
    .where(sql<boolean>`hidden = false and kind = 'question' and first_staff_reply_at is null and answered_at is null`)
    .execute();
  await db.schema
    .createIndex('posts_pending_idx')
    .on('posts')
    .columns(['board_id', 'created_at'])
    .where(sql.ref('status'), '=', 'pending')
    .execute();

  await db.schema
    .alterTable('events')
    .addColumn('audience', 'text', (c) => c.notNull().defaultTo('all'))
    .execute();
  await db.schema
    .alterTable('events')
    .addCheckConstraint('events_audience_check', sql`audience in ('all', 'staff')`)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('events').dropConstraint('events_audience_check').execute();
  await db.schema.alterTable('events').dropColumn('audience').execute();
  await db.schema.dropIndex('posts_pending_idx').execute();
  await db.schema.dropIndex('threads_unanswered_idx').execute();
  await db.schema.dropTable('moderation_actions').execute();
  await db.schema.dropTable('reports').execute();
  await db.schema.dropTable('staff_sessions').execute();
}
