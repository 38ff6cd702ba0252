import { randomBytes } from 'node:crypto';
import type { Executor } from './executor.js';

/** Returns a named server secret, creating a random one on first use; shared by every node. */
export async function getOrCreateSecret(db: Executor, name: string): Promise<string> {
  await db
    .insertInto('server_secrets')
    .values({ name, value: randomBytes(32).toString('base64url') })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const row = await db.selectFrom('server_secrets').select('value').where('name', '=', name).executeTakeFirstOrThrow();
  return row.value;
}
