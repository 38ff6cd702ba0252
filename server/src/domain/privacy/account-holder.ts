import type { MemberRow, SiteRow } from '../../db/database.js';
import type { Executor } from '../../db/executor.js';
import { findMember } from '../../db/members.queries.js';
import { findSiteById } from '../../db/sites.queries.js';

/**
 * The member an account link names, with their site; null once the account was erased (or its
 * site is gone), so an old link opens nothing.
 */
export async function accountHolder(
  db: Executor,
  memberId: string,
): Promise<{ site: SiteRow; member: MemberRow } | null> {
  const member = await findMember(db, memberId);
  if (!member || member.erased_at !== null) return null;
  const site = await findSiteById(db, member.site_id);
  if (!site) return null;
  return { site, member };
}
