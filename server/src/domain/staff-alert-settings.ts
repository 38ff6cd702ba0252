/** Each staff member's choice of alert emails on their site (see jobs/staff-alerts.ts). */
import { type ClientMessageOf, DEFAULT_DIGEST_HOUR, type StaffAlertsView } from '@booth/shared';
import type { Executor } from '../db/executor.js';
import {
  findAlertChoices,
  findSiteAlertTiming,
  saveAlertChoices,
  setDigestHour,
  staffAddress,
} from '../db/staff-alerts.queries.js';
import { recordAction } from './audit.js';
import { DomainError } from './domain-error.js';
import type { Actor, Services } from './services.js';
import { assertStaff } from './staff-authorization.js';
import { setUnansweredThreshold } from './webhooks/webhooks.js';
import { runWrite } from './write.js';

const DEFAULT_THRESHOLD_MINUTES = 1440;

async function alertsView(db: Executor, actor: Actor): Promise<StaffAlertsView> {
  const [choices, address, timing] = await Promise.all([
    findAlertChoices(db, actor.member.id),
    staffAddress(db, actor.member.id),
    findSiteAlertTiming(db, actor.site.id),
  ]);
  return {
    ...choices,
    thresholdMinutes: timing.thresholdMinutes ?? DEFAULT_THRESHOLD_MINUTES,
    digestHour: timing.digestHour ?? DEFAULT_DIGEST_HOUR,
    address,
  };
}

export async function readAlerts(services: Services, actor: Actor): Promise<StaffAlertsView> {
  assertStaff(actor.member, actor.site, services.now());
  return alertsView(services.db, actor);
}

/** Changes the caller's own alert choices; an owner may also change the site's threshold and digest hour. */
export async function updateAlerts(
  services: Services,
  actor: Actor,
  msg: ClientMessageOf<'staff.alerts.update'>,
): Promise<StaffAlertsView> {
  const now = services.now();
  assertStaff(actor.member, actor.site, now);
  if ((msg.thresholdMinutes !== undefined || msg.digestHour !== undefined) && actor.member.role !== 'owner') {
    throw new DomainError('forbidden', { key: 'refusal.ownersThreshold' });
  }
  return runWrite(services, actor, msg, async (tx) => {
    const current = await findAlertChoices(tx, actor.member.id);
    await saveAlertChoices(tx, actor.member.id, actor.site.id, {
      unansweredEmail: msg.unansweredEmail ?? current.unansweredEmail,
      dailyDigest: msg.dailyDigest ?? current.dailyDigest,
    });
    if (msg.thresholdMinutes !== undefined) await setUnansweredThreshold(tx, actor.site.id, msg.thresholdMinutes);
    if (msg.digestHour !== undefined) await setDigestHour(tx, actor.site.id, msg.digestHour);
    if (msg.thresholdMinutes !== undefined || msg.digestHour !== undefined) {
      await recordAction(tx, actor, now, {
        action: 'site.alert_threshold',
        target: { type: 'site', id: actor.site.id, label: actor.site.name },
        details: {
          ...(msg.thresholdMinutes !== undefined ? { minutes: msg.thresholdMinutes } : {}),
          ...(msg.digestHour !== undefined ? { digestHour: msg.digestHour } : {}),
        },
      });
    }
    return alertsView(tx, actor);
  });
}
