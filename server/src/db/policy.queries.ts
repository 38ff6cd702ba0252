import { sql } from 'kysely';
import type { SiteRow } from './database.js';
import type { Executor } from './executor.js';

/** The columns of a site that store its policy. */
export async function findSitePolicyColumns(
  db: Executor,
  siteId: string,
): Promise<Pick<SiteRow, 'policy' | 'premoderate_first_posts'> | undefined> {
  return db
    .selectFrom('sites')
    .select(['policy', 'premoderate_first_posts'])
    .where('id', '=', siteId)
    .executeTakeFirst();
}

export async function updateSitePolicyColumns(
  db: Executor,
  siteId: string,
  columns: Pick<SiteRow, 'policy' | 'premoderate_first_posts'>,
): Promise<void> {
  await db.updateTable('sites').set(columns).where('id', '=', siteId).execute();
}

/** Display names of the site's staff and owners. */
export async function listStaffNames(db: Executor, siteId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('members')
    .select('name')
    .where('site_id', '=', siteId)
    .where('role', 'in', ['staff', 'owner'])
    .execute();
  return rows.map((r) => r.name);
}

/** How many distinct signed-in members, or guests with trust, have open reports on the post. */
export async function countStandingReporters(db: Executor, postId: string): Promise<number> {
  const row = await db
    .selectFrom('reports')
    .innerJoin('members', 'members.id', 'reports.reporter_id')
    .select(sql<string>`count(distinct reports.reporter_id)`.as('n'))
    .where('reports.post_id', '=', postId)
    .where('reports.status', '=', 'open')
    .where((eb) => eb.or([eb('members.guest', '=', false), eb('members.trust_level', '>=', 1)]))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
