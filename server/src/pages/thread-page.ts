/**
 * The server-rendered page of a thread: plain HTML that search engines read, with the posts'
 * sanitized HTML, a canonical link to the brand page the thread lives on, and JSON-LD; and the
 * sitemap that lists these pages.
 */
import { jsonLdText, type PostView, type ThreadView, type Translator, threadStructuredData } from '@booth/shared';
import { escapeHtml } from '../domain/escape-html.js';
import { socialCardTags } from './social-cards.js';

/** The stylesheet every thread page links to. */
export const THREAD_PAGE_STYLESHEET = `body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1b1b1f;background:#fafafa}
main{max-width:46rem;margin:0 auto;padding:1.5rem}
h1{font-size:1.6rem;line-height:1.25}h2{font-size:1.1rem;margin-top:2rem}
.post{background:#fff;border:1px solid #e3e3e8;border-radius:8px;padding:1rem;margin:1rem 0}
.post header{color:#55555f;font-size:.9rem}.post.accepted{border-color:#2e7d32}
.role{background:#eef;border-radius:4px;padding:0 .3rem;font-size:.8rem}
.body pre{overflow:auto;background:#f3f3f6;padding:.5rem}`;

export interface ThreadPageInput {
  siteName: string;
  /** The site's share image for social cards, if it has one. */
  siteImageUrl: string | null;
  /** Speaks the site's language: the page's words, its `lang` and `dir`, and its dates. */
  translator: Translator;
  thread: ThreadView;
  posts: PostView[];
  /** Where this page is served. */
  selfUrl: string;
  /** The brand page the thread is embedded on, if known; otherwise the page is its own canonical. */
  brandUrl: string | null;
  /** A post of the thread on the brand page, when `brandUrl` is known. */
  brandPostUrl?: (postId: string) => string;
  stylesheetUrl: string;
  /** Atom feeds of this thread and of its board, linked for feed readers. */
  feeds: { thread: string; board: string };
}

function postHtml(post: PostView, accepted: boolean, t: Translator): string {
  const who = escapeHtml(post.author.name);
  const role =
    post.author.role === 'customer'
      ? ''
      : ` <span class="role">${escapeHtml(t.t(`page.role.${post.author.role}`))}</span>`;
  const when = escapeHtml(post.createdAt);
  // Dates as the site's readers write them; UTC so the page reads the same wherever it is rendered.
  const shown = escapeHtml(t.dateTime(new Date(post.createdAt), { dateStyle: 'medium', timeZone: 'UTC' }));
  const badge = accepted ? ` · <strong>${escapeHtml(t.t('page.acceptedAnswer'))}</strong>` : '';
  return `<article class="post${accepted ? ' accepted' : ''}" id="post-${escapeHtml(post.id)}">
<header><span class="author"><bdi>${who}</bdi></span>${role} · <time datetime="${when}">${shown}</time>${badge}</header>
<div class="body">${post.html}</div>
</article>`;
}

/** The HTML document of a thread page. Post bodies are the sanitized HTML made at write time. */
export function renderThreadPage(input: ThreadPageInput): string {
  const { thread, posts, translator: t } = input;
  const visible = posts.filter((p) => p.status === 'visible');
  const root = visible.find((p) => p.root);
  const replies = visible.filter((p) => !p.root);
  const accepted = replies.find((p) => p.id === thread.acceptedPostId);
  const ordered = accepted ? [accepted, ...replies.filter((p) => p !== accepted)] : replies;
  const canonical = input.brandUrl ?? input.selfUrl;
  const description = thread.excerpt.slice(0, 160);
  const data = threadStructuredData(thread, posts, canonical, input.brandUrl ? input.brandPostUrl : undefined);
  const count = t.t(thread.kind === 'question' ? 'page.answers' : 'page.replies', { count: replies.length });
  const cards = socialCardTags({
    thread,
    posts: visible,
    siteName: input.siteName,
    url: canonical,
    imageUrl: input.siteImageUrl,
  });
  const join = input.brandUrl
    ? `<p class="more"><a href="${escapeHtml(input.brandUrl)}">${escapeHtml(t.t('page.joinConversation', { site: input.siteName }))}</a></p>`
    : '';
  return `<!doctype html>
<html lang="${t.language}" dir="${t.dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(t.t('page.title', { title: thread.title, site: input.siteName }))}</title>
<meta name="description" content="${escapeHtml(description)}">
<link rel="canonical" href="${escapeHtml(canonical)}">
${cards}
<link rel="stylesheet" href="${escapeHtml(input.stylesheetUrl)}">
<link rel="alternate" type="application/atom+xml" title="${escapeHtml(thread.title)}" href="${escapeHtml(input.feeds.thread)}">
<link rel="alternate" type="application/atom+xml" title="${escapeHtml(t.t('page.boardFeedTitle', { site: input.siteName, board: thread.board }))}" href="${escapeHtml(input.feeds.board)}">
<script type="application/ld+json">${jsonLdText(data)}</script>
</head>
<body>
<main>
<h1>${escapeHtml(thread.title)}</h1>
${root ? postHtml(root, false, t) : ''}
<h2>${escapeHtml(count)}</h2>
${ordered.map((p) => postHtml(p, p === accepted, t)).join('\n')}
<p class="feeds">${escapeHtml(t.t('page.followWithoutAccount'))} <a href="${escapeHtml(input.feeds.thread)}" type="application/atom+xml">${escapeHtml(t.t('page.threadFeed'))}</a> · <a href="${escapeHtml(input.feeds.board)}" type="application/atom+xml">${escapeHtml(t.t('page.boardFeed'))}</a></p>
${join}
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
