import { BoardSlug, BoardThreadsQuery, check, EntityId, ThreadPostsQuery } from '@booth/shared';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import * as v from 'valibot';
import { boardFirstPage, boardThreadsPage, listingOf } from '../domain/board-reading.js';
import { DomainError } from '../domain/domain-error.js';
import { decodeCursor } from '../domain/page-cursor.js';
import { keptPublicFirstPage } from '../domain/thread-first-page.js';
import { moreThreadPosts } from '../domain/thread-reading.js';
import { siteForRequest } from './site-access.js';

function valid<S extends v.GenericSchema>(schema: S, input: unknown): v.InferOutput<S> {
  const result = check(schema, input);
  if (!result.ok) throw new DomainError('invalid_message', result.error.message);
  return result.value;
}

/** A board that does not exist (yet) lists nothing; reading never creates one. */
const EMPTY_PAGE = JSON.stringify({ threads: [], next: null });

/**
 * Read API for integrations and server-to-server use. Browsers may call it from a site's
 * allowed origins (CORS answers only those).
 */
async function httpApi(app: FastifyInstance) {
  const allowCors = (request: FastifyRequest, reply: import('fastify').FastifyReply) => {
    if (request.headers.origin) {
      reply.header('access-control-allow-origin', request.headers.origin);
      reply.header('vary', 'Origin');
    }
  };

  app.get('/api/boards/:board/threads', async (request, reply) => {
    const { board: slug } = valid(v.object({ board: BoardSlug }), request.params);
    const query = valid(BoardThreadsQuery, request.query);
    const cache = app.services.readCache;
    const site = await siteForRequest(app.db, request, query.site, app.refusedOrigins, cache);
    allowCors(request, reply);
    const listing = listingOf(query);
    const cursorSecret = app.services.guestSecret;
    // A bad cursor is refused even where the board does not exist yet, so its answer never depends on data.
    if (query.after !== undefined) decodeCursor(query.after, listing, cursorSecret);
    if (query.after !== undefined) {
      const page = { listing, after: query.after, viewerId: null, cursorSecret };
      const reads = await app.services.reads.forReader(null);
      return (await boardThreadsPage(reads, site.id, slug, page)) ?? { threads: [], next: null };
    }
    // The anonymous first page is the same for every reader: kept serialized until the board or the site changes.
    reply.type('application/json; charset=utf-8');
    const kept = cache.firstPage(site.id, slug, listing);
    if (kept !== undefined) return reply.send(kept);
    const ticket = cache.beginRead();
    // Read on the primary: the cache keeps a page only if no change came after the read began,
    // which a replica's read, trailing the primary, cannot promise.
    try {
      const found = await boardFirstPage(app.db, site.id, slug, { listing, cursorSecret });
      if (!found) return reply.send(EMPTY_PAGE);
      const body = JSON.stringify(found.page);
      cache.keepPage(ticket, { siteId: site.id, slug, listing, boardId: found.boardId, body });
      return reply.send(body);
    } catch (error) {
      cache.endRead();
      throw error;
    }
  });

  app.get('/api/threads/:thread', async (request, reply) => {
    const { thread } = valid(v.object({ thread: EntityId }), request.params);
    const query = valid(ThreadPostsQuery, request.query);
    const cache = app.services.readCache;
    const site = await siteForRequest(app.db, request, query.site, app.refusedOrigins, cache);
    allowCors(request, reply);
    const cursorSecret = app.services.guestSecret;
    if (query.after !== undefined) {
      const reads = await app.services.reads.forReader(null);
      return moreThreadPosts(reads, site.id, thread, { viewer: null, cursorSecret }, query.after);
    }
    // The anonymous first page is the same for every reader: kept serialized until the thread's board or the site changes.
    const body = await keptPublicFirstPage(app.db, cache, site.id, thread, cursorSecret);
    return reply.type('application/json; charset=utf-8').send(body);
  });
}

export default fp(httpApi, { name: 'booth-http-api', dependencies: ['booth-services'] });
