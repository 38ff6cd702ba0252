/**
 * The server-rendered page of a thread: plain HTML that search engines read, with the posts'
 * sanitized HTML, a canonical link to the brand page the thread lives on, and JSON-LD.
 */
import { jsonLdText, type PostView, type ThreadView, threadStructuredData } from '@booth/shared';
import type { Executor } from '../db/executor.js';
import { DomainError } from './domain-error.js';
import { threadSlug } from './thread-links.js';

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The brand page of a thread from the site's template (`{board}`, `{thread}`, `{slug}`), or
 * null when the site set none.
 *
 * @example brandPageUrl('https://brand.example/p/{board}#t-{thread}', thread) // 'https://brand.example/p/shoes#t-42'
 */
export function brandPageUrl(
  template: string | null,
  thread: Pick<ThreadView, 'id' | 'board' | 'title'>,
): string | null {
  if (!template) return null;
  return template
    .replaceAll('{board}', encodeURIComponent(thread.board))
    .replaceAll('{thread}', encodeURIComponent(thread.id))
    .replaceAll('{slug}', encodeURIComponent(threadSlug(thread.title)));
}

/** The site's brand page template, or null. */
export async function pageUrlTemplate(db: Executor, siteId: string): Promise<string | null> {
  const row = await db
    .selectFrom('site_reach_settings')
    .select('page_url_template')
    .where('site_id', '=', siteId)
    .executeTakeFirst();
  return row?.page_url_template ?? null;
}

/** Sets the brand page template of a site; it must be an http(s) URL once placeholders are filled. */
export async function setPageUrlTemplate(db: Executor, siteId: string, template: string | null): Promise<void> {
  if (template !== null) {
    const sample = brandPageUrl(template, { id: '1', board: 'board', title: 'title' }) as string;
    let url: URL | null = null;
    try {
      url = new URL(sample);
    } catch {}
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
      throw new DomainError('invalid_message', 'page URL: must be an http or https URL');
    }
  }
  await db
    .insertInto('site_reach_settings')
    .values({ site_id: siteId, page_url_template: template })
    .onConflict((oc) => oc.column('site_id').doUpdateSet({ page_url_template: template }))
    .execute();
}

export interface ThreadPageInput {
  siteName: string;
  thread: ThreadView;
  posts: PostView[];
  /** Where this page is served. */
  selfUrl: string;
  /** The brand page the thread is embedded on, if known; otherwise the page is its own canonical. */
  brandUrl: string | null;
  stylesheetUrl: string;
  /** Atom feeds of this thread and of its board, linked for feed readers. */
  feeds: { thread: string; board: string };
}

function postHtml(post: PostView, accepted: boolean): string {
  const who = escapeHtml(post.author.name);
  const role = post.author.role === 'customer' ? '' : ` <span class="role">${escapeHtml(post.author.role)}</span>`;
  const when = escapeHtml(post.createdAt);
  return `<article class="post${accepted ? ' accepted' : ''}" id="post-${escapeHtml(post.id)}">
<header><span class="author"><bdi>${who}</bdi></span>${role} · <time datetime="${when}">${escapeHtml(post.createdAt.slice(0, 10))}</time>${accepted ? ' · <strong>Accepted answer</strong>' : ''}</header>
<div class="body">${post.html}</div>
</article>`;
}

/** The HTML document of a thread page. Post bodies are the sanitized HTML made at write time. */
export function renderThreadPage(input: ThreadPageInput): string {
  const { thread, posts } = input;
  const visible = posts.filter((p) => p.status === 'visible');
  const root = visible.find((p) => p.root);
  const replies = visible.filter((p) => !p.root);
  const accepted = replies.find((p) => p.id === thread.acceptedPostId);
  const ordered = accepted ? [accepted, ...replies.filter((p) => p !== accepted)] : replies;
  const canonical = input.brandUrl ?? input.selfUrl;
  const description = thread.excerpt.slice(0, 160);
  const data = threadStructuredData(thread, posts, canonical);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(thread.title)} – ${escapeHtml(input.siteName)}</title>
<meta name="description" content="${escapeHtml(description)}">
<link rel="canonical" href="${escapeHtml(canonical)}">
<link rel="stylesheet" href="${escapeHtml(input.stylesheetUrl)}">
<link rel="alternate" type="application/atom+xml" title="${escapeHtml(thread.title)}" href="${escapeHtml(input.feeds.thread)}">
<link rel="alternate" type="application/atom+xml" title="${escapeHtml(`${input.siteName}: ${thread.board}`)}" href="${escapeHtml(input.feeds.board)}">
<script type="application/ld+json">${jsonLdText(data)}</script>
</head>
<body>
<main>
<h1>${escapeHtml(thread.title)}</h1>
${root ? postHtml(root, false) : ''}
<h2>${replies.length} ${thread.kind === 'question' ? (replies.length === 1 ? 'answer' : 'answers') : replies.length === 1 ? 'reply' : 'replies'}</h2>
${ordered.map((p) => postHtml(p, p === accepted)).join('\n')}
<p class="feeds">Follow without an account: <a href="${escapeHtml(input.feeds.thread)}" type="application/atom+xml">this thread's feed</a> · <a href="${escapeHtml(input.feeds.board)}" type="application/atom+xml">the board's feed</a></p>
${input.brandUrl ? `<p class="more"><a href="${escapeHtml(input.brandUrl)}">Join the conversation on ${escapeHtml(input.siteName)}</a></p>` : ''}
</main>
</body>
</html>
`;
}

/** A sitemap of thread pages. */
export function renderSitemap(entries: Array<{ url: string; lastModified: string }>): string {
  const urls = entries
    .map((e) => `<url><loc>${escapeHtml(e.url)}</loc><lastmod>${escapeHtml(e.lastModified)}</lastmod></url>`)
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${urls}
</urlset>
`;
}
