import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/**
 * The picture a site shows in link previews of its threads on social networks (Open Graph and
 * Twitter cards). Only https addresses: networks fetch it from everywhere, and a page must not
 * point them at a plain-http or script URL.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('sites')
    .addColumn('share_image_url', 'text', (c) =>
      c.check(sql`share_image_url ~ '^https://' and length(share_image_url) <= 2000`),
    )
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sites').dropColumn('share_image_url').execute();
}
