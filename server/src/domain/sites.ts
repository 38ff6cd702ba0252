import { findSiteAndMember } from '../db/actor.queries.js';
import type { MemberRow, SiteRow } from '../db/database.js';
import type { Executor } from '../db/executor.js';
import { findSiteById, findSiteByKey } from '../db/sites.queries.js';
import { DomainError } from './domain-error.js';

/**
 * The site with this public key. A missing site is `missing`: `unknown_site` where the caller
 * named a site on purpose (API, sign-in), `not_found` on public pages and feeds.
 */
export async function siteByKey(
  db: Executor,
  key: string,
  missing: 'unknown_site' | 'not_found' = 'unknown_site',
): Promise<SiteRow> {
  const site = await findSiteByKey(db, key);
  if (!site) throw new DomainError(missing);
  return site;
}

/** The site as stored now (settings may have changed since a session began); `unknown_site` when it is gone. */
export async function siteById(db: Executor, id: string): Promise<SiteRow> {
  const site = await findSiteById(db, id);
  if (!site) throw new DomainError('unknown_site');
  return site;
}

/**
 * The site and (when `memberId` is given) the member as stored now, in one read: an open socket
 * applies bans, role changes and site settings made since it connected.
 */
export async function currentSiteAndMember(
  db: Executor,
  siteId: string,
  memberId: string | null,
): Promise<{ site: SiteRow | undefined; member: MemberRow | undefined }> {
  return findSiteAndMember(db, siteId, memberId);
}
