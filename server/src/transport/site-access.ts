import type { FastifyRequest } from 'fastify';
import { DomainError } from '../domain/domain-error.js';
import { isOriginAllowed } from '../domain/origins.js';
import type { ReadCache } from '../domain/read-cache.js';
import type { RefusedOriginLog } from '../domain/refused-origins.js';
import type { Executor, SiteRow } from '../domain/services.js';
import { siteByKey } from '../domain/sites.js';

/** The origin of this Booth server as the browser sees it. */
export function ownOrigin(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

/**
 * Finds the site of a request and checks the page's Origin against the site's allowlist; a
 * refused Origin is told to `refusals`, where owners find it. With a `cache`, the site is taken
 * from it when kept there, and kept once read.
 */
export async function siteForRequest(
  db: Executor,
  request: FastifyRequest,
  siteKey: string,
  refusals: RefusedOriginLog,
  cache?: ReadCache,
): Promise<SiteRow> {
  const site = cache ? await keptSite(db, siteKey, cache) : await siteByKey(db, siteKey);
  if (!isOriginAllowed(site, request.headers.origin, ownOrigin(request))) {
    refusals.note(site, request.headers.origin);
    throw new DomainError('origin_not_allowed', undefined, `origin ${request.headers.origin}`);
  }
  return site;
}

async function keptSite(db: Executor, siteKey: string, cache: ReadCache): Promise<SiteRow> {
  const kept = cache.site(siteKey);
  if (kept) return kept;
  const ticket = cache.beginRead();
  try {
    const site = await siteByKey(db, siteKey);
    cache.keepSite(ticket, siteKey, site);
    return site;
  } catch (error) {
    cache.endRead();
    throw error;
  }
}
