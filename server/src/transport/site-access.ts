import type { FastifyRequest } from 'fastify';
import { DomainError } from '../domain/domain-error.js';
import { isOriginAllowed } from '../domain/origins.js';
import type { Executor, SiteRow } from '../domain/services.js';
import { siteByKey } from '../domain/sites.js';

/** The origin of this Booth server as the browser sees it. */
export function ownOrigin(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

/** Finds the site of a request and checks the page's Origin against the site's allowlist. */
export async function siteForRequest(db: Executor, request: FastifyRequest, siteKey: string): Promise<SiteRow> {
  const site = await siteByKey(db, siteKey);
  if (!isOriginAllowed(site, request.headers.origin, ownOrigin(request))) {
    throw new DomainError('origin_not_allowed', undefined, `origin ${request.headers.origin}`);
  }
  return site;
}
