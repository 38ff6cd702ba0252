import { type Kysely, sql } from 'kysely';

/**
 * The ids (`jti`) of SSO tokens already used to sign in, per site, until the token is too old to
 * use anyway. Every node inserts here, so a token replayed on another node is refused too.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sso_token_uses')
    .addColumn('site_id', 'bigint', (c) => c.notNull().references('sites.id').onDelete('cascade'))
    .addColumn('jti', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('sso_token_uses_pkey', ['site_id', 'jti'])
    .execute();
  await db.schema.createIndex('sso_token_uses_expires_idx').on('sso_token_uses').column('expires_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('sso_token_uses').execute();
}
