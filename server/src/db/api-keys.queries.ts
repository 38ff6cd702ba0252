import type { Executor } from './executor.js';

/** A key's row with its acting staff member's name, as lists and sign-ins need it. */
function keysWithStaff(db: Executor) {
  return db
    .selectFrom('api_keys')
    .leftJoin('members as staff', 'staff.id', 'api_keys.staff_member_id')
    .select([
      'api_keys.id',
      'api_keys.site_id',
      'api_keys.name',
      'api_keys.scopes',
      'api_keys.staff_member_id',
      'api_keys.prefix',
      'api_keys.created_at',
      'api_keys.last_used_at',
      'api_keys.revoked_at',
      'staff.name as staff_name',
    ]);
}

export type ApiKeyRow = Awaited<ReturnType<ReturnType<typeof keysWithStaff>['executeTakeFirstOrThrow']>>;

export interface NewApiKey {
  siteId: string;
  name: string;
  scopes: string[];
  staffMemberId: string | null;
  secretHash: string;
  prefix: string;
  createdBy: string;
  now: Date;
}

export async function insertApiKey(db: Executor, key: NewApiKey): Promise<ApiKeyRow> {
  const { id } = await db
    .insertInto('api_keys')
    .values({
      site_id: key.siteId,
      name: key.name,
      scopes: key.scopes,
      staff_member_id: key.staffMemberId,
      secret_hash: key.secretHash,
      prefix: key.prefix,
      created_at: key.now,
      created_by: key.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return keysWithStaff(db).where('api_keys.id', '=', id).executeTakeFirstOrThrow();
}

/** A site's keys, newest first, revoked ones included. */
export function listSiteApiKeys(db: Executor, siteId: string): Promise<ApiKeyRow[]> {
  return keysWithStaff(db)
    .where('api_keys.site_id', '=', siteId)
    .orderBy('api_keys.created_at', 'desc')
    .orderBy('api_keys.id', 'desc')
    .execute();
}

export async function countActiveApiKeys(db: Executor, siteId: string): Promise<number> {
  const row = await db
    .selectFrom('api_keys')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('site_id', '=', siteId)
    .where('revoked_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** Marks a site's key revoked at `now` (a key revoked already keeps its first time); undefined if the site has no such key. */
export async function revokeSiteApiKey(
  db: Executor,
  siteId: string,
  keyId: string,
  now: Date,
): Promise<ApiKeyRow | undefined> {
  const revoked = await db
    .updateTable('api_keys')
    .set((eb) => ({ revoked_at: eb.fn.coalesce('revoked_at', eb.val(now)) }))
    .where('site_id', '=', siteId)
    .where('id', '=', keyId)
    .returning('id')
    .executeTakeFirst();
  if (!revoked) return undefined;
  return keysWithStaff(db).where('api_keys.id', '=', revoked.id).executeTakeFirstOrThrow();
}

/** The key whose secret hashes to `secretHash`, with its site and acting member's state. */
export function findApiKeyByHash(db: Executor, secretHash: string) {
  return keysWithStaff(db)
    .select(['staff.role as staff_role', 'staff.site_id as staff_site_id'])
    .where('api_keys.secret_hash', '=', secretHash)
    .executeTakeFirst();
}

/** Stamps a key's last use (callers throttle this, so a busy key is not a write per request). */
export async function touchApiKey(db: Executor, keyId: string, now: Date): Promise<void> {
  await db.updateTable('api_keys').set({ last_used_at: now }).where('id', '=', keyId).execute();
}
