/**
 * The composition root: builds every service of a node in one place, and passes each listener
 * in at construction. Read it top to bottom for where a committed write goes: into the
 * write's transaction (the event sinks: webhooks, then notifications; the mail queue takes its
 * notices for followers), then to this node's board hub, which delivers to subscribed sockets,
 * and to the fan-out, which wakes the other nodes.
 */

import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { OpenDatabase } from './db/connect.js';
import { primaryOnly, type ReadRouting, ReplicaReads } from './db/read-routing.js';
import { getOrCreateSecret } from './db/secrets.queries.js';
import type { EventSink } from './domain/event-sink.js';
import { ViewCounter } from './domain/faq/view-counter.js';
import { bellThreads, markThreadRead } from './domain/mail/follow-threads.js';
import type { MailSink } from './domain/mail/mail-sink.js';
import { createMailer, type Mailer } from './domain/mail/mailer.js';
import { ReadCache } from './domain/read-cache.js';
import type { Services } from './domain/services.js';
import { DEFAULT_SSO_TOKEN_RULES, type SsoTokenRules } from './domain/tokens.js';
import { WriteGroups } from './domain/write-groups.js';
import { channelName } from './fanout/channel-names.js';
import type { Fanout } from './fanout/fanout.js';
import { InProcessFanout } from './fanout/in-process-fanout.js';
import { NatsFanout } from './fanout/nats-fanout.js';
import { natsSubjects } from './fanout/nats-subjects.js';
import { PgNotifyFanout } from './fanout/pg-notify-fanout.js';
import { BELL_MEMBERS_PER_SIGNAL } from './fanout/signals.js';
import type { JobQueue } from './jobs/job-queue.js';
import { MailQueue, type MailQueueOptions } from './jobs/mail-queue.js';
import { WebhookQueue, type WebhookQueueOptions } from './jobs/webhook-queue.js';
import { Bell } from './live/bell.js';
import { BoardHub } from './live/board-hub.js';
import type { LiveSocket } from './live/live-socket.js';
import { StaffDesk } from './live/staff-desk.js';
import type { NodeMetrics } from './plugins/metrics.js';
import type { ImageStore } from './storage/image-store.js';

export interface LiveOptions {
  now?: () => Date;
  /** Period of the safety-net re-read of every subscribed board, in ms. Default 5000. */
  catchUpIntervalMs?: number;
  /** First delay before the fan-out's listener reconnects, in ms. Default 500. */
  fanoutReconnectDelayMs?: number;
  /** SSO token age and lifetime limits (from the config). */
  ssoTokens?: SsoTokenRules;
  /** NATS servers to fan out through instead of LISTEN/NOTIFY (from the config); null or absent: LISTEN/NOTIFY. */
  natsUrl?: string | null;
}

export interface StaffDeskOptions {
  /** Period of the presence heartbeat: each node repeats its count of moderation views per site, in ms. Default 10000. */
  presenceHeartbeatMs?: number;
  /** Heartbeats missed after which a node's moderation views stop counting (it died without a goodbye). Default 3. */
  presenceExpiryHeartbeats?: number;
}

export type WebhookOptions = Partial<
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
> & {
  /** Run webhooks on this node. Default true. */
  enabled?: boolean;
  /** Public URL of the server, for thread links in payloads. */
  publicUrl: string;
};

export interface MailOptions
  extends Partial<
    Pick<
      MailQueueOptions,
      | 'windowMs'
      | 'maxAttempts'
      | 'retryDelaySeconds'
      | 'batchSize'
      | 'concurrency'
      | 'pollingIntervalSeconds'
      | 'dueCron'
      | 'replyTo'
    >
  > {
  /** Send email from this node. Default true. */
  enabled?: boolean;
  /** SMTP server URL; null keeps mail in the local outbox. */
  smtpUrl: string | null;
  /** Sender address when a site sets none. */
  mailFrom: string;
  /** Public URL of the server, for links. */
  publicUrl: string;
}

/** A read replica of the database, and how far behind it may be read. */
export interface ReadReplicaOptions {
  database: OpenDatabase;
  /** Past this lag, in seconds, every read goes to the primary. */
  maxLagSeconds: number;
  /** How long a writer's next read waits for the replica to replay the write, in ms. */
  waitMs: number;
  /** Time between looks at the replica's lag, in ms; default 1000. */
  lagIntervalMs?: number;
}

export interface CreateServicesOptions {
  database: OpenDatabase;
  /** Reads that tolerate a little lag go here when set. */
  readReplica?: ReadReplicaOptions;
  jobs: JobQueue;
  metrics: NodeMetrics;
  log: FastifyBaseLogger;
  /** Every open socket of this node (customers and staff); the transport adds and removes them. */
  sockets: () => Iterable<LiveSocket>;
  live?: LiveOptions;
  staffDesk?: StaffDeskOptions;
  webhooks: WebhookOptions;
  /** Email to followers. */
  mail: MailOptions;
  /** Email notifications: told of each event in the write's transaction, after webhooks. Absent: none. */
  notifications?: EventSink;
  /** Images in posts: this server's public URL (their addresses) and where their bytes go. */
  images: ImageOptions;
}

export interface ImageOptions {
  publicUrl: string;
  store: ImageStore;
}

/** A node's email and the bell of unread news in the widget. */
export interface NodeMail {
  /** Email to followers, or null when email is off on this node. */
  mail: MailQueue | null;
  /** Where email goes (SMTP, or the local outbox), or null when email is off on this node. */
  mailer: Mailer | null;
  /** Secret that signs the tokens in email links. */
  mailTokenSecret: string;
  /** Signed-in members' sockets showing the bell of unread answers and replies. */
  bell: Bell;
  /** Tells every node that these members' unread news changed. */
  ringBell(memberIds: readonly string[]): void;
  /** Marks a followed thread's news as seen by a member and updates their bells. */
  bellMarkRead(memberId: string, threadId: string): Promise<void>;
}

/** A node's services, and how to start and stop them. */
export interface NodeServices extends NodeMail {
  services: Services;
  hub: BoardHub;
  fanout: Fanout;
  desk: StaffDesk;
  /** The webhook delivery queue, or null when webhooks are off. */
  webhooks: WebhookQueue | null;
  /** Stops taking new work (webhook deliveries, email); in-flight work finishes. Call before the sockets drain. */
  quiesce(): Promise<void>;
  /** Says goodbye to the other nodes, closes the fan-out and the mailer. */
  close(): Promise<void>;
}

export const DEFAULT_CATCH_UP_INTERVAL_MS = 5000;
export const DEFAULT_PRESENCE_HEARTBEAT_MS = 10_000;
export const DEFAULT_PRESENCE_EXPIRY_HEARTBEATS = 3;

function checkOption(name: string, value: number, ok: boolean, rule: string): number {
  if (!ok) throw new Error(`${name} must be ${rule}, not ${value}`);
  return value;
}

/** Checks the options and fills in the named defaults; bad options fail before anything starts. */
function resolveOptions(options: CreateServicesOptions) {
  const catchUpIntervalMs = options.live?.catchUpIntervalMs ?? DEFAULT_CATCH_UP_INTERVAL_MS;
  const heartbeatMs = options.staffDesk?.presenceHeartbeatMs ?? DEFAULT_PRESENCE_HEARTBEAT_MS;
  const expiryHeartbeats = options.staffDesk?.presenceExpiryHeartbeats ?? DEFAULT_PRESENCE_EXPIRY_HEARTBEATS;
  return {
    catchUpIntervalMs: checkOption(
      'catchUpIntervalMs',
      catchUpIntervalMs,
      Number.isInteger(catchUpIntervalMs) && catchUpIntervalMs >= 10,
      'an integer of at least 10',
    ),
    heartbeatMs: checkOption(
      'presenceHeartbeatMs',
      heartbeatMs,
      Number.isInteger(heartbeatMs) && heartbeatMs >= 10,
      'an integer of at least 10',
    ),
    expiryHeartbeats: checkOption(
      'presenceExpiryHeartbeats',
      expiryHeartbeats,
      Number.isInteger(expiryHeartbeats) && expiryHeartbeats >= 2,
      'an integer of at least 2',
    ),
  };
}

/**
 * The embedded Postgres serves one node, so it fans out in-process; a real one uses LISTEN/NOTIFY,
 * or NATS JetStream when `natsUrl` is set.
 */
async function createFanout(options: CreateServicesOptions, log: FastifyBaseLogger): Promise<Fanout> {
  const { database } = options;
  if (database.embedded) return new InProcessFanout();
  const reconnect =
    options.live?.fanoutReconnectDelayMs !== undefined ? { reconnectDelayMs: options.live.fanoutReconnectDelayMs } : {};
  const natsUrl = options.live?.natsUrl;
  if (natsUrl) {
    const fanout = new NatsFanout({
      servers: natsUrl,
      subjects: natsSubjects(database.schema),
      ...reconnect,
      onError: (error) => log.warn({ err: error }, 'fan-out connection problem'),
      onInvalidSignal: (reason) => log.warn({ reason }, 'malformed fan-out signal ignored'),
      onListening: () => log.info('fan-out listening (NATS)'),
    });
    await fanout.start().catch((error: Error) => {
      // Without any user name or password the URL may carry.
      const where = natsUrl.replace(/\/\/[^@/]*@/g, '//');
      throw new Error(`cannot reach NATS JetStream at ${where}: ${error.message}`, { cause: error });
    });
    return fanout;
  }
  const fanout = new PgNotifyFanout({
    url: database.url,
    channel: channelName('events', database.schema),
    signalChannel: channelName('signals', database.schema),
    ...reconnect,
    onError: (error) => log.warn({ err: error }, 'fan-out connection problem'),
    onInvalidSignal: (reason) => log.warn({ reason }, 'malformed fan-out signal ignored'),
    onListening: () => log.info('fan-out listening'),
  });
  await fanout.start();
  return fanout;
}

/** Reads on the replica when there is one, counted by where they went; otherwise all on the primary. */
async function createReadRouting(options: CreateServicesOptions): Promise<ReadRouting> {
  const replica = options.readReplica;
  if (!replica) return primaryOnly(options.database.db);
  const log = options.log.child({ component: 'read-replica' });
  const reads = new ReplicaReads(options.database.db, replica.database.db, {
    maxLagSeconds: replica.maxLagSeconds,
    waitMs: replica.waitMs,
    ...(replica.lagIntervalMs !== undefined ? { lagIntervalMs: replica.lagIntervalMs } : {}),
    onRead: (target) => options.metrics.observeRead(target),
    onError: (error) => log.warn({ err: error }, 'read replica unreachable'),
  });
  await reads.start();
  return reads;
}

/** Builds and starts a node's services. */
export async function createServices(options: CreateServicesOptions): Promise<NodeServices> {
  const { database, metrics } = options;
  const db = database.db;
  const resolved = resolveOptions(options);
  const now = options.live?.now ?? (() => new Date());
  const liveLog = options.log.child({ component: 'live' });

  // Fan-out between nodes, and the staff desk (presence, typing, moderation feeds) on it.
  const fanout = await createFanout(options, liveLog);
  const desk = new StaffDesk(db, options.sockets, (error) => options.log.error({ err: error }, 'staff desk failed'), {
    nodeId: randomUUID(),
    fanout,
    heartbeatMs: resolved.heartbeatMs,
    expiryHeartbeats: resolved.expiryHeartbeats,
  });

  // The board hub delivers each board's events to this node's sockets; the desk follows its wake-ups.
  const hub = new BoardHub(db, (error) => liveLog.error({ err: error }, 'event delivery failed'), {
    onLag: (seconds) => metrics.observeFanoutLag(seconds),
    onWakeBoard: (boardId) => desk.onBoardWake(boardId),
    onCatchUp: () => desk.catchUp(),
  });
  fanout.onWake((boardId, seq) => {
    metrics.wakeups += 1;
    hub.wake(boardId, seq > 0 ? seq : undefined);
  });
  fanout.onResync(() => hub.wakeAll());
  // Public reads kept on this node; dropped by every board event and "listing changed" from any node.
  const readCache = new ReadCache({ now: () => now().getTime(), live: () => fanout.connected });
  fanout.onWake((boardId) => readCache.boardChanged(boardId));
  fanout.onSignal((signal) => {
    if (signal.kind === 'listing') readCache.siteChanged(signal.siteId);
  });
  fanout.onResync(() => readCache.clear());
  fanout.onSignal((signal) => desk.receive(signal));
  fanout.onResync(() => desk.presence.resync());

  // Event sinks, told of each event inside the write's transaction, in this order.
  const webhooks =
    options.webhooks.enabled === false
      ? null
      : new WebhookQueue({
          ...options.webhooks,
          db,
          jobs: options.jobs,
          now,
          log: options.log.child({ component: 'webhooks' }),
        });
  let webhooksOpen = webhooks !== null;
  const sinks: EventSink[] = [];
  if (webhooks) {
    // Once the node stops taking webhook work, writes still finishing make no deliveries here.
    sinks.push({
      onEvent: (tx, site, event) => (webhooksOpen ? webhooks.onEvent(tx, site, event) : Promise.resolve()),
    });
  }
  if (options.notifications) sinks.push(options.notifications);

  // The bell of unread news: each node updates its own sockets when the fan-out rings it.
  const mailLog = options.log.child({ component: 'mail' });
  const bell = new Bell(
    (memberId) => bellThreads(db, memberId),
    (error) => mailLog.warn({ err: error }, 'bell update failed'),
  );
  fanout.onSignal((signal) => {
    if (signal.kind === 'bell') void bell.changed(signal.memberIds);
  });
  const ringBell = (memberIds: readonly string[]) => {
    for (let i = 0; i < memberIds.length; i += BELL_MEMBERS_PER_SIGNAL) {
      fanout.publishSignal({ kind: 'bell', memberIds: memberIds.slice(i, i + BELL_MEMBERS_PER_SIGNAL) });
    }
  };

  // Email to followers: a write's notices go into the mail queue in the write's transaction.
  const mailTokenSecret = await getOrCreateSecret(db, 'mail_token');
  const { enabled: mailEnabled, smtpUrl, mailFrom, ...mailQueueOptions } = options.mail;
  const mailer = mailEnabled === false ? null : createMailer(smtpUrl, db, now);
  const mail =
    mailer === null
      ? null
      : new MailQueue({
          ...mailQueueOptions,
          db,
          jobs: options.jobs,
          mailer,
          tokenSecret: mailTokenSecret,
          defaultFrom: mailFrom,
          now,
          log: mailLog,
          onUnread: ringBell,
        });
  let mailOpen = mail !== null;
  // Once the node stops taking email work, writes still finishing enqueue none here.
  const mailSink: MailSink | null = mail && {
    enqueueStatement: async (siteId, notices) => (mailOpen ? mail.enqueueStatement(siteId, notices) : null),
    enqueueSend: (tx, ids) => (mailOpen ? mail.enqueueSend(tx, ids) : Promise.resolve()),
  };

  const reads = await createReadRouting(options);
  const views = new ViewCounter(db, (error) => options.log.warn({ err: error }, 'writing view counts failed'));
  const services: Services = {
    db,
    reads,
    now,
    guestSecret: await getOrCreateSecret(db, 'guest_token'),
    ssoTokens: options.live?.ssoTokens ?? DEFAULT_SSO_TOKEN_RULES,
    publicUrl: options.images.publicUrl,
    imageStore: options.images.store,
    sinks,
    // After the commit: this node's subscribers first, then the other nodes.
    published: (siteId, boardId, events) => {
      readCache.boardChanged(boardId);
      hub.record(boardId, events);
      const last = events.at(-1);
      if (last && !database.embedded) fanout.publish(siteId, boardId, last.seq);
    },
    // This node at once (its next read must see the change), then every node through the fan-out.
    listingChanged: (siteId) => {
      readCache.siteChanged(siteId);
      fanout.publishSignal({ kind: 'listing', siteId });
    },
    readCache,
    views,
    observeWrite: (type, seconds) => metrics.observeWrite(type, seconds),
    ...(mailSink ? { mail: mailSink } : {}),
  };

  services.writeGroups = new WriteGroups(services);

  hub.startCatchUp(resolved.catchUpIntervalMs);
  views.start();
  desk.presence.start();
  await webhooks?.start();
  await mail?.start();

  return {
    services,
    hub,
    fanout,
    desk,
    webhooks,
    mail,
    mailer,
    mailTokenSecret,
    bell,
    ringBell,
    async bellMarkRead(memberId, threadId) {
      if (await markThreadRead(db, memberId, threadId)) ringBell([memberId]);
    },
    async quiesce() {
      webhooksOpen = false;
      mailOpen = false;
      await webhooks?.stop();
      await mail?.stop();
    },
    async close() {
      // The desk says goodbye while the fan-out is still open.
      desk.presence.stop();
      hub.stop();
      await views.stop().catch((error) => options.log.warn({ err: error }, 'writing view counts failed'));
      reads.close();
      await fanout.close();
      await mailer?.close();
    },
  };
}
