import { LIMITS } from '@booth/shared';
import Fastify, { type FastifyInstance } from 'fastify';
import type { BoothConfig } from './config.js';
import type { LiveOptions, MailOptions, StaffDeskOptions, WebhookOptions } from './create-services.js';
import type { OpenDatabase } from './db/connect.js';
import demoHistory from './demo/demo-history.js';
import demoOutbox from './demo/demo-outbox.js';
import demoRoutes from './demo/demo-routes.js';
import demoWebhookReceiver from './demo/webhook-receiver.js';
import { replyAddress } from './domain/mail/reply-address.js';
import { serializeRequest } from './log-requests.js';
import database from './plugins/database.js';
import errors from './plugins/errors.js';
import health, { type HealthPluginOptions } from './plugins/health.js';
import jobs from './plugins/jobs.js';
import metrics from './plugins/metrics.js';
import moderateAssets from './plugins/moderate-assets.js';
import overload, { type OverloadOptions } from './plugins/overload.js';
import rateLimits from './plugins/rate-limits.js';
import requestIds, { requestId } from './plugins/request-ids.js';
import securityHeaders from './plugins/security-headers.js';
import services from './plugins/services.js';
import staffAlerts, { type StaffAlertsPluginOptions } from './plugins/staff-alerts.js';
import staffAuth from './plugins/staff-auth.js';
import widgetAssets from './plugins/widget-assets.js';
import { configuredImageStore } from './storage/configured-image-store.js';
import type { ImageStore } from './storage/image-store.js';
import apiV1 from './transport/api/api-plugin.js';
import badgeHttp from './transport/badge-http.js';
import exportHttp from './transport/export-http.js';
import faqHttp from './transport/faq-http.js';
import feedsHttp from './transport/feeds-http.js';
import httpApi from './transport/http-api.js';
import imagesHttp from './transport/images-http.js';
import inboundSmtp, { type InboundSmtpOptions } from './transport/inbound-smtp.js';
import mailHttp from './transport/mail-http.js';
import privacyHttp from './transport/privacy-http.js';
import staffHttp, { type StaffHttpOptions } from './transport/staff-http.js';
import threadPages from './transport/thread-pages.js';
import ws, { type WsOptions } from './transport/ws.js';

export interface AppOptions {
  config: BoothConfig;
  /** An already open database (tests pass one schema per file); otherwise opened from config. */
  database?: OpenDatabase;
  live?: LiveOptions;
  ws?: WsOptions;
  /** Staff sign-in settings (rate limit of the login form). */
  staffHttp?: StaffHttpOptions;
  /** Staff presence between nodes (heartbeat period and expiry). */
  staffDesk?: StaffDeskOptions;
  /** Webhook delivery settings (on by default). */
  webhooks?: Omit<WebhookOptions, 'publicUrl'>;
  /** Email settings (on by default; SMTP or the outbox as the configuration says). */
  mail?: Omit<MailOptions, 'publicUrl' | 'smtpUrl' | 'mailFrom'>;
  health?: HealthPluginOptions;
  /** How often the read replica's lag is measured (tests look more often); the limits come from the config. */
  readReplica?: { lagIntervalMs?: number };
  /** Staff alert emails: the mailer (default the node's), the schedule, the digest hour. */
  staffAlerts?: Omit<StaffAlertsPluginOptions, 'publicUrl' | 'defaultFrom'>;
  /** Reply-by-email listener settings (it runs when `SMTP_INBOUND_PORT` is set). */
  inboundSmtp?: Pick<InboundSmtpOptions, 'maxBytes'>;
  /** Load shedding; the event-loop limit comes from the config (`MAX_EVENT_LOOP_DELAY_MS`). */
  overload?: Omit<OverloadOptions, 'maxEventLoopDelayMs'>;
  /** Where image bytes go; default the local folder of the config (`BOOTH_IMAGE_DIR`). */
  imageStore?: ImageStore;
  /** Where JSON log lines go; default stdout. */
  logStream?: { write(line: string): void };
}

/** Log fields that would hold a credential: session cookies, bearer tokens, passwords. */
const REDACTED_LOG_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
  '*.password',
  '*.token',
  '*.sso',
  '*.guest',
];

/** Builds the Booth server without listening, so tests and `main.ts` share the same app. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: options.config.logLevel,
      // Request lines carry no headers today; should a line ever include them, credentials stay out.
      redact: { paths: REDACTED_LOG_PATHS, censor: '[redacted]' },
      serializers: { req: serializeRequest },
      ...(options.logStream ? { stream: options.logStream } : {}),
    },
    bodyLimit: LIMITS.httpBodyBytes,
    trustProxy: options.config.trustProxy,
    requestIdHeader: false,
    genReqId: requestId,
    // A cold embedded Postgres plus migrations can take longer than the 10 s default on a busy machine.
    pluginTimeout: 120_000,
    // Fastify's default, relied on: while the node drains, a request on a connection it already
    // had (a balancer's health check among them) gets 503 and the connection closes after it.
    return503OnClosing: true,
  });
  await app.register(errors);
  await app.register(requestIds);
  await app.register(metrics, { access: options.config.metrics });
  await app.register(securityHeaders, { publicUrl: options.config.publicUrl });
  // Before the rate limits and every route: shedding a request must cost nothing.
  await app.register(overload, { ...options.overload, maxEventLoopDelayMs: options.config.maxEventLoopDelayMs });
  await app.register(database, { config: options.config, ...(options.database ? { database: options.database } : {}) });
  // Before any route, so that every route is counted.
  await app.register(rateLimits, {
    httpPerMinute: options.config.httpRateLimit,
    redisUrl: options.config.redisUrl,
  });
  await app.register(jobs);
  const { smtpInboundPort, replyDomain } = options.config;
  // Every service of the node, built in one place: see create-services.ts.
  await app.register(services, {
    ...(options.config.readReplica
      ? {
          readReplica: {
            maxLagSeconds: options.config.readReplica.maxLagSeconds,
            waitMs: options.config.readReplica.waitMs,
            ...options.readReplica,
          },
        }
      : {}),
    live: { ssoTokens: options.config.ssoTokens, natsUrl: options.config.natsUrl, ...options.live },
    ...(options.staffDesk ? { staffDesk: options.staffDesk } : {}),
    webhooks: {
      internalTargets: options.config.webhookInternalTargets,
      ...options.webhooks,
      publicUrl: options.config.publicUrl,
    },
    mail: {
      // With the reply listener on, each thread email's Reply-To names the person and the thread.
      ...(smtpInboundPort !== null
        ? {
            replyTo: ({ memberId, threadId }: { memberId: string; threadId: string }) =>
              replyAddress(app.mailTokenSecret, replyDomain, memberId, threadId, app.services.now()),
          }
        : {}),
      ...options.mail,
      publicUrl: options.config.publicUrl,
      smtpUrl: options.config.smtpUrl,
      mailFrom: options.config.mailFrom,
    },
    images: {
      publicUrl: options.config.publicUrl,
      store: options.imageStore ?? configuredImageStore(options.config),
    },
  });
  await app.register(health, options.health ?? {});
  await app.register(staffAuth);
  await app.register(ws, {
    publicUrl: options.config.publicUrl,
    maxSockets: options.config.maxSockets,
    ...options.config.sockets,
    ...options.ws,
  });
  await app.register(httpApi);
  await app.register(apiV1, { publicUrl: options.config.publicUrl, perMinute: options.config.apiRateLimit });
  await app.register(imagesHttp, { publicUrl: options.config.publicUrl });
  await app.register(threadPages, { publicUrl: options.config.publicUrl });
  await app.register(faqHttp, { publicUrl: options.config.publicUrl });
  await app.register(badgeHttp);
  await app.register(feedsHttp, { publicUrl: options.config.publicUrl });
  await app.register(exportHttp);
  await app.register(mailHttp, { eventsToken: options.config.mailEventsToken });
  await app.register(staffHttp, options.staffHttp ?? {});
  await app.register(privacyHttp);
  await app.register(staffAlerts, {
    ...options.staffAlerts,
    publicUrl: options.config.publicUrl,
    defaultFrom: options.config.mailFrom,
  });
  if (smtpInboundPort !== null) {
    await app.register(inboundSmtp, {
      ...options.inboundSmtp,
      port: smtpInboundPort,
      host: options.config.smtpInboundHost,
      domain: replyDomain,
    });
  }
  await app.register(moderateAssets);
  await app.register(widgetAssets);
  if (options.config.demo) {
    await app.register(demoRoutes, { publicUrl: options.config.publicUrl });
    await app.register(demoOutbox);
    await app.register(demoHistory, { publicUrl: options.config.publicUrl });
    await app.register(demoWebhookReceiver, {
      publicUrl: options.config.publicUrl,
      internalTargets: options.config.webhookInternalTargets,
    });
  }
  return app;
}
