import { findBoardById } from '../db/boards.queries.js';
import type { BoardRow } from '../db/database.js';
import { findThreadSite } from '../db/threads.queries.js';
import { DomainError } from './domain-error.js';
import type { Actor, Services } from './services.js';

/**
 * The board of the thread staff are typing in, to show "staff typing" there; another site's
 * thread is `not_found`. Undefined when the board went away meanwhile (nothing to show).
 */
export async function typingBoard(
  services: Services,
  actor: Actor,
  threadId: string,
): Promise<Pick<BoardRow, 'id' | 'slug'> | undefined> {
  const thread = await findThreadSite(services.db, threadId);
  if (!thread || thread.site_id !== actor.site.id) throw new DomainError('not_found');
  return findBoardById(services.db, thread.board_id);
}
