import { DomainError } from './domain-error.js';
import { readCursor, signCursor } from './signed-cursor.js';

/**
 * Thread page cursors: the thread and the id of the last post a page of it held. Posts are
 * paged by id (the order they were written), so the next page is the posts after that id and
 * a post written while the reader scrolls is served once, in its place at the end.
 */

const ID = /^[1-9][0-9]{0,17}$/;
const PURPOSE = 'booth-post-cursor';

/**
 * The cursor of the page of `threadId` that follows the post `lastPostId`.
 *
 * @example encodePostCursor(thread.id, page.at(-1).id, services.guestSecret)
 */
export function encodePostCursor(threadId: string, lastPostId: string, secret: string): string {
  return signCursor([threadId, lastPostId], PURPOSE, secret);
}

/**
 * The post id a cursor of `threadId` pages after. Throws `invalid_message` when the cursor was
 * not made by encodePostCursor with this secret (or was changed since), or belongs to another thread.
 */
export function decodePostCursor(cursor: string, threadId: string, secret: string): string {
  const fields = readCursor(cursor, PURPOSE, secret);
  const [thread, post] = fields ?? [];
  if (fields?.length !== 2 || typeof thread !== 'string' || typeof post !== 'string' || !ID.test(post)) {
    throw new DomainError('invalid_message', { key: 'refusal.cursorInvalid' });
  }
  if (thread !== threadId) throw new DomainError('invalid_message', { key: 'refusal.cursorOtherThread' });
  return post;
}
