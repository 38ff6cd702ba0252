import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { WebhookQueue, type WebhookQueueOptions } from '../domain/webhooks/webhook-queue.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Webhook delivery queue, or null when webhooks are off. */
    webhooks: WebhookQueue | null;
  }
}

export interface WebhooksPluginOptions
  extends Partial<
    Pick<
      WebhookQueueOptions,
      | 'retryLimit'
      | 'retryDelaySeconds'
      | 'pollingIntervalSeconds'
      | 'concurrency'
      | 'timeoutMs'
      | 'scanCron'
      | 'internalTargets'
    >
  > {
  /** Run webhooks on this node. Default true. */
  enabled?: boolean;
  /** Public URL of the server, for thread links in payloads. */
  publicUrl: string;
}

/**
 * Webhook delivery: starts its workers on the node's job queue, and hands the services the sink
 * that turns committed events into deliveries.
 */
async function webhooksPlugin(app: FastifyInstance, options: WebhooksPluginOptions) {
  if (options.enabled === false) {
    app.decorate('webhooks', null);
    return;
  }
  const log = app.log.child({ component: 'webhooks' });
  const queue = new WebhookQueue({
    ...options,
    db: app.db,
    jobs: app.jobs,
    now: app.services.now,
    log,
  });
  await queue.start();
  app.services.webhooks = queue;
  app.decorate('webhooks', queue);
  app.addHook('preClose', async () => {
    delete app.services.webhooks;
    await queue.stop();
  });
}

export default fp(webhooksPlugin, { name: 'booth-webhooks', dependencies: ['booth-live', 'booth-jobs'] });
