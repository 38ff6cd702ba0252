import type { Executor } from './executor.js';

/** The site's threads that anyone may read, most recently active first. */
export async function listSitemapThreads(
  db: Executor,
  siteId: string,
  limit: number,
): Promise<{ id: string; title: string; last_activity_at: Date }[]> {
  return db
    .selectFrom('threads')
    .innerJoin('boards', 'boards.id', 'threads.board_id')
    .select(['threads.id', 'threads.title', 'threads.last_activity_at'])
    .where('boards.site_id', '=', siteId)
    .where('threads.hidden', '=', false)
    .orderBy('threads.last_activity_at', 'desc')
    .limit(limit)
    .execute();
}
