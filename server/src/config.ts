import { describeIssues } from '@booth/shared';
import * as v from 'valibot';
import type { SsoTokenRules } from './domain/tokens.js';
import { internalTargetList } from './domain/webhooks/webhook-targets.js';
import type { MetricsAccess } from './plugins/metrics-access.js';
import type { S3Settings } from './storage/s3-image-store.js';
import { resolveSocketLimits, type SocketLimits } from './transport/socket-limits.js';

/** Server settings, read from environment variables and checked at start. */
export interface BoothConfig {
  /** TCP port for HTTP and WebSocket. Env `PORT`, default 3000. */
  port: number;
  /** Interface to bind. Env `HOST`, default 127.0.0.1. */
  host: string;
  /** Postgres URL. Env `DATABASE_URL`; when unset an embedded Postgres (PGlite) is used. */
  databaseUrl: string | null;
  /**
   * A streaming replica of `DATABASE_URL` for reads that tolerate a little lag (board and thread
   * pages, search, suggestions, insights, exports): env `DATABASE_READ_URL`, with
   * `DATABASE_READ_MAX_LAG_SECONDS` (default 10: past it, every read goes to the primary) and
   * `DATABASE_READ_WAIT_MS` (default 250: how long a writer's next read waits for the replica to
   * replay the write before it reads the primary). Null when unset: every read on the primary.
   */
  readReplica: ReadReplicaConfig | null;
  /**
   * NATS servers (JetStream enabled) that carry wake-ups and signals between nodes instead of
   * Postgres LISTEN/NOTIFY: env `NATS_URL`, `nats://host:4222`, several comma-separated. Unset
   * (the default), nodes use LISTEN/NOTIFY; the embedded Postgres serves one node and uses neither.
   */
  natsUrl: string | null;
  /** Folder of the embedded Postgres. Env `BOOTH_DATA_DIR`, default `.booth-data` in the working folder. */
  dataDir: string;
  /**
   * Folder of uploaded images when they are kept on local disk. Env `BOOTH_IMAGE_DIR`, default
   * the data folder's name with `-images` (`.booth-data-images`): beside the embedded Postgres,
   * not inside it, whose folder belongs to Postgres alone (backups, restores, first start).
   */
  imageDir: string;
  /**
   * S3-compatible object storage for uploaded images instead of the local folder: env
   * `S3_IMAGE_BUCKET_URL` (path-style bucket address, optionally with a folder), `S3_REGION`
   * (default `us-east-1`), `S3_ACCESS_KEY_ID` and `S3_SECRET_ACCESS_KEY`. Null when unset.
   */
  imageS3: S3Settings | null;
  /** Public URL of this server, used in the embed snippet. Env `PUBLIC_URL`, default http://localhost:PORT. */
  publicUrl: string;
  /** Create the demo site and serve the demo brand page at `/`. Env `BOOTH_DEMO`, default true. */
  demo: boolean;
  /** Log level for pino. Env `LOG_LEVEL`, default info. */
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /**
   * HTTP requests (WebSocket upgrades included) one network address may make per minute; 0 turns
   * the limit off. Env `HTTP_RATE_LIMIT`, default 600.
   */
  httpRateLimit: number;
  /** Requests one API key may make per minute on `/api/v1`; 0 turns the limit off. Env `API_RATE_LIMIT`, default 600. */
  apiRateLimit: number;
  /**
   * Whose `X-Forwarded-For` to believe for the client's address (rate limits count by it): `false`,
   * `true` (anyone: only behind a proxy that overwrites the header), or a comma-separated list of
   * proxy addresses, CIDRs and `loopback`/`linklocal`/`uniquelocal`. Env `TRUST_PROXY`, default `loopback`.
   */
  trustProxy: boolean | string;
  /**
   * Port of the inbound SMTP listener that turns emailed replies into posts; null (unset) runs
   * none. Env `SMTP_INBOUND_PORT`; 0 picks a free port.
   */
  smtpInboundPort: number | null;
  /** Interface of the inbound SMTP listener. Env `SMTP_INBOUND_HOST`, default `HOST`. */
  smtpInboundHost: string;
  /**
   * Domain of reply addresses (`reply+…@DOMAIN`), whose MX points at the inbound listener.
   * Env `REPLY_DOMAIN`, default the host name of `PUBLIC_URL`.
   */
  replyDomain: string;
  /**
   * Networks webhooks may be delivered to besides public addresses, as comma-separated addresses
   * and CIDR ranges (`10.0.0.0/8, fd00::/8`); loopback, private, link-local, CGNAT, multicast
   * and cloud metadata addresses are refused otherwise. Env `WEBHOOK_INTERNAL_TARGETS`, default
   * none (loopback in demo mode, where the demo's own receiver listens).
   */
  webhookInternalTargets: string[];
  /**
   * Redis that keeps the rate-limit counts every node shares. Env `REDIS_URL` (`redis://` or
   * `rediss://`); unset, a real Postgres keeps them, and the embedded one counts in memory.
   */
  redisUrl: string | null;
  /**
   * Mean event-loop delay, in ms, past which the node sheds new HTTP requests and WebSocket
   * upgrades with 503 until it recovers; 0 turns it off. Env `MAX_EVENT_LOOP_DELAY_MS`, default 1000.
   */
  maxEventLoopDelayMs: number;
  /** Open WebSockets past which new upgrades are refused with 503; 0 means no cap. Env `MAX_SOCKETS`, default 0. */
  maxSockets: number;
  /** Heartbeat, timeouts and caps of the widget's sockets (`transport/socket-limits.ts`), from `WS_*` variables. */
  sockets: SocketLimits;
  /**
   * How old an SSO token may be when it signs someone in (seconds after its `iat`), and the longest
   * lifetime (`exp - iat`) it may claim. Env `SSO_MAX_TOKEN_AGE` (30 to 86400, default 600) and
   * `SSO_MAX_TOKEN_LIFETIME` (60 to 2592000, default 86400). A token's `jti` is refused a second
   * time while the token is within its age.
   */
  ssoTokens: SsoTokenRules;
  /**
   * Who may read `/metrics` and where. Env `METRICS_TOKEN` (at least 16 characters: scrapes must
   * send `Authorization: Bearer <token>`), `METRICS_PORT` (serve `/metrics` only on this port,
   * not on `PORT`; 0 picks a free one) and `METRICS_HOST` (its interface, default 127.0.0.1).
   * Unset, `/metrics` is open on the main port.
   */
  metrics: MetricsAccess;
  /**
   * SMTP server for outgoing email, as `smtp://user:pass@host:587` or `smtps://…`. Env `SMTP_URL`;
   * unset keeps email in a local outbox (shown at /outbox by the demo).
   */
  smtpUrl: string | null;
  /** Sender address of email when a site sets none. Env `MAIL_FROM`, default `booth@` the public host. */
  mailFrom: string;
  /**
   * Bearer token the mail provider's bounce and complaint webhook sends to `POST /mail/events`.
   * Env `MAIL_EVENTS_TOKEN`; unset turns the endpoint off.
   */
  mailEventsToken: string | null;
}

/** The environment variable of each socket limit. */
const SOCKET_ENV: Record<keyof SocketLimits, string> = {
  pingIntervalMs: 'WS_PING_INTERVAL_MS',
  firstRequestTimeoutMs: 'WS_FIRST_REQUEST_TIMEOUT_MS',
  maxSocketsPerNetwork: 'WS_MAX_SOCKETS_PER_NETWORK',
  maxSocketsPerMember: 'WS_MAX_SOCKETS_PER_MEMBER',
  badFrameLimit: 'WS_BAD_FRAME_LIMIT',
  badFrameWindowMs: 'WS_BAD_FRAME_WINDOW_MS',
  maxBoardsPerSocket: 'WS_MAX_BOARDS_PER_SOCKET',
};

/** Reads the socket limits from the environment; each is checked against its range. */
function socketLimitsFrom(env: Record<string, string | undefined>): SocketLimits {
  const given: Partial<SocketLimits> = {};
  for (const [key, name] of Object.entries(SOCKET_ENV) as [keyof SocketLimits, string][]) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    if (!/^\d{1,10}$/.test(raw)) throw new ConfigError(`Invalid environment: ${name}: must be a whole number`);
    given[key] = Number(raw);
    try {
      resolveSocketLimits({ [key]: given[key] });
    } catch (error) {
      throw new ConfigError(`Invalid environment: ${name}: ${(error as Error).message}`);
    }
  }
  return resolveSocketLimits(given);
}

const LOOPBACK_TARGETS = '127.0.0.0/8, ::1/128';

/** A whole number of seconds from `min` to `max`, given as a string. */
function seconds(min: number, max: number) {
  return v.pipe(
    v.string(),
    v.regex(/^\d{1,8}$/, 'must be a number of seconds'),
    v.transform(Number),
    v.minValue(min, `must be at least ${min} seconds`),
    v.maxValue(max, `must be at most ${max} seconds`),
  );
}

const Env = v.object({
  PORT: v.optional(
    v.pipe(v.string(), v.regex(/^\d{1,5}$/, 'must be a port number'), v.transform(Number), v.maxValue(65535)),
    '3000',
  ),
  HOST: v.optional(v.pipe(v.string(), v.minLength(1)), '127.0.0.1'),
  DATABASE_URL: v.optional(
    v.pipe(v.string(), v.regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')),
  ),
  DATABASE_READ_URL: v.optional(
    v.pipe(v.string(), v.regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')),
  ),
  DATABASE_READ_MAX_LAG_SECONDS: v.optional(seconds(1, 3600), '10'),
  DATABASE_READ_WAIT_MS: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d{1,5}$/, 'must be a number of milliseconds'),
      v.transform(Number),
      v.maxValue(10_000, 'must be at most 10000 milliseconds'),
    ),
    '250',
  ),
  NATS_URL: v.optional(
    v.pipe(
      v.string(),
      v.regex(
        /^(nats|tls):\/\/[^\s,]+(\s*,\s*(nats|tls):\/\/[^\s,]+)*$/,
        'must be nats://host:port (or tls://), several separated by commas',
      ),
    ),
  ),
  BOOTH_DATA_DIR: v.optional(v.pipe(v.string(), v.minLength(1)), '.booth-data'),
  BOOTH_IMAGE_DIR: v.optional(v.pipe(v.string(), v.minLength(1))),
  S3_IMAGE_BUCKET_URL: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^https?:\/\/[^\s/?#@]+\/[^\s?#]+$/, 'must be a bucket address such as https://s3.example.com/bucket'),
    ),
  ),
  S3_REGION: v.optional(
    v.pipe(v.string(), v.regex(/^[a-z0-9-]{1,40}$/, 'must be a region such as eu-central-1')),
    'us-east-1',
  ),
  S3_ACCESS_KEY_ID: v.optional(v.pipe(v.string(), v.minLength(1))),
  S3_SECRET_ACCESS_KEY: v.optional(v.pipe(v.string(), v.minLength(1))),
  PUBLIC_URL: v.optional(v.pipe(v.string(), v.url('must be a URL'))),
  BOOTH_DEMO: v.optional(v.picklist(['true', 'false', '1', '0']), 'true'),
  LOG_LEVEL: v.optional(v.picklist(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']), 'info'),
  HTTP_RATE_LIMIT: v.optional(
    v.pipe(v.string(), v.regex(/^\d{1,7}$/, 'must be a number of requests per minute'), v.transform(Number)),
    '600',
  ),
  API_RATE_LIMIT: v.optional(
    v.pipe(v.string(), v.regex(/^\d{1,7}$/, 'must be a number of requests per minute'), v.transform(Number)),
    '600',
  ),
  SMTP_INBOUND_PORT: v.optional(
    v.pipe(v.string(), v.regex(/^\d{1,5}$/, 'must be a port number'), v.transform(Number), v.maxValue(65535)),
  ),
  SMTP_INBOUND_HOST: v.optional(v.pipe(v.string(), v.minLength(1))),
  REPLY_DOMAIN: v.optional(
    v.pipe(
      v.string(),
      v.regex(
        /^(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/,
        'must be a domain name',
      ),
    ),
  ),
  SMTP_URL: v.optional(v.pipe(v.string(), v.regex(/^smtps?:\/\/[^\s]+$/, 'must start with smtp:// or smtps://'))),
  MAIL_EVENTS_TOKEN: v.optional(v.pipe(v.string(), v.minLength(16, 'must be at least 16 characters'))),
  MAIL_FROM: v.optional(v.pipe(v.string(), v.email('must be an email address'))),
  TRUST_PROXY: v.optional(
    v.pipe(
      v.string(),
      v.regex(
        /^(true|false|(loopback|linklocal|uniquelocal|[0-9A-Fa-f.:]+(\/\d{1,3})?)(\s*,\s*(loopback|linklocal|uniquelocal|[0-9A-Fa-f.:]+(\/\d{1,3})?))*)$/,
        'must be true, false, or proxy addresses such as loopback, 10.0.0.0/8',
      ),
      v.transform((value): boolean | string => (value === 'true' ? true : value === 'false' ? false : value)),
    ),
    'loopback',
  ),
  METRICS_TOKEN: v.optional(
    v.pipe(v.string(), v.regex(/^[\x21-\x7e]{16,200}$/, 'must be 16 to 200 printable characters without spaces')),
  ),
  METRICS_PORT: v.optional(
    v.pipe(v.string(), v.regex(/^\d{1,5}$/, 'must be a port number'), v.transform(Number), v.maxValue(65535)),
  ),
  METRICS_HOST: v.optional(v.pipe(v.string(), v.minLength(1)), '127.0.0.1'),
  SSO_MAX_TOKEN_AGE: v.optional(seconds(30, 86_400), '600'),
  SSO_MAX_TOKEN_LIFETIME: v.optional(seconds(60, 2_592_000), '86400'),
  WEBHOOK_INTERNAL_TARGETS: v.optional(
    v.pipe(
      v.string(),
      v.rawTransform(({ dataset, addIssue, NEVER }) => {
        try {
          return internalTargetList(dataset.value);
        } catch (error) {
          addIssue({ message: `must be addresses or CIDR ranges such as 10.0.0.0/8: ${(error as Error).message}` });
          return NEVER;
        }
      }),
    ),
  ),
  REDIS_URL: v.optional(v.pipe(v.string(), v.regex(/^rediss?:\/\//, 'must start with redis:// or rediss://'))),
  MAX_EVENT_LOOP_DELAY_MS: v.optional(
    v.pipe(v.string(), v.regex(/^\d{1,6}$/, 'must be a number of milliseconds'), v.transform(Number)),
    '1000',
  ),
  MAX_SOCKETS: v.optional(
    v.pipe(v.string(), v.regex(/^\d{1,7}$/, 'must be a number of sockets'), v.transform(Number)),
    '0',
  ),
});

export interface ReadReplicaConfig {
  url: string;
  maxLagSeconds: number;
  waitMs: number;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads the configuration from `env`, throwing a ConfigError that names the bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): BoothConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = v.safeParse(Env, present);
  if (!parsed.success) throw new ConfigError(`Invalid environment: ${describeIssues(parsed.issues)}`);
  const e = parsed.output;
  if (e.METRICS_PORT !== undefined && e.METRICS_PORT !== 0 && e.METRICS_PORT === e.PORT) {
    throw new ConfigError('Invalid environment: METRICS_PORT: must differ from PORT');
  }
  if (e.S3_IMAGE_BUCKET_URL !== undefined && (!e.S3_ACCESS_KEY_ID || !e.S3_SECRET_ACCESS_KEY)) {
    throw new ConfigError('Invalid environment: S3_IMAGE_BUCKET_URL: needs S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY');
  }
  if (e.DATABASE_READ_URL !== undefined && e.DATABASE_URL === undefined) {
    throw new ConfigError(
      'Invalid environment: DATABASE_READ_URL: needs DATABASE_URL (the embedded Postgres has no replica)',
    );
  }
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, '');
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL ?? null,
    readReplica:
      e.DATABASE_READ_URL !== undefined
        ? { url: e.DATABASE_READ_URL, maxLagSeconds: e.DATABASE_READ_MAX_LAG_SECONDS, waitMs: e.DATABASE_READ_WAIT_MS }
        : null,
    natsUrl: e.NATS_URL ?? null,
    dataDir: e.BOOTH_DATA_DIR,
    imageS3:
      e.S3_IMAGE_BUCKET_URL !== undefined
        ? {
            bucketUrl: e.S3_IMAGE_BUCKET_URL,
            region: e.S3_REGION,
            accessKeyId: e.S3_ACCESS_KEY_ID as string,
            secretAccessKey: e.S3_SECRET_ACCESS_KEY as string,
          }
        : null,
    imageDir: e.BOOTH_IMAGE_DIR ?? `${e.BOOTH_DATA_DIR.replace(/[\\/]+$/, '')}-images`,
    publicUrl,
    demo: e.BOOTH_DEMO === 'true' || e.BOOTH_DEMO === '1',
    logLevel: e.LOG_LEVEL,
    httpRateLimit: e.HTTP_RATE_LIMIT,
    apiRateLimit: e.API_RATE_LIMIT,
    trustProxy: e.TRUST_PROXY,
    ssoTokens: { maxAgeSeconds: e.SSO_MAX_TOKEN_AGE, maxLifetimeSeconds: e.SSO_MAX_TOKEN_LIFETIME },
    metrics: { token: e.METRICS_TOKEN ?? null, port: e.METRICS_PORT ?? null, host: e.METRICS_HOST },
    webhookInternalTargets:
      e.WEBHOOK_INTERNAL_TARGETS ??
      (e.BOOTH_DEMO === 'true' || e.BOOTH_DEMO === '1' ? internalTargetList(LOOPBACK_TARGETS) : []),
    redisUrl: e.REDIS_URL ?? null,
    maxEventLoopDelayMs: e.MAX_EVENT_LOOP_DELAY_MS,
    maxSockets: e.MAX_SOCKETS,
    sockets: socketLimitsFrom(env),
    smtpInboundPort: e.SMTP_INBOUND_PORT ?? null,
    smtpInboundHost: e.SMTP_INBOUND_HOST ?? e.HOST,
    replyDomain: e.REPLY_DOMAIN ?? new URL(e.PUBLIC_URL ?? 'http://localhost').hostname,
    smtpUrl: e.SMTP_URL ?? null,
    mailFrom: e.MAIL_FROM ?? `booth@${new URL(publicUrl).hostname}`,
    mailEventsToken: e.MAIL_EVENTS_TOKEN ?? null,
  };
}
