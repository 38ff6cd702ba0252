import { sql } from 'kysely';
import type { Executor } from './executor.js';

/** Stale rows removed per sign-in: each new row clears some old ones, so the table stays small. */
const PRUNE_BATCH = 50;

/**
 * Records that a site's SSO token with this `jti` was used, and returns false when it already
 * was (a replay). One statement, insert-or-fail on (site, jti), so two nodes racing with the same
 * token cannot both win. A row whose token is past its usable age no longer counts.
 */
export async function claimSsoTokenId(
  db: Executor,
  siteId: string,
  jti: string,
  expiresAt: Date,
  now: Date,
): Promise<boolean> {
  const claimed = await db
    .insertInto('sso_token_uses')
    .values({ site_id: siteId, jti, expires_at: expiresAt, used_at: now })
    .onConflict((oc) =>
      oc
        .columns(['site_id', 'jti'])
        .doUpdateSet({ expires_at: expiresAt, used_at: now })
        .where('sso_token_uses.expires_at', '<', now),
    )
    .returning('jti')
    .executeTakeFirst();
  return claimed !== undefined;
}

/** Deletes up to a batch of rows whose tokens are too old to be used again. */
export async function pruneSsoTokenUses(db: Executor, now: Date): Promise<number> {
  const result = await db
    .deleteFrom('sso_token_uses')
    .where(
      sql<boolean>`(site_id, jti) in (select site_id, jti from sso_token_uses where expires_at < ${now} limit ${PRUNE_BATCH})`,
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Whether a token id of the site was used and still counts (see `claimSsoTokenId`). */
export async function ssoTokenIdUsed(db: Executor, siteId: string, jti: string, now: Date): Promise<boolean> {
  const row = await db
    .selectFrom('sso_token_uses')
    .select('jti')
    .where('site_id', '=', siteId)
    .where('jti', '=', jti)
    .where('expires_at', '>=', now)
    .executeTakeFirst();
  return row !== undefined;
}
