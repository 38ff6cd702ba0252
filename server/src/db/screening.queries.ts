import type { Executor } from './executor.js';
import { prepared } from './prepared-statements.js';

/** What the spam policy reads about a post's author and the author's site, in one statement. */
export async function findScreeningAuthor(db: Executor, siteId: string, memberId: string) {
  return db
    .selectFrom('members')
    .leftJoin('sites', (join) => join.on('sites.id', '=', siteId))
    .select([
      'members.role',
      'members.guest',
      'members.name',
      'members.trust_level',
      'sites.policy',
      'sites.premoderate_first_posts',
      'sites.allowed_origins',
    ])
    .where('members.id', '=', memberId)
    .modifyEnd(prepared())
    .executeTakeFirstOrThrow();
}

export interface RecentPostsQuery {
  memberId: string;
  /** Posts written after this instant count. */
  since: Date;
  /** Posts written after this instant do not: only what came before the post being screened. */
  until: Date;
  /** The post being edited, left out. */
  exceptPostId?: string | undefined;
}

/** A member's posts in a window, oldest first, read through the (author, created_at) index. */
export async function listRecentPosts(
  db: Executor,
  query: RecentPostsQuery,
): Promise<{ root: boolean; html: string; created_at: Date }[]> {
  let select = db
    .selectFrom('posts')
    .select(['root', 'html', 'created_at'])
    .where('author_id', '=', query.memberId)
    .where('created_at', '>', query.since)
    .where('created_at', '<=', query.until)
    .orderBy('created_at')
    .limit(200);
  if (query.exceptPostId) select = select.where('id', '!=', query.exceptPostId);
  return select.execute();
}

/** Whether the member wrote any post at or before `before`. */
export async function hasPostBefore(db: Executor, memberId: string, before: Date): Promise<boolean> {
  const row = await db
    .selectFrom('posts')
    .select('id')
    .where('author_id', '=', memberId)
    .where('created_at', '<=', before)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** Whether any post of the member is visible. */
export async function hasApprovedPost(db: Executor, memberId: string): Promise<boolean> {
  const row = await db
    .selectFrom('posts')
    .select('id')
    .where('author_id', '=', memberId)
    .where('status', '=', 'visible')
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export interface SameTextQuery {
  siteId: string;
  contentHash: string;
  since: Date;
  /** The post being edited, left out. */
  exceptPostId?: string | undefined;
}

/** Who posted a text with this hash on the site since `since`, and where (at most 20). */
export async function listSameTextPosts(
  db: Executor,
  query: SameTextQuery,
): Promise<{ author_id: string; board_id: string }[]> {
  let select = db
    .selectFrom('posts')
    .innerJoin('boards', 'boards.id', 'posts.board_id')
    .select(['posts.author_id', 'posts.board_id'])
    .where('posts.content_hash', '=', query.contentHash)
    .where('boards.site_id', '=', query.siteId)
    .where('posts.created_at', '>', query.since)
    .where('posts.status', '!=', 'deleted')
    .limit(20);
  if (query.exceptPostId) select = select.where('posts.id', '!=', query.exceptPostId);
  return select.execute();
}
