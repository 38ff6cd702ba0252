import {
  type BoardFilter,
  type BoardListing,
  type BoardSort,
  DEFAULT_LISTING,
  LIMITS,
  type ThreadView,
} from '@booth/shared';
import { currentSeq, findBoard } from '../db/boards.queries.js';
import type { MemberRow } from '../db/database.js';
import type { Executor } from '../db/executor.js';
import { openBoard } from './boards.js';
import { listThreads } from './threads.js';

/** How a reader asks for a board's list: in which order, and the secret that signs its page cursors. */
export interface ListingRequest {
  listing: BoardListing;
  cursorSecret: string;
}

/** The listing a request names; what it leaves out is the default (latest activity, all threads). */
export function listingOf(request: { sort?: BoardSort | undefined; filter?: BoardFilter | undefined }): BoardListing {
  return { sort: request.sort ?? DEFAULT_LISTING.sort, filter: request.filter ?? DEFAULT_LISTING.filter };
}

/** How a page starts following a board: from the event it saw last, or from a fresh first page. */
export type BoardSubscription =
  | { boardId: string; pageUrl: string | null; mode: 'resume'; seq: number }
  | {
      boardId: string;
      pageUrl: string | null;
      mode: 'snapshot';
      seq: number;
      threads: ThreadView[];
      next: string | null;
    };

/**
 * Opens a board (creating it as the site allows) for a page that follows it live. A page that
 * saw event `since` and missed no more than the resume window resumes from there; any other
 * gets the first page of threads in the listing's order and filter, and the event id it was
 * read at. `reads` is where the board is read (a replica may trail `db` a little); `db`
 * creates a board, and is read where `reads` does not show the board yet or is behind the page.
 *
 * @example
 * const sub = await subscribeToBoard({ db, reads }, site.id, 'product-42', member, lastSeenSeq, { listing, cursorSecret });
 */
export async function subscribeToBoard(
  { db, reads }: { db: Executor; reads: Executor },
  siteId: string,
  slug: string,
  member: MemberRow | null,
  since: number | undefined,
  request: ListingRequest,
): Promise<BoardSubscription> {
  const shown = await findBoard(reads, siteId, slug);
  let from = shown ? reads : db;
  const board = shown ?? (await openBoard(db, siteId, slug, member));
  // The event id is read before the snapshot, so nothing between them is missed; events
  // carry whole objects, so one already in the snapshot is applied twice harmlessly.
  let seq = await currentSeq(from, board.id);
  if (since !== undefined && since > seq && from !== db) {
    // The page has seen more than the replica shows: it resumes, or takes its snapshot, from the primary.
    from = db;
    seq = await currentSeq(from, board.id);
  }
  if (since !== undefined && since <= seq && seq - since <= LIMITS.resumeMaxEvents) {
    return { boardId: board.id, pageUrl: board.page_url, mode: 'resume', seq: since };
  }
  const page = await listThreads(from, board.id, { ...request, after: null, viewerId: member?.id ?? null });
  return { boardId: board.id, pageUrl: board.page_url, mode: 'snapshot', seq, ...page };
}

/**
 * A page of a board's threads in the listing's order and filter after cursor `after`, with the
 * viewer's own held threads; null when the site has no board by that name (reading never
 * creates one).
 */
export async function boardThreadsPage(
  db: Executor,
  siteId: string,
  slug: string,
  request: ListingRequest & { after: string | null; viewerId: string | null },
): Promise<{ threads: ThreadView[]; next: string | null } | null> {
  const board = await findBoard(db, siteId, slug);
  if (!board) return null;
  return listThreads(db, board.id, request);
}

/**
 * The anonymous first page of a board's threads in the listing's order and filter, with the
 * board's id (what drops the page from a cache); null when the site has no board by that name.
 */
export async function boardFirstPage(
  db: Executor,
  siteId: string,
  slug: string,
  request: ListingRequest,
): Promise<{ boardId: string; page: { threads: ThreadView[]; next: string | null } } | null> {
  const board = await findBoard(db, siteId, slug);
  if (!board) return null;
  return { boardId: board.id, page: await listThreads(db, board.id, { ...request, after: null, viewerId: null }) };
}
