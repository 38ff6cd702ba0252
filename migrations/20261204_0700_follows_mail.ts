import { type Kysely, sql } from 'kysely';

/**
 * Reaching people who left the page: who follows which thread (and how many have a question
 * too), the address each member can be mailed at, per-site sender settings, the mail delivery
 * log (one row per email, which is also how replies are coalesced), the local outbox used
 * when no SMTP server is configured, and addresses that bounced or complained.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('follows')
    .addColumn('member_id', 'bigint', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('thread_id', 'bigint', (c) => c.notNull().references('threads.id').onDelete('cascade'))
    // 'asker', 'replier' (automatic) or 'manual' (Notify me / I have this question too).
    .addColumn('reason', 'text', (c) => c.notNull())
    // Answers and replies by others since the member last opened the thread (the widget's bell).
    .addColumn('unread', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('follows_pkey', ['member_id', 'thread_id'])
    .addCheckConstraint('follows_reason_check', sql`reason in ('asker', 'replier', 'manual')`)
    .execute();
  await db.schema.createIndex('follows_thread_idx').on('follows').column('thread_id').execute();
  await db.schema
    .createIndex('follows_unread_idx')
    .on('follows')
    .column('member_id')
    .where(sql.ref('unread'), '>', 0)
    .execute();

  // People waiting for an answer: the asker and everyone who has the question too.
  await db.schema
    .alterTable('threads')
    .addColumn('waiting_count', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('member_emails')
    .addColumn('member_id', 'bigint', (c) => c.primaryKey().references('members.id').onDelete('cascade'))
    .addColumn('site_id', 'bigint', (c) => c.notNull().references('sites.id').onDelete('cascade'))
    .addColumn('address', 'text', (c) => c.notNull())
    // Null until the owner of the address followed the confirmation link (SSO addresses come confirmed).
    .addColumn('confirmed_at', 'timestamptz')
    // Bound into confirmation links, so a link for an earlier address confirms nothing.
    .addColumn('confirm_nonce', 'bigint', (c) => c.notNull())
    // Set by "unsubscribe from everything": no thread email at all.
    .addColumn('all_off_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('member_emails_address_idx').on('member_emails').column('address').execute();

  await db.schema
    .createTable('site_mail_settings')
    .addColumn('site_id', 'bigint', (c) => c.primaryKey().references('sites.id').onDelete('cascade'))
    .addColumn('from_name', 'text')
    .addColumn('from_address', 'text')
    .addColumn('accent_color', 'text')
    .execute();

  await db.schema
    .createTable('mail_deliveries')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('site_id', 'bigint', (c) => c.notNull().references('sites.id').onDelete('cascade'))
    .addColumn('member_id', 'bigint', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('thread_id', 'bigint', (c) => c.references('threads.id').onDelete('cascade'))
    // 'thread' (answers, replies, moderation news of one thread) or 'confirm'; other kinds may follow.
    .addColumn('kind', 'text', (c) => c.notNull())
    // What the email tells, gathered until it is sent: [{ type, postId, … }].
    .addColumn('items', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    // Not sent before: the coalescing window of the previous email to the same person and thread.
    .addColumn('send_at', 'timestamptz', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('message_id', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    // When a worker took the email to send it; the next email on the thread waits 10 minutes from here.
    .addColumn('sent_at', 'timestamptz')
    .addCheckConstraint(
      'mail_deliveries_status_check',
      sql`status in ('pending', 'sending', 'sent', 'failed', 'suppressed', 'skipped')`,
    )
    .execute();
  // At most one email waiting per person and thread: later news joins it.
  await db.schema
    .createIndex('mail_deliveries_pending_key')
    .unique()
    .on('mail_deliveries')
    .columns(['member_id', 'thread_id', 'kind'])
    .where(sql<boolean>`status = 'pending' and thread_id is not null`)
    .execute();
  await db.schema
    .createIndex('mail_deliveries_due_idx')
    .on('mail_deliveries')
    .column('send_at')
    .where(sql.ref('status'), '=', 'pending')
    .execute();
  await db.schema
    .createIndex('mail_deliveries_last_sent_idx')
    .on('mail_deliveries')
    .columns(['member_id', 'thread_id', 'sent_at'])
    .where(sql<boolean>`status in ('sending', 'sent')`)
    .execute();
  await db.schema.createIndex('mail_deliveries_site_idx').on('mail_deliveries').columns(['site_id', 'id']).execute();

  await db.schema
    .createTable('mail_outbox')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('site_id', 'bigint', (c) => c.references('sites.id').onDelete('cascade'))
    .addColumn('to_address', 'text', (c) => c.notNull())
    .addColumn('from_address', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('html', 'text', (c) => c.notNull())
    .addColumn('headers', 'jsonb', (c) => c.notNull())
    // The whole message as it would have gone over SMTP.
    .addColumn('raw', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('mail_suppressions')
    // Lower-cased address: a hard bounce or complaint stops mail to it on every site.
    .addColumn('address', 'text', (c) => c.primaryKey())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('detail', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addCheckConstraint('mail_suppressions_reason_check', sql`reason in ('bounce', 'complaint', 'manual')`)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('mail_suppressions').execute();
  await db.schema.dropTable('mail_outbox').execute();
  await db.schema.dropTable('mail_deliveries').execute();
  await db.schema.dropTable('site_mail_settings').execute();
  await db.schema.dropTable('member_emails').execute();
  await db.schema.alterTable('threads').dropColumn('waiting_count').execute();
  await db.schema.dropTable('follows').execute();
}
