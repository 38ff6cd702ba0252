import { BoardSlug, SiteKey } from '@booth/shared';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import * as v from 'valibot';
import { DomainError } from '../domain/domain-error.js';
import { readFaq } from '../domain/faq/faq.js';
import { siteByKey } from '../domain/sites.js';
import { threadPageUrl } from '../domain/thread-links.js';
import { serverTranslator } from '../i18n/translators.js';
import { renderFaqPage } from '../pages/faq-page.js';

export interface FaqHttpOptions {
  /** Public URL of this server; FAQ pages link to themselves and to thread pages with it. */
  publicUrl: string;
}

const FaqParams = v.object({ site: SiteKey, board: v.optional(BoardSlug) });

/**
 * The server-rendered FAQ of a site at `/t/SITE/faq`, and of one board at `/t/SITE/faq/BOARD`,
 * for search engines and people without JavaScript.
 */
async function faqHttp(app: FastifyInstance, options: FaqHttpOptions) {
  const base = options.publicUrl.replace(/\/$/, '');

  app.get('/t/:site/faq/:board?', async (request, reply) => {
    const params = v.safeParse(FaqParams, request.params);
    if (!params.success) throw new DomainError('not_found');
    const { site: key, board = null } = params.output;
    const site = await siteByKey(app.db, key, 'not_found');
    const reads = await app.services.reads.forReader(null);
    const entries = await readFaq(reads, { scope: { siteId: site.id, board }, query: null, withExcluded: false });
    const selfUrl = `${base}/t/${encodeURIComponent(site.public_key)}/faq${board ? `/${encodeURIComponent(board)}` : ''}`;
    const html = renderFaqPage({
      siteName: site.name,
      board,
      translator: serverTranslator(site.language),
      entries,
      selfUrl,
      threadUrl: (entry) => threadPageUrl(base, site.public_key, entry.thread.id, entry.thread.title),
      stylesheetUrl: `${base}/t/thread-page.css`,
    });
    return reply.type('text/html; charset=utf-8').header('cache-control', 'public, max-age=300').send(html);
  });
}

export default fp(faqHttp, { name: 'booth-faq-http', dependencies: ['booth-database', 'booth-services'] });
