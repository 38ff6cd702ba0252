import type { SiteRow } from '../db/database.js';

/**
 * True when a page at `origin` may use the site. A missing Origin (a server-to-server call) is
 * allowed: cross-site hijacking needs a browser, and browsers always send one. Booth's own
 * origin is always allowed: it serves the demo and moderation pages itself.
 */
export function isOriginAllowed(
  site: Pick<SiteRow, 'allowed_origins'>,
  origin: string | undefined,
  ownOrigin: string,
): boolean {
  if (origin === undefined) return true;
  const normalized = origin.toLowerCase().replace(/\/$/, '');
  if (normalized === ownOrigin.toLowerCase()) return true;
  return site.allowed_origins.some((allowed) => allowed.toLowerCase().replace(/\/$/, '') === normalized);
}
