import type { Kysely } from 'kysely';

/**
 * A fingerprint of the request that claimed each idempotency key, so a key reused for different
 * content is refused instead of answered with the first write's reply. Keys claimed before this
 * column existed keep a null fingerprint and are matched on request type alone.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('idempotency_keys').addColumn('request_fingerprint', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('idempotency_keys').dropColumn('request_fingerprint').execute();
}
