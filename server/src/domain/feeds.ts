/**
 * What goes in the Atom feeds of a board and of a thread, for people who follow without giving
 * an email address. Only what anyone can read on the board goes in: visible posts of visible
 * threads, with their author's display name (never an address). `pages/atom-feed.ts` writes it out.
 */
import { boardFeedPath, threadFeedPath } from '@booth/shared';
import { findBoard, findBoardById } from '../db/boards.queries.js';
import type { SiteRow } from '../db/database.js';
import type { Executor } from '../db/executor.js';
import { type FeedPostRow, latestBoardPosts, latestThreadPosts } from '../db/feeds.queries.js';
import { findThreadView } from '../db/threads.queries.js';
import { brandPageUrl, pageUrlTemplate, threadOnBrandPage } from './brand-pages.js';
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
  const postUrl = (row: FeedPostRow) => {
    const thread = { id: row.thread_id, board: board.slug, title: row.thread_title };
    const postId = row.root ? null : row.id;
    return (
      threadOnBrandPage(board.page_url, template, thread, postId) ??
      onBoothPage(threadPageUrl(publicUrl, site.public_key, row.thread_id, row.thread_title), postId)
    );
  };
  const brandBoard =
    board.page_url ?? (template ? brandPageUrl(template, { id: '', board: board.slug, title: '' }) : null);
  return {
    head: {
      selfUrl,
      pageUrl: brandBoard ?? selfUrl,
      title: `${site.name}: ${board.name || board.slug}`,
      since: board.created_at,
    },
    entries: rows.map((post) => ({ post, url: postUrl(post) })),
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
  const [rows, template, board] = await Promise.all([
    latestThreadPosts(db, thread.id, FEED_ENTRIES),
    pageUrlTemplate(db, site.id),
    findBoardById(db, thread.board_id),
  ]);
  const view = { id: thread.id, board: thread.board_slug, title: thread.title };
  const boothPage = threadPageUrl(publicUrl, site.public_key, thread.id, thread.title);
  const postUrl = (postId: string | null) =>
    threadOnBrandPage(board?.page_url ?? null, template, view, postId) ?? onBoothPage(boothPage, postId);
  const pageUrl = postUrl(null);
  return {
    head: {
      selfUrl: `${publicUrl}${threadFeedPath(site.public_key, thread.id)}`,
      pageUrl,
      title: `${thread.title} – ${site.name}`,
      since: thread.created_at,
    },
    entries: rows.map((post) => ({ post, url: postUrl(post.root ? null : post.id) })),
  };
}

/** A thread's page on this server, at one of its posts. */
function onBoothPage(threadPage: string, postId: string | null): string {
  return postId === null ? threadPage : `${threadPage}#post-${postId}`;
}
