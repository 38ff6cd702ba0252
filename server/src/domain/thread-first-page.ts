import type { Executor } from '../db/executor.js';
import type { ReadCache } from './read-cache.js';
import { publicFirstPage } from './thread-reading.js';

/**
 * A thread's first page as a reader who is not signed in sees it, serialized (`{ thread, posts,
 * next }`): from the node's read cache when kept there, else read and kept until the thread's
 * board or the site changes. Read on the primary (`db`): the cache keeps a page only if no change
 * came after the read began, which a replica's read, trailing the primary, cannot promise. A
 * thread the public may not read is refused as `openThread` refuses it, and nothing is kept.
 */
export async function keptPublicFirstPage(
  db: Executor,
  cache: ReadCache,
  siteId: string,
  threadId: string,
  cursorSecret: string,
): Promise<string> {
  const kept = cache.threadFirstPage(siteId, threadId);
  if (kept !== undefined) return kept;
  const ticket = cache.beginRead();
  try {
    const { boardId, page } = await publicFirstPage(db, siteId, threadId, cursorSecret);
    const body = JSON.stringify(page);
    cache.keepThreadPage(ticket, { siteId, threadId, boardId, body });
    return body;
  } catch (error) {
    cache.endRead();
    throw error;
  }
}
