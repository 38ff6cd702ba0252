import { type Kysely, sql } from 'kysely';

/**
 * What the spam policy needs on posts: a hash of the normalized text, to refuse the same text
 * posted again within a window, and why a post was held for review.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('posts').addColumn('content_hash', 'text').addColumn('hold_reason', 'text').execute();
  // Duplicate detection looks up recent posts with the same text.
  await db.schema
    .createIndex('posts_content_hash_idx')
    .on('posts')
    .columns(['content_hash', 'created_at'])
    .where(sql.ref('content_hash'), 'is not', null)
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('posts_content_hash_idx').execute();
  await db.schema.alterTable('posts').dropColumn('hold_reason').dropColumn('content_hash').execute();
}
