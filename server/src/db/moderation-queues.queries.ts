import type { Executor } from './executor.js';
import { type PostViewRow, selectPostViews } from './posts.queries.js';
import { selectThreadViews, type ThreadViewRow } from './threads.queries.js';

/** Which of the site's threads `listRecentThreadViews` returns. */
export type RecentThreadFilter = 'all' | 'hidden' | 'pinned' | 'locked';

/** The site's posts held for review, oldest first, each with the reason it was held. */
export async function listPendingPostViews(
  db: Executor,
  siteId: string,
  limit: number,
): Promise<(PostViewRow & { hold_reason: string | null })[]> {
  return selectPostViews(db)
    .innerJoin('boards', 'boards.id', 'posts.board_id')
    .select('posts.hold_reason')
    .where('boards.site_id', '=', siteId)
    .where('posts.status', '=', 'pending')
    .orderBy('posts.created_at')
    .orderBy('posts.id')
    .limit(limit)
    .execute();
}

/** The site's most recently active threads, hidden ones included, optionally only those of one kind. */
export async function listRecentThreadViews(
  db: Executor,
  siteId: string,
  filter: RecentThreadFilter | undefined,
  limit: number,
): Promise<ThreadViewRow[]> {
  let query = selectThreadViews(db)
    .where('boards.site_id', '=', siteId)
    .where('threads.root_post_id', 'is not', null)
    .orderBy('threads.last_activity_at', 'desc')
    .orderBy('threads.id', 'desc')
    .limit(limit);
  if (filter === 'hidden') query = query.where('threads.hidden', '=', true);
  if (filter === 'pinned') query = query.where('threads.pinned', '=', true);
  if (filter === 'locked') query = query.where('threads.locked', '=', true);
  return query.execute();
}

/** Every post of a thread a moderator may act on (held and hidden ones too), in the order written. */
export async function listStaffThreadPosts(db: Executor, threadId: string, limit: number): Promise<PostViewRow[]> {
  return selectPostViews(db)
    .where('posts.thread_id', '=', threadId)
    .where('posts.status', '!=', 'deleted')
    .orderBy('posts.id')
    .limit(limit)
    .execute();
}
