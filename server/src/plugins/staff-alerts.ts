import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Mailer } from '../domain/mail/mailer.js';
import { StaffAlerts, type StaffAlertsOptions } from '../jobs/staff-alerts.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Staff alert emails, or null when this node sends no email. */
    staffAlerts: StaffAlerts | null;
  }
}

export interface StaffAlertsPluginOptions extends Partial<Pick<StaffAlertsOptions, 'digestHourUtc'>> {
  /** Where the emails go; default the node's mailer (none: no staff alerts on this node). */
  mailer?: Mailer;
  /** Cron schedule of the check; default every minute. null schedules nothing (tests call `tick`). */
  cron?: string | null;
  publicUrl: string;
  /** Sender when a site set none. */
  defaultFrom: string;
}

const QUEUE = 'booth-staff-alerts';

/**
 * Staff alerts on the node's job queue: a scheduled job (pg-boss cron, so one node runs each
 * tick) checks with the server's clock what is due, and sends it.
 */
async function staffAlertsPlugin(app: FastifyInstance, options: StaffAlertsPluginOptions) {
  const mailer = options.mailer ?? app.mailer;
  if (!mailer) {
    app.decorate('staffAlerts', null);
    return;
  }
  const alerts = new StaffAlerts({
    db: app.db,
    mailer,
    now: app.services.now,
    publicUrl: options.publicUrl,
    defaultFrom: options.defaultFrom,
    ...(options.digestHourUtc !== undefined ? { digestHourUtc: options.digestHourUtc } : {}),
    log: app.log.child({ component: 'staff-alerts' }),
  });
  app.decorate('staffAlerts', alerts);
  if (options.cron === null) return;
  const boss = await app.jobs.boss();
  await boss.createQueue(QUEUE, { name: QUEUE, retryLimit: 0 });
  await boss.schedule(QUEUE, options.cron ?? '* * * * *');
  await boss.work(QUEUE, { pollingIntervalSeconds: 10 }, async () => {
    await alerts.tick(app.services.now());
  });
}

export default fp(staffAlertsPlugin, {
  name: 'booth-staff-alerts',
  dependencies: ['booth-services', 'booth-jobs'],
});
