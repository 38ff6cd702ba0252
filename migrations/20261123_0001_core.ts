import { type Kysely, sql } from 'kysely';

/** Sites, boards, members, threads, posts, votes, the per-board event log and idempotency keys. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sites')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('public_key', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('allowed_origins', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('sso_secret', 'text', (c) => c.notNull())
    .addColumn('guests_allowed', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('premoderate_first_posts', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('policy', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('boards')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('site_id', 'bigint', (c) => c.notNull().references('sites.id').onDelete('cascade'))
    .addColumn('slug', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    // Last event id of this board. The row is locked by every write, which keeps the
    // event sequence gapless and in commit order.
    .addColumn('last_seq', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('boards_site_slug_key', ['site_id', 'slug'])
    .execute();

  await db.schema
    .createTable('members')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('site_id', 'bigint', (c) => c.notNull().references('sites.id').onDelete('cascade'))
    // Set for SSO members; null for guests and password accounts.
    .addColumn('external_id', 'text')
    .addColumn('guest', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('avatar_url', 'text')
    .addColumn('role', 'text', (c) => c.notNull().defaultTo('customer'))
    .addColumn('trust_level', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('banned_until', 'timestamptz')
    .addColumn('email', 'text')
    .addColumn('password_hash', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('members_role_check', sql`role in ('customer', 'staff', 'owner')`)
    .execute();
  await db.schema
    .createIndex('members_site_external_key')
    .unique()
    .on('members')
    .columns(['site_id', 'external_id'])
    .where(sql.ref('external_id'), 'is not', null)
    .execute();
  await db.schema
    .createIndex('members_site_email_key')
    .unique()
    .on('members')
    .columns(['site_id', 'email'])
    .where(sql.ref('email'), 'is not', null)
    .execute();

  await db.schema
    .createTable('threads')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('board_id', 'bigint', (c) => c.notNull().references('boards.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('excerpt', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('author_id', 'bigint', (c) => c.notNull().references('members.id'))
    .addColumn('root_post_id', 'bigint')
    .addColumn('accepted_post_id', 'bigint')
    .addColumn('answered_at', 'timestamptz')
    .addColumn('first_staff_reply_at', 'timestamptz')
    .addColumn('pinned', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('locked', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('hidden', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('reply_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('score', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_activity_at', 'timestamptz', (c) => c.notNull())
    .addCheckConstraint('threads_kind_check', sql`kind in ('question', 'discussion')`)
    .execute();
  // Board listing: pinned first, then most recent activity, keyset-paginated on (pinned, last_activity_at, id).
  await db.schema
    .createIndex('threads_board_listing_idx')
    .on('threads')
    .expression(sql`board_id, pinned desc, last_activity_at desc, id desc`)
    .where(sql.ref('hidden'), '=', false)
    .execute();

  await db.schema
    .createTable('posts')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('thread_id', 'bigint', (c) => c.notNull().references('threads.id').onDelete('cascade'))
    .addColumn('board_id', 'bigint', (c) => c.notNull().references('boards.id').onDelete('cascade'))
    .addColumn('parent_id', 'bigint', (c) => c.references('posts.id'))
    .addColumn('author_id', 'bigint', (c) => c.notNull().references('members.id'))
    .addColumn('root', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('html', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('visible'))
    .addColumn('score', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('edited_at', 'timestamptz')
    .addCheckConstraint('posts_status_check', sql`status in ('visible', 'pending', 'hidden', 'spam', 'deleted')`)
    .execute();
  await db.schema.createIndex('posts_thread_idx').on('posts').columns(['thread_id', 'id']).execute();
  await db.schema.createIndex('posts_author_idx').on('posts').columns(['author_id', 'created_at']).execute();

  await db.schema
    .createTable('votes')
    .addColumn('post_id', 'bigint', (c) => c.notNull().references('posts.id').onDelete('cascade'))
    .addColumn('member_id', 'bigint', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('value', 'smallint', (c) => c.notNull())
    .addPrimaryKeyConstraint('votes_pkey', ['post_id', 'member_id'])
    .execute();

  await db.schema
    .createTable('events')
    .addColumn('board_id', 'bigint', (c) => c.notNull().references('boards.id').onDelete('cascade'))
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('payload', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('events_pkey', ['board_id', 'seq'])
    .execute();

  await db.schema
    .createTable('idempotency_keys')
    .addColumn('member_id', 'bigint', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('request_type', 'text', (c) => c.notNull())
    .addColumn('response', 'jsonb')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('idempotency_keys_pkey', ['member_id', 'key'])
    .execute();

  await db.schema
    .createTable('server_secrets')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'server_secrets',
    'idempotency_keys',
    'events',
    'votes',
    'posts',
    'threads',
    'members',
    'boards',
    'sites',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
