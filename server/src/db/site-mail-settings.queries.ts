import type { Executor } from './executor.js';

export interface SiteMailSettings {
  fromName: string | null;
  fromAddress: string | null;
  accentColor: string | null;
}

/** A site's sender and colour; nulls mean the defaults (the site's name, the server's address). */
export async function findSiteMailSettings(db: Executor, siteId: string): Promise<SiteMailSettings> {
  const row = await db.selectFrom('site_mail_settings').selectAll().where('site_id', '=', siteId).executeTakeFirst();
  return {
    fromName: row?.from_name ?? null,
    fromAddress: row?.from_address ?? null,
    accentColor: row?.accent_color ?? null,
  };
}

/** Sets a site's sender and colour. */
export async function saveSiteMailSettings(db: Executor, siteId: string, s: SiteMailSettings): Promise<void> {
  const values = { from_name: s.fromName, from_address: s.fromAddress, accent_color: s.accentColor };
  await db
    .insertInto('site_mail_settings')
    .values({ site_id: siteId, ...values })
    .onConflict((oc) => oc.column('site_id').doUpdateSet(values))
    .execute();
}
