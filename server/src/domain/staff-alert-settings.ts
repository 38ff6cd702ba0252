/** Each staff member's choice of alert emails on their site (see mail/staff-alerts.ts). */
import type { ClientMessageOf, StaffAlertsView } from '@booth/shared';
import type { Executor } from '../db/executor.js';
import { findAlertChoices, saveAlertChoices, staffAddress } from '../db/staff-alerts.queries.js';
import { recordAction } from './audit.js';
import { DomainError } from './domain-error.js';
import type { Actor, Services } from './services.js';
import { assertStaff } from './staff-authorization.js';
import { setUnansweredThreshold } from './webhooks/webhooks.js';
import { runWrite } from './write.js';

const DEFAULT_THRESHOLD_MINUTES = 1440;

async function alertsView(db: Executor, actor: Actor): Promise<StaffAlertsView> {
  const [choices, address, site] = await Promise.all([
    findAlertChoices(db, actor.member.id),
    staffAddress(db, actor.member.id),
    db
      .selectFrom('site_reach_settings')
      .select('unanswered_alert_minutes')
      .where('site_id', '=', actor.site.id)
      .executeTakeFirst(),
  ]);
  return { ...choices, thresholdMinutes: site?.unanswered_alert_minutes ?? DEFAULT_THRESHOLD_MINUTES, address };
}

export async function readAlerts(services: Services, actor: Actor): Promise<StaffAlertsView> {
  assertStaff(actor.member, actor.site, services.now());
  return alertsView(services.db, actor);
}

/** Changes the caller's own alert choices; an owner may also change the site's threshold. */
export async function updateAlerts(
  services: Services,
  actor: Actor,
  msg: ClientMessageOf<'staff.alerts.update'>,
): Promise<StaffAlertsView> {
  const now = services.now();
  assertStaff(actor.member, actor.site, now);
  if (msg.thresholdMinutes !== undefined && actor.member.role !== 'owner') {
    throw new DomainError('forbidden', 'Only owners of this site can change its threshold.');
  }
  return runWrite(services, actor, msg, async (tx) => {
    const current = await findAlertChoices(tx, actor.member.id);
    await saveAlertChoices(tx, actor.member.id, actor.site.id, {
      unansweredEmail: msg.unansweredEmail ?? current.unansweredEmail,
      dailyDigest: msg.dailyDigest ?? current.dailyDigest,
    });
    if (msg.thresholdMinutes !== undefined) {
      await setUnansweredThreshold(tx, actor.site.id, msg.thresholdMinutes);
      await recordAction(tx, actor, now, {
        action: 'site.alert_threshold',
        target: { type: 'site', id: actor.site.id, label: actor.site.name },
        details: { minutes: msg.thresholdMinutes },
      });
    }
    return alertsView(tx, actor);
  });
}
