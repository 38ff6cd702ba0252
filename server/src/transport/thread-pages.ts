import { boardFeedPath, EntityId, SiteKey, threadFeedPath } from '@booth/shared';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import * as v from 'valibot';
import { brandLinksOf } from '../domain/brand-pages.js';
import { DomainError } from '../domain/domain-error.js';
import { sitemapEntries } from '../domain/sitemap.js';
import { siteByKey } from '../domain/sites.js';
import { threadPageUrl, threadSlug } from '../domain/thread-links.js';
import { openThread } from '../domain/thread-reading.js';
import { serverTranslator } from '../i18n/translators.js';
import { renderSitemap, renderThreadPage, THREAD_PAGE_STYLESHEET } from '../pages/thread-page.js';

export interface ThreadPagesOptions {
  /** Public URL of this server; thread pages and the sitemap link to themselves with it. */
  publicUrl: string;
}

/** Posts a thread page shows: search engines read one page, so it holds far more than a screen. */
const PAGE_POSTS = 500;

const PageParams = v.object({ site: SiteKey, thread: EntityId, slug: v.optional(v.string()) });

/**
 * Server-rendered thread pages at `/t/SITE/THREAD/SLUG` for search engines and people without
 * JavaScript, a sitemap per site, and their stylesheet. A wrong or missing slug redirects to
 * the right one, so each thread has one stable address.
 */
async function threadPages(app: FastifyInstance, options: ThreadPagesOptions) {
  const base = options.publicUrl.replace(/\/$/, '');

  app.get('/t/thread-page.css', async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=86400').send(THREAD_PAGE_STYLESHEET),
  );

  app.get('/t/:site/:thread/:slug?', async (request, reply) => {
    const params = v.safeParse(PageParams, request.params);
    if (!params.success) throw new DomainError('not_found');
    const { site: key, thread: threadId, slug } = params.output;
    const site = await siteByKey(app.db, key, 'not_found');
    const reads = await app.services.reads.forReader(null);
    const { thread, posts } = await openThread(reads, site.id, threadId, {
      viewer: null,
      cursorSecret: app.services.guestSecret,
      pageSize: PAGE_POSTS,
    });
    const selfUrl = threadPageUrl(base, site.public_key, thread.id, thread.title);
    if (slug !== threadSlug(thread.title)) return reply.redirect(selfUrl, 301);
    // In the query: the canonical link and JSON-LD give each thread an address of its own to
    // search engines, which drop fragments.
    const onBrand = await brandLinksOf(reads, site.id, thread);
    const html = renderThreadPage({
      siteName: site.name,
      siteImageUrl: site.share_image_url,
      translator: serverTranslator(site.language),
      thread,
      posts,
      selfUrl,
      brandUrl: onBrand(null, 'query'),
      brandPostUrl: (postId) => onBrand(postId, 'query') ?? `${selfUrl}#post-${postId}`,
      stylesheetUrl: `${base}/t/thread-page.css`,
      feeds: {
        thread: `${base}${threadFeedPath(site.public_key, thread.id)}`,
        board: `${base}${boardFeedPath(site.public_key, thread.board)}`,
      },
    });
    return reply.type('text/html; charset=utf-8').header('cache-control', 'public, max-age=300').send(html);
  });

  app.get('/t/:site/sitemap.xml', async (request, reply) => {
    const params = v.safeParse(v.object({ site: SiteKey }), request.params);
    if (!params.success) throw new DomainError('not_found');
    const site = await siteByKey(app.db, params.output.site, 'not_found');
    const xml = renderSitemap(await sitemapEntries(await app.services.reads.forReader(null), base, site));
    return reply.type('application/xml; charset=utf-8').header('cache-control', 'public, max-age=3600').send(xml);
  });
}

export default fp(threadPages, { name: 'booth-thread-pages', dependencies: ['booth-database', 'booth-services'] });
