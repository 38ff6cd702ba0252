import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/**
 * Images uploaded for posts. The bytes live in the image store (local disk or object storage),
 * keyed by site and id; this row says whose they are, which post shows them once it is written,
 * how large they are (for the site's quota), and whether they were deleted. The id is random,
 * so an image's address cannot be guessed from another's.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('images')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('site_id', 'bigint', (c) => c.notNull().references('sites.id').onDelete('cascade'))
    .addColumn('uploader_id', 'bigint', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('post_id', 'bigint', (c) => c.references('posts.id').onDelete('set null'))
    .addColumn('width', 'integer', (c) => c.notNull().check(sql`width > 0`))
    .addColumn('height', 'integer', (c) => c.notNull().check(sql`height > 0`))
    .addColumn('fallback_type', 'text', (c) => c.notNull().check(sql`fallback_type in ('image/jpeg', 'image/png')`))
    .addColumn('bytes', 'integer', (c) => c.notNull().check(sql`bytes >= 0`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('deleted_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('images_site_idx').on('images').columns(['site_id', 'created_at']).execute();
  await db.schema.createIndex('images_post_idx').on('images').column('post_id').execute();
  await db.schema.createIndex('images_uploader_idx').on('images').column('uploader_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('images').execute();
}
