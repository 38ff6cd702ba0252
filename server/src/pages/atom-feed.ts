/**
 * Atom documents of the feeds in `domain/feeds.ts`. Built with the `feed` package, which escapes
 * text and splits CDATA sections that contain `]]>`; titles are plain text, so they are escaped
 * once more as HTML because the package marks them `type="html"`.
 */
import type { Translator } from '@booth/shared';
import { Feed } from 'feed';
import { escapeHtml } from '../domain/escape-html.js';
import type { FeedContent, FeedPostRow } from '../domain/feeds.js';

/** XML 1.0 cannot carry C0 controls other than tab and line breaks, nor U+FFFE/U+FFFF. */
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

function xmlText(text: string): string {
  return text.replace(NOT_XML, '');
}

/** The catalog key of an entry's title: what happened, by whom. */
function entryTitleKey(row: FeedPostRow): string {
  if (row.root) return row.thread_kind === 'question' ? 'feed.question' : 'feed.discussion';
  if (row.author_role === 'customer') return 'feed.replied';
  if (row.accepted_post_id === row.id) return 'feed.acceptedAnswer';
  return row.thread_kind === 'question' ? 'feed.staffAnswered' : 'feed.staffReplied';
}

function entryTitle(row: FeedPostRow, t: Translator): string {
  return t.t(entryTitleKey(row), { name: row.author_name, title: row.thread_title });
}

/** The Atom document of a feed, its entry titles in the site's language. */
export function renderAtomFeed({ head, entries }: FeedContent, t: Translator): string {
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
      title: escapeHtml(xmlText(entryTitle(row, t))),
      link: url,
      date: row.edited_at ?? row.created_at,
      published: row.created_at,
      content: xmlText(row.html),
      author: [{ name: xmlText(row.author_name) }],
    });
  }
  return feed.atom1();
}
