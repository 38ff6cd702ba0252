import { randomBytes } from 'node:crypto';
import type { Executor } from './executor.js';

/**
 * Returns a named server secret, creating it on first use (random unless `make` says how);
 * shared by every node.
 */
export async function getOrCreateSecret(
  db: Executor,
  name: string,
  make: () => string = () => randomBytes(32).toString('base64url'),
): Promise<string> {
  await db
    .insertInto('server_secrets')
    .values({ name, value: make() })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await db.selectFrom('server_secrets').select('value').where('name', '=', name).executeTakeFirstOrThrow();
  return row.value;
}
