import { boardFeedPath, EntityId, SiteKey, threadFeedPath } from '@booth/shared';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import * as v from 'valibot';
import { DomainError } from '../domain/domain-error.js';
import { sitemapEntries } from '../domain/sitemap.js';
import { siteByKey } from '../domain/sites.js';
import { threadPageUrl, threadSlug } from '../domain/thread-links.js';
import { brandPageUrl, pageUrlTemplate, renderSitemap, renderThreadPage } from '../domain/thread-page.js';
import { openThread } from '../domain/threads.js';

export interface ThreadPagesOptions {
  /** Public URL of this server; thread pages and the sitemap link to themselves with it. */
  publicUrl: string;
}

const PageParams = v.object({ site: SiteKey, thread: EntityId, slug: v.optional(v.string()) });

const STYLESHEET = `body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1b1b1f;background:#fafafa}
main{max-width:46rem;margin:0 auto;padding:1.5rem}
h1{font-size:1.6rem;line-height:1.25}h2{font-size:1.1rem;margin-top:2rem}
.post{background:#fff;border:1px solid #e3e3e8;border-radius:8px;padding:1rem;margin:1rem 0}
.post header{color:#55555f;font-size:.9rem}.post.accepted{border-color:#2e7d32}
.role{background:#eef;border-radius:4px;padding:0 .3rem;font-size:.8rem}
.body pre{overflow:auto;background:#f3f3f6;padding:.5rem}`;

/**
 * Server-rendered thread pages at `/t/SITE/THREAD/SLUG` for search engines and people without
 * JavaScript, a sitemap per site, and their stylesheet. A wrong or missing slug redirects to
 * the right one, so each thread has one stable address.
 */
async function threadPages(app: FastifyInstance, options: ThreadPagesOptions) {
  const base = options.publicUrl.replace(/\/$/, '');

  app.get('/t/thread-page.css', async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=86400').send(STYLESHEET),
  );

  app.get('/t/:site/:thread/:slug?', async (request, reply) => {
    const params = v.safeParse(PageParams, request.params);
    if (!params.success) throw new DomainError('not_found');
    const { site: key, thread: threadId, slug } = params.output;
    const site = await siteByKey(app.db, key, 'not_found');
    const { thread, posts } = await openThread(app.db, site.id, threadId, null);
    const selfUrl = threadPageUrl(base, site.public_key, thread.id, thread.title);
    if (slug !== threadSlug(thread.title)) return reply.redirect(selfUrl, 301);
    const html = renderThreadPage({
      siteName: site.name,
      thread,
      posts,
      selfUrl,
      brandUrl: brandPageUrl(await pageUrlTemplate(app.db, site.id), thread),
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
    const xml = renderSitemap(await sitemapEntries(app.db, base, site));
    return reply.type('application/xml; charset=utf-8').header('cache-control', 'public, max-age=3600').send(xml);
  });
}

export default fp(threadPages, { name: 'booth-thread-pages', dependencies: ['booth-database'] });
