import { BoardSlug, EntityId, SiteKey } from '@booth/shared';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import * as v from 'valibot';
import { DomainError } from '../domain/domain-error.js';
import { boardFeed, threadFeed } from '../domain/feeds.js';
import { siteByKey } from '../domain/sites.js';
import { serverTranslator } from '../i18n/translators.js';
import { renderAtomFeed } from '../pages/atom-feed.js';

export interface FeedsHttpOptions {
  /** Public URL of this server: feeds name themselves and their entries with it. */
  publicUrl: string;
}

const BoardParams = v.object({ site: SiteKey, board: BoardSlug });
const ThreadParams = v.object({ site: SiteKey, thread: EntityId });
const ATOM = 'application/atom+xml; charset=utf-8';
/** Feed readers poll; a few minutes of caching spares the database without hiding answers for long. */
const CACHE = 'public, max-age=300';

/** Atom feeds of a board (`/feeds/SITE/board/SLUG`) and of a thread (`/feeds/SITE/thread/ID`). */
async function feedsHttp(app: FastifyInstance, options: FeedsHttpOptions) {
  const base = options.publicUrl.replace(/\/$/, '');

  const siteOf = (key: string) => siteByKey(app.db, key, 'not_found');

  app.get('/feeds/:site/board/:board', async (request, reply) => {
    const params = v.safeParse(BoardParams, request.params);
    if (!params.success) throw new DomainError('not_found');
    const site = await siteOf(params.output.site);
    const xml = renderAtomFeed(
      await boardFeed(await app.services.reads.forReader(null), base, site, params.output.board),
      serverTranslator(site.language),
    );
    return reply.type(ATOM).header('cache-control', CACHE).send(xml);
  });

  app.get('/feeds/:site/thread/:thread', async (request, reply) => {
    const params = v.safeParse(ThreadParams, request.params);
    if (!params.success) throw new DomainError('not_found');
    const site = await siteOf(params.output.site);
    const xml = renderAtomFeed(
      await threadFeed(await app.services.reads.forReader(null), base, site, params.output.thread),
      serverTranslator(site.language),
    );
    return reply.type(ATOM).header('cache-control', CACHE).send(xml);
  });
}

export default fp(feedsHttp, { name: 'booth-feeds-http', dependencies: ['booth-database', 'booth-services'] });
