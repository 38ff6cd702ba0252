import type { FastifyRequest } from 'fastify';
import type { SiteRow } from '../db/database.js';
import type { Executor } from '../db/executor.js';
import { findSiteByKey } from '../db/sites.queries.js';
import { DomainError } from '../domain/domain-error.js';
import { isOriginAllowed } from '../domain/origins.js';

/** The origin of this Booth server as the browser sees it. */
export function ownOrigin(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

/** Finds the site of a request and checks the page's Origin against the site's allowlist. */
export async function siteForRequest(db: Executor, request: FastifyRequest, siteKey: string): Promise<SiteRow> {
  const site = await findSiteByKey(db, siteKey);
  if (!site) throw new DomainError('unknown_site');
  if (!isOriginAllowed(site, request.headers.origin, ownOrigin(request))) {
    throw new DomainError('origin_not_allowed', undefined, `origin ${request.headers.origin}`);
  }
  return site;
}
