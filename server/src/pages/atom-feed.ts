/**
 * Atom documents of the feeds in `domain/feeds.ts`. Built with the `feed` package, which escapes
 * text and splits CDATA sections that contain `]]>`; titles are plain text, so they are escaped
 * once more as HTML because the package marks them `type="html"`.
 */
import { Feed } from 'feed';
import { escapeHtml } from '../domain/escape-html.js';
import type { FeedContent, FeedPostRow } from '../domain/feeds.js';

/** XML 1.0 cannot carry C0 controls other than tab and line breaks, nor U+FFFE/U+FFFF. */
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

function xmlText(text: string): string {
  return text.replace(NOT_XML, '');
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

/** The Atom document of a feed. */
export function renderAtomFeed({ head, entries }: FeedContent): string {
  const updated = entries.reduce(
    (latest, { post: r }) => Math.max(latest, (r.edited_at ?? r.created_at).getTime()),
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
  for (const { post: row, url } of entries) {
    feed.addItem({
      id: `${head.selfUrl}#post-${row.id}`,
      title: escapeHtml(xmlText(entryTitle(row))),
      link: url,
      date: row.edited_at ?? row.created_at,
      published: row.created_at,
      content: xmlText(row.html),
      author: [{ name: xmlText(row.author_name) }],
    });
  }
  return feed.atom1();
}
