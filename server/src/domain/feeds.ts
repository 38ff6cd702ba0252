/**
 * What goes in the Atom feeds of a board and of a thread, for people who follow without giving
 * an email address. Only what anyone can read on the board goes in: visible posts of visible
 * threads, with their author's display name (never an address). `pages/atom-feed.ts` writes it out.
 */
import { boardFeedPath, threadFeedPath } from '@booth/shared';
import { findBoard } from '../db/boards.queries.js';
import type { SiteRow } from '../db/database.js';
import type { Executor } from '../db/executor.js';
import { type FeedPostRow, latestBoardPosts, latestThreadPosts } from '../db/feeds.queries.js';
import { findThreadView } from '../db/threads.queries.js';
import { brandPageUrl, pageUrlTemplate } from './brand-pages.js';
import { DomainError } from './domain-error.js';
import { assertBoardInSite } from './lookups.js';
import { threadPageUrl } from './thread-links.js';

/** Entries in one feed; readers poll, so the newest are enough. */
export const FEED_ENTRIES = 50;

export type { FeedPostRow };

/** What a feed is about. */
export interface FeedHead {
  /** The feed's own address: its Atom id and rel="self". */
  selfUrl: string;
  /** Where a person reads what the feed is about. */
  pageUrl: string;
  title: string;
  /** When nothing is in the feed yet. */
  since: Date;
}

/** A feed's head and its posts, newest first, each with the address where it is read. */
export interface FeedContent {
  head: FeedHead;
  entries: Array<{ post: FeedPostRow; url: string }>;
}

/** The content of the feed of a board of `site`; a board that does not exist is not found (feeds never create one). */
export async function boardFeed(db: Executor, publicUrl: string, site: SiteRow, slug: string): Promise<FeedContent> {
  const board = await findBoard(db, site.id, slug);
  if (!board) throw new DomainError('not_found');
  const [rows, template] = await Promise.all([
    latestBoardPosts(db, board.id, FEED_ENTRIES),
    pageUrlTemplate(db, site.id),
  ]);
  const selfUrl = `${publicUrl}${boardFeedPath(site.public_key, board.slug)}`;
  const threadUrl = (row: FeedPostRow) =>
    brandPageUrl(template, { id: row.thread_id, board: board.slug, title: row.thread_title }) ??
    threadPageUrl(publicUrl, site.public_key, row.thread_id, row.thread_title);
  const brandBoard = template ? brandPageUrl(template, { id: '', board: board.slug, title: '' }) : null;
  return {
    head: {
      selfUrl,
      pageUrl: brandBoard ?? selfUrl,
      title: `${site.name}: ${board.name || board.slug}`,
      since: board.created_at,
    },
    entries: rows.map((post) => ({
      post,
      url: post.root ? threadUrl(post) : `${threadUrl(post)}#post-${post.id}`,
    })),
  };
}

/** The content of the feed of one visible thread of `site`; a hidden thread or one of another site is not found. */
export async function threadFeed(
  db: Executor,
  publicUrl: string,
  site: SiteRow,
  threadId: string,
): Promise<FeedContent> {
  const thread = await findThreadView(db, threadId);
  if (!thread || thread.hidden) throw new DomainError('not_found');
  await assertBoardInSite(db, thread.board_id, site.id);
  const [rows, template] = await Promise.all([
    latestThreadPosts(db, thread.id, FEED_ENTRIES),
    pageUrlTemplate(db, site.id),
  ]);
  const pageUrl =
    brandPageUrl(template, { id: thread.id, board: thread.board_slug, title: thread.title }) ??
    threadPageUrl(publicUrl, site.public_key, thread.id, thread.title);
  return {
    head: {
      selfUrl: `${publicUrl}${threadFeedPath(site.public_key, thread.id)}`,
      pageUrl,
      title: `${thread.title} – ${site.name}`,
      since: thread.created_at,
    },
    entries: rows.map((post) => ({ post, url: post.root ? pageUrl : `${pageUrl}#post-${post.id}` })),
  };
}
