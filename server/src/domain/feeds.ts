/**
 * Atom feeds of a board and of a thread, for people who follow without giving an email address.
 * Only what anyone can read on the board goes in: visible posts of visible threads, with their
 * author's display name (never an address). Built with the `feed` package, which escapes text
 * and splits CDATA sections that contain `]]>`; titles are plain text, so they are escaped once
 * more as HTML because the package marks them `type="html"`.
 */
import { boardFeedPath, threadFeedPath } from '@booth/shared';
import { Feed } from 'feed';
import { findBoard } from '../db/boards.queries.js';
import type { SiteRow } from '../db/database.js';
import type { Executor } from '../db/executor.js';
import { type FeedPostRow, latestBoardPosts, latestThreadPosts } from '../db/feeds.queries.js';
import { findThreadView } from '../db/threads.queries.js';
import { DomainError } from './domain-error.js';
import { assertBoardInSite } from './lookups.js';
import { threadPageUrl } from './thread-links.js';
import { brandPageUrl, escapeHtml, pageUrlTemplate } from './thread-page.js';

/** Entries in one feed; readers poll, so the newest are enough. */
export const FEED_ENTRIES = 50;

/** XML 1.0 cannot carry C0 controls other than tab and line breaks, nor U+FFFE/U+FFFF. */
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

function xmlText(text: string): string {
  return text.replace(NOT_XML, '');
}

interface FeedHead {
  /** The feed's own address: its Atom id and rel="self". */
  selfUrl: string;
  /** Where a person reads what the feed is about. */
  pageUrl: string;
  title: string;
  /** When nothing is in the feed yet. */
  since: Date;
}

function entryTitle(row: FeedPostRow): string {
  if (row.root) return `${row.thread_kind === 'question' ? 'Question' : 'Discussion'}: ${row.thread_title}`;
  const staff = row.author_role !== 'customer';
  const verb =
    row.accepted_post_id === row.id
      ? 'gave the accepted answer to'
      : row.thread_kind === 'question' && staff
        ? 'answered'
        : 'replied to';
  return `${row.author_name}${staff ? ' (staff)' : ''} ${verb} ${row.thread_title}`;
}

function renderFeed(head: FeedHead, rows: FeedPostRow[], entryUrl: (row: FeedPostRow) => string): string {
  const updated = rows.reduce(
    (latest, r) => Math.max(latest, (r.edited_at ?? r.created_at).getTime()),
    head.since.getTime(),
  );
  const feed = new Feed({
    id: head.selfUrl,
    title: xmlText(head.title),
    link: head.pageUrl,
    updated: new Date(updated),
    generator: 'Booth',
    copyright: '',
    feedLinks: { atom: head.selfUrl },
  });
  for (const row of rows) {
    feed.addItem({
      id: `${head.selfUrl}#post-${row.id}`,
      title: escapeHtml(xmlText(entryTitle(row))),
      link: entryUrl(row),
      date: row.edited_at ?? row.created_at,
      published: row.created_at,
      content: xmlText(row.html),
      author: [{ name: xmlText(row.author_name) }],
    });
  }
  return feed.atom1();
}

/** The feed of a board of `site`; a board that does not exist is not found (feeds never create one). */
export async function boardFeed(db: Executor, publicUrl: string, site: SiteRow, slug: string): Promise<string> {
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
  return renderFeed(
    {
      selfUrl,
      pageUrl: brandBoard ?? selfUrl,
      title: `${site.name}: ${board.name || board.slug}`,
      since: board.created_at,
    },
    rows,
    (row) => (row.root ? threadUrl(row) : `${threadUrl(row)}#post-${row.id}`),
  );
}

/** The feed of one visible thread of `site`; a hidden thread or one of another site is not found. */
export async function threadFeed(db: Executor, publicUrl: string, site: SiteRow, threadId: string): Promise<string> {
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
  return renderFeed(
    {
      selfUrl: `${publicUrl}${threadFeedPath(site.public_key, thread.id)}`,
      pageUrl,
      title: `${thread.title} – ${site.name}`,
      since: thread.created_at,
    },
    rows,
    (row) => (row.root ? pageUrl : `${pageUrl}#post-${row.id}`),
  );
}
