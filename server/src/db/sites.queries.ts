import { DEFAULT_LANGUAGE, type Language } from '@booth/shared';
import type { Updateable } from 'kysely';
import type { SitePolicy, SiteRow, SitesTable } from './database.js';
import type { Executor } from './executor.js';

export async function findSiteByKey(db: Executor, publicKey: string): Promise<SiteRow | undefined> {
  return db.selectFrom('sites').selectAll().where('public_key', '=', publicKey).executeTakeFirst();
}

export async function findSiteById(db: Executor, id: string): Promise<SiteRow | undefined> {
  return db.selectFrom('sites').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface NewSite {
  publicKey: string;
  name: string;
  allowedOrigins: string[];
  ssoSecret: string;
  guestsAllowed?: boolean;
  /** Trust-and-safety settings; the defaults apply to what is left out. */
  policy?: SitePolicy;
  premoderateFirstPosts?: boolean;
  language?: Language | undefined;
}

export async function insertSite(db: Executor, site: NewSite): Promise<SiteRow> {
  return db
    .insertInto('sites')
    .values({
      public_key: site.publicKey,
      name: site.name,
      allowed_origins: site.allowedOrigins,
      sso_secret: site.ssoSecret,
      guests_allowed: site.guestsAllowed ?? true,
      policy: site.policy ?? {},
      premoderate_first_posts: site.premoderateFirstPosts ?? false,
      language: site.language ?? DEFAULT_LANGUAGE,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateSiteOrigins(db: Executor, siteId: string, origins: string[]): Promise<void> {
  await db.updateTable('sites').set({ allowed_origins: origins }).where('id', '=', siteId).execute();
}

/** Changes a site's settings; returns the site as stored now. */
export async function updateSite(db: Executor, siteId: string, changes: Updateable<SitesTable>): Promise<SiteRow> {
  return db.updateTable('sites').set(changes).where('id', '=', siteId).returningAll().executeTakeFirstOrThrow();
}
