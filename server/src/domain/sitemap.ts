import type { SiteRow } from '../db/database.js';
import type { Executor } from '../db/executor.js';
import { listSitemapThreads } from '../db/sitemap.queries.js';
import { threadPageUrl } from './thread-links.js';

/** Most addresses one sitemap file may list. */
export const SITEMAP_SIZE = 50_000;

/** The thread pages of a site for its sitemap: their addresses on `publicUrl` and when they last changed. */
export async function sitemapEntries(
  db: Executor,
  publicUrl: string,
  site: Pick<SiteRow, 'id' | 'public_key'>,
): Promise<{ url: string; lastModified: string }[]> {
  const rows = await listSitemapThreads(db, site.id, SITEMAP_SIZE);
  return rows.map((r) => ({
    url: threadPageUrl(publicUrl, site.public_key, r.id, r.title),
    lastModified: r.last_activity_at.toISOString(),
  }));
}
