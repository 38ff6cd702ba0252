import { sql } from 'kysely';
import type { Executor } from './executor.js';

/**
 * Records a refused attempt from `origin` on a site (a new row, or a later last-seen time), then
 * keeps only the site's `keep` most recently seen origins.
 */
export async function noteRefusedOrigin(
  db: Executor,
  siteId: string,
  origin: string,
  now: Date,
  keep: number,
): Promise<void> {
  await db
    .insertInto('refused_origins')
    .values({ site_id: siteId, origin, first_seen_at: now, last_seen_at: now })
    .onConflict((oc) =>
      oc.columns(['site_id', 'origin']).doUpdateSet({
        last_seen_at: sql`greatest(refused_origins.last_seen_at, excluded.last_seen_at)`,
      }),
    )
    .execute();
  await db
    .deleteFrom('refused_origins')
    .where('site_id', '=', siteId)
    .where('origin', 'not in', (eb) =>
      eb
        .selectFrom('refused_origins as kept')
        .select('kept.origin')
        .where('kept.site_id', '=', siteId)
        .orderBy('kept.last_seen_at', 'desc')
        .orderBy('kept.origin')
        .limit(keep),
    )
    .execute();
}

/** A site's refused origins that it still does not allow, most recently seen first. */
export async function listRefusedOrigins(db: Executor, siteId: string, allowed: string[]) {
  let query = db
    .selectFrom('refused_origins')
    .select(['origin', 'first_seen_at', 'last_seen_at'])
    .where('site_id', '=', siteId)
    .orderBy('last_seen_at', 'desc')
    .orderBy('origin');
  if (allowed.length > 0) query = query.where('origin', 'not in', allowed);
  return query.execute();
}

/** Forgets a refused origin of a site (it was just allowed). */
export async function forgetRefusedOrigin(db: Executor, siteId: string, origin: string): Promise<void> {
  await db.deleteFrom('refused_origins').where('site_id', '=', siteId).where('origin', '=', origin).execute();
}
