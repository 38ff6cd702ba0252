/** Owners' choice of the sender and accent colour of their site's emails (see jobs/mail-queue.ts). */
import type { ClientMessageOf, SiteMailSettingsView } from '@booth/shared';
import { findSiteMailSettings, saveSiteMailSettings } from '../db/site-mail-settings.queries.js';
import { recordAction } from './audit.js';
import { DomainError } from './domain-error.js';
import type { Actor, Services } from './services.js';
import { assertOwner } from './staff-authorization.js';
import { runWrite } from './write.js';

export async function readMailSettings(services: Services, actor: Actor): Promise<SiteMailSettingsView> {
  assertOwner(actor.member, actor.site, services.now());
  return findSiteMailSettings(services.db, actor.site.id);
}

/** Changes the fields given; null puts a field back to its default. */
export async function updateMailSettings(
  services: Services,
  actor: Actor,
  msg: ClientMessageOf<'staff.mail.settings.update'>,
): Promise<SiteMailSettingsView> {
  const now = services.now();
  assertOwner(actor.member, actor.site, now);
  const { fromName, fromAddress, accentColor } = msg;
  if (fromName === undefined && fromAddress === undefined && accentColor === undefined) {
    throw new DomainError('invalid_message', { key: 'refusal.nothingToChange' });
  }
  return runWrite(services, actor, msg, async (tx) => {
    const current = await findSiteMailSettings(tx, actor.site.id);
    const next: SiteMailSettingsView = {
      fromName: fromName === undefined ? current.fromName : fromName,
      fromAddress: fromAddress === undefined ? current.fromAddress : fromAddress,
      accentColor: accentColor === undefined ? current.accentColor : (accentColor?.toLowerCase() ?? null),
    };
    await saveSiteMailSettings(tx, actor.site.id, next);
    await recordAction(tx, actor, now, {
      action: 'site.mail_settings',
      target: { type: 'site', id: actor.site.id, label: actor.site.name },
      details: { ...next },
    });
    return next;
  });
}
