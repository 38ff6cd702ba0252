import type { Executor } from './executor.js';
import { selectPostViews } from './posts.queries.js';

/** Columns of a feed entry: a post with its author and the thread it belongs to. */
function selectFeedPosts(db: Executor) {
  return selectPostViews(db)
    .innerJoin('threads', 'threads.id', 'posts.thread_id')
    .select(['threads.title as thread_title', 'threads.kind as thread_kind', 'threads.accepted_post_id'])
    .where('posts.status', '=', 'visible')
    .where('threads.hidden', '=', false)
    .orderBy('posts.id', 'desc');
}

export type FeedPostRow = Awaited<ReturnType<ReturnType<typeof selectFeedPosts>['execute']>>[number];

/** The newest visible posts of a board's visible threads, newest first. */
export async function latestBoardPosts(db: Executor, boardId: string, limit: number): Promise<FeedPostRow[]> {
  return selectFeedPosts(db).where('posts.board_id', '=', boardId).limit(limit).execute();
}

/** The newest visible posts of one visible thread, newest first (none when the thread is hidden). */
export async function latestThreadPosts(db: Executor, threadId: string, limit: number): Promise<FeedPostRow[]> {
  return selectFeedPosts(db).where('posts.thread_id', '=', threadId).limit(limit).execute();
}
