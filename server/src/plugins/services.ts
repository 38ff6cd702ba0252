import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import {
  createServices,
  type ImageOptions,
  type LiveOptions,
  type MailOptions,
  type NodeMail,
  type ReadReplicaOptions,
  type StaffDeskOptions,
  type WebhookOptions,
} from '../create-services.js';
import { RefusedOriginLog } from '../domain/refused-origins.js';
import type { Services } from '../domain/services.js';
import type { Fanout } from '../fanout/fanout.js';
import type { WebhookQueue } from '../jobs/webhook-queue.js';
import type { BoardHub } from '../live/board-hub.js';
import type { StaffDesk } from '../live/staff-desk.js';
import type { SocketSession } from '../transport/ws-session.js';

declare module 'fastify' {
  /** The node's email and bell: `mail`, `mailer`, `mailTokenSecret`, `bell`, `ringBell`, `bellMarkRead`. */
  interface FastifyInstance extends NodeMail {
    services: Services;
    hub: BoardHub;
    fanout: Fanout;
    staffDesk: StaffDesk;
    /** Webhook delivery queue, or null when webhooks are off. */
    webhooks: WebhookQueue | null;
    /** Open widget and moderation sockets of this node; the WebSocket transport adds and removes them. */
    sessions: Set<SocketSession>;
    /** Where origin checks tell the origins they refuse, for owners to allow. */
    refusedOrigins: RefusedOriginLog;
  }
}

export interface ServicesPluginOptions {
  live?: LiveOptions;
  staffDesk?: StaffDeskOptions;
  webhooks: WebhookOptions;
  mail: MailOptions;
  images: ImageOptions;
  /** The read replica's limits (`DATABASE_READ_MAX_LAG_SECONDS`, `DATABASE_READ_WAIT_MS`); used when the app has a replica. */
  readReplica?: Omit<ReadReplicaOptions, 'database'>;
}

/**
 * Builds the node's services with `createServices` (the composition root) and decorates the app
 * with them; stops webhook and email work before the sockets drain and closes the fan-out last.
 */
async function servicesPlugin(app: FastifyInstance, options: ServicesPluginOptions) {
  const sessions = new Set<SocketSession>();
  const node = await createServices({
    database: app.database,
    ...(app.readDatabase && options.readReplica
      ? { readReplica: { ...options.readReplica, database: app.readDatabase } }
      : {}),
    jobs: app.jobs,
    metrics: app.metrics,
    log: app.log,
    sockets: () => sessions,
    ...(options.live ? { live: options.live } : {}),
    ...(options.staffDesk ? { staffDesk: options.staffDesk } : {}),
    webhooks: options.webhooks,
    mail: options.mail,
    images: options.images,
  });
  app.decorate('services', node.services);
  app.decorate('hub', node.hub);
  app.decorate('fanout', node.fanout);
  app.decorate('staffDesk', node.desk);
  app.decorate('webhooks', node.webhooks);
  app.decorate('sessions', sessions);
  app.decorate('refusedOrigins', new RefusedOriginLog(node.services, app.log));
  app.decorate('mail', node.mail);
  app.decorate('mailer', node.mailer);
  app.decorate('mailTokenSecret', node.mailTokenSecret);
  app.decorate('bell', node.bell);
  app.decorate('ringBell', node.ringBell);
  app.decorate('bellMarkRead', node.bellMarkRead);
  app.addHook('preClose', () => node.quiesce());
  app.addHook('onClose', () => node.close());
}

export default fp(servicesPlugin, {
  name: 'booth-services',
  dependencies: ['booth-database', 'booth-metrics', 'booth-jobs'],
});
