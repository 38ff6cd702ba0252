import {
  BOARD_FILTERS,
  BOARD_SORTS,
  type BoardFilter,
  type BoardListing,
  type BoardSort,
  type ThreadView,
} from '@booth/shared';
import type { ListingKey } from '../db/threads.queries.js';
import { DomainError } from './domain-error.js';
import { readCursor, signCursor } from './signed-cursor.js';

/**
 * Board page cursors: the position of the last thread of a page in one listing (sort and
 * filter), as `payload.signature`. The server signs what it hands out, so a cursor that was
 * altered, or that belongs to another order or filter, is refused instead of read as a position.
 */

const ID = /^[1-9][0-9]{0,17}$/;
const PURPOSE = 'booth-page-cursor';

/** The value the listing's sort orders `thread` by, as the cursor carries it. */
function keyOf(thread: ThreadView, sort: BoardSort): string | number {
  if (sort === 'votes') return thread.score;
  return sort === 'newest' ? thread.createdAt : thread.lastActivityAt;
}

/**
 * The cursor of the page that follows `thread` in `listing`, signed with `secret`.
 *
 * @example encodeCursor(page.at(-1), { sort: 'votes', filter: 'all' }, services.guestSecret)
 */
export function encodeCursor(thread: ThreadView, listing: BoardListing, secret: string): string {
  const fields = [listing.sort, listing.filter, thread.pinned, keyOf(thread, listing.sort), thread.id];
  return signCursor(fields, PURPOSE, secret);
}

const invalid = () => new DomainError('invalid_message', { key: 'refusal.cursorInvalid' });

/** The sort's value read back from a cursor, or null when it is not one that sort writes. */
function parseValue(value: unknown, sort: BoardSort): Date | number | null {
  if (sort === 'votes') return Number.isSafeInteger(value) ? (value as number) : null;
  const date = typeof value === 'string' ? new Date(value) : null;
  return date && !Number.isNaN(date.getTime()) ? date : null;
}

/**
 * Reads a cursor back for a page of `listing`. Throws `invalid_message` when it was not made by
 * encodeCursor with this secret (or was changed since), or when it was made for another sort or
 * filter: its position means nothing in another order.
 */
export function decodeCursor(cursor: string, listing: BoardListing, secret: string): ListingKey {
  const fields = readCursor(cursor, PURPOSE, secret);
  if (fields === null || fields.length !== 5) throw invalid();
  const [sort, filter, pinned, rawValue, id] = fields;
  if (!BOARD_SORTS.includes(sort as BoardSort) || !BOARD_FILTERS.includes(filter as BoardFilter)) throw invalid();
  if (sort !== listing.sort || filter !== listing.filter) {
    throw new DomainError('invalid_message', {
      key: 'refusal.cursorOther',
      params: { sort: String(sort), filter: String(filter) },
    });
  }
  const value = parseValue(rawValue, listing.sort);
  if (typeof pinned !== 'boolean' || value === null || typeof id !== 'string' || !ID.test(id)) throw invalid();
  return { pinned, value, id };
}
