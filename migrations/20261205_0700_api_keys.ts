import { type Kysely, sql } from 'kysely';

/**
 * A site's API keys for its own systems (helpdesk, CRM, scripts). Only a SHA-256 of each secret is
 * kept: the secret is shown once, when the key is made. A key that may write or moderate acts as
 * one staff member of the site, whose name its posts and audit entries carry.
 *
 * Posts made through the API by a helpdesk agent keep the agent's name beside the staff member's.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('api_keys')
    .addColumn('id', 'bigint', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('site_id', 'bigint', (c) => c.notNull().references('sites.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull().check(sql`length(name) between 1 and 80`))
    .addColumn('scopes', sql`text[]`, (c) =>
      c.notNull().check(sql`cardinality(scopes) > 0 and scopes <@ array['read', 'write', 'moderate']::text[]`),
    )
    .addColumn('staff_member_id', 'bigint', (c) => c.references('members.id').onDelete('cascade'))
    .addColumn('secret_hash', 'text', (c) => c.notNull().unique())
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_by', 'bigint', (c) => c.references('members.id').onDelete('set null'))
    .addColumn('last_used_at', 'timestamptz')
    .addColumn('revoked_at', 'timestamptz')
    // A key that writes or moderates acts as a staff member; a read-only key acts as nobody.
    .addCheckConstraint(
      'api_keys_acting_member',
      sql`staff_member_id is not null or not (scopes && array['write', 'moderate']::text[])`,
    )
    .execute();
  await db.schema.createIndex('api_keys_site_idx').on('api_keys').columns(['site_id', 'created_at']).execute();
  await db.schema
    .alterTable('posts')
    .addColumn('agent_name', 'text', (c) => c.check(sql`length(agent_name) between 1 and 80`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('posts').dropColumn('agent_name').execute();
  await db.schema.dropTable('api_keys').execute();
}
