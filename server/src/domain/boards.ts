import { mayCreateBoard } from '@booth/shared';
import { ensureBoard, findBoard } from '../db/boards.queries.js';
import type { BoardRow, MemberRow } from '../db/database.js';
import type { Executor } from '../db/executor.js';
import { isStaff } from './authorization.js';
import { DomainError } from './domain-error.js';
import { loadSitePolicy } from './policy/site-policies.js';

/**
 * The board a page or a post asks for by name. An existing board is returned as is; a new name
 * creates a board only as the site's setting allows (`boards.creation`: on first view, from a
 * list, by pattern, or by staff), so a stranger cannot fill a site with boards. A name that may
 * not be created is `not_found`, as if it did not exist.
 *
 * @example
 * const board = await openBoard(db, site.id, 'product-42', session.member);
 */
export async function openBoard(
  db: Executor,
  siteId: string,
  slug: string,
  member: Pick<MemberRow, 'role'> | null,
): Promise<BoardRow> {
  const existing = await findBoard(db, siteId, slug);
  if (existing) return existing;
  const { boards } = await loadSitePolicy(db, siteId);
  if (!mayCreateBoard(boards, slug, member !== null && isStaff(member))) {
    throw new DomainError('not_found', { key: 'refusal.boardMissing' });
  }
  return ensureBoard(db, siteId, slug);
}
