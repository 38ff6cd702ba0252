import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../server/src/config.js';
import { DEFAULT_SOCKET_LIMITS } from '../../server/src/transport/socket-limits.js';

describe('loadConfig', () => {
  it('fills in defaults from an empty environment', () => {
    expect(loadConfig({})).toEqual({
      port: 3000,
      host: '127.0.0.1',
      databaseUrl: null,
      readReplica: null,
      natsUrl: null,
      dataDir: '.booth-data',
      imageDir: '.booth-data-images',
      imageS3: null,
      publicUrl: 'http://localhost:3000',
      demo: true,
      logLevel: 'info',
      httpRateLimit: 600,
      apiRateLimit: 600,
      trustProxy: 'loopback',
      ssoTokens: { maxAgeSeconds: 600, maxLifetimeSeconds: 86_400 },
      metrics: { token: null, port: null, host: '127.0.0.1' },
      webhookInternalTargets: ['127.0.0.0/8', '::1/128'],
      redisUrl: null,
      maxEventLoopDelayMs: 1000,
      maxSockets: 0,
      sockets: DEFAULT_SOCKET_LIMITS,
      smtpInboundPort: null,
      smtpInboundHost: '127.0.0.1',
      replyDomain: 'localhost',
      smtpUrl: null,
      mailFrom: 'booth@localhost',
      mailEventsToken: null,
    });
  });

  it('reads every variable', () => {
    expect(
      loadConfig({
        PORT: '8080',
        HOST: '0.0.0.0',
        DATABASE_URL: 'postgresql://booth@db.internal:5432/booth',
        DATABASE_READ_URL: 'postgresql://booth@db-replica.internal:5432/booth',
        DATABASE_READ_MAX_LAG_SECONDS: '30',
        DATABASE_READ_WAIT_MS: '500',
        NATS_URL: 'nats://nats-1.internal:4222, tls://nats-2.internal:4222',
        BOOTH_DATA_DIR: '/var/lib/booth',
        BOOTH_IMAGE_DIR: '/srv/booth-images',
        S3_IMAGE_BUCKET_URL: 'https://s3.eu-central-1.amazonaws.com/brand-booth/images',
        S3_REGION: 'eu-central-1',
        S3_ACCESS_KEY_ID: 'AKIAEXAMPLE',
        S3_SECRET_ACCESS_KEY: 'not-a-real-secret',
        PUBLIC_URL: 'https://booth.example.com/',
        BOOTH_DEMO: '0',
        LOG_LEVEL: 'warn',
        HTTP_RATE_LIMIT: '1200',
        API_RATE_LIMIT: '90',
        TRUST_PROXY: '10.0.0.0/8, 127.0.0.1',
        SSO_MAX_TOKEN_AGE: '120',
        METRICS_TOKEN: 'scrape-0123456789abcdef',
        METRICS_PORT: '9464',
        METRICS_HOST: '10.0.0.5',
        SSO_MAX_TOKEN_LIFETIME: '3600',
        WEBHOOK_INTERNAL_TARGETS: '10.0.0.0/8, fd00::/8, 192.168.4.7',
        REDIS_URL: 'redis://cache.internal:6379/2',
        MAX_EVENT_LOOP_DELAY_MS: '250',
        MAX_SOCKETS: '20000',
        WS_PING_INTERVAL_MS: '20000',
        WS_FIRST_REQUEST_TIMEOUT_MS: '5000',
        WS_MAX_SOCKETS_PER_NETWORK: '250',
        WS_MAX_SOCKETS_PER_MEMBER: '8',
        WS_BAD_FRAME_LIMIT: '10',
        WS_BAD_FRAME_WINDOW_MS: '30000',
        WS_MAX_BOARDS_PER_SOCKET: '4',
        SMTP_INBOUND_PORT: '2525',
        SMTP_INBOUND_HOST: '0.0.0.0',
        REPLY_DOMAIN: 'reply.booth.example.com',
        SMTP_URL: 'smtps://booth:secret@smtp.example.com:465',
        MAIL_FROM: 'answers@example.com',
        MAIL_EVENTS_TOKEN: 'a-long-enough-bearer-token',
      }),
    ).toEqual({
      port: 8080,
      host: '0.0.0.0',
      databaseUrl: 'postgresql://booth@db.internal:5432/booth',
      readReplica: { url: 'postgresql://booth@db-replica.internal:5432/booth', maxLagSeconds: 30, waitMs: 500 },
      natsUrl: 'nats://nats-1.internal:4222, tls://nats-2.internal:4222',
      dataDir: '/var/lib/booth',
      imageDir: '/srv/booth-images',
      imageS3: {
        bucketUrl: 'https://s3.eu-central-1.amazonaws.com/brand-booth/images',
        region: 'eu-central-1',
        accessKeyId: 'AKIAEXAMPLE',
        secretAccessKey: 'not-a-real-secret',
      },
      publicUrl: 'https://booth.example.com',
      demo: false,
      logLevel: 'warn',
      httpRateLimit: 1200,
      apiRateLimit: 90,
      trustProxy: '10.0.0.0/8, 127.0.0.1',
      ssoTokens: { maxAgeSeconds: 120, maxLifetimeSeconds: 3600 },
      metrics: { token: 'scrape-0123456789abcdef', port: 9464, host: '10.0.0.5' },
      webhookInternalTargets: ['10.0.0.0/8', 'fd00::/8', '192.168.4.7/32'],
      redisUrl: 'redis://cache.internal:6379/2',
      maxEventLoopDelayMs: 250,
      maxSockets: 20000,
      sockets: {
        pingIntervalMs: 20_000,
        firstRequestTimeoutMs: 5000,
        maxSocketsPerNetwork: 250,
        maxSocketsPerMember: 8,
        badFrameLimit: 10,
        badFrameWindowMs: 30_000,
        maxBoardsPerSocket: 4,
      },
      smtpInboundPort: 2525,
      smtpInboundHost: '0.0.0.0',
      replyDomain: 'reply.booth.example.com',
      smtpUrl: 'smtps://booth:secret@smtp.example.com:465',
      mailFrom: 'answers@example.com',
      mailEventsToken: 'a-long-enough-bearer-token',
    });
  });

  it('refuses a mail server that is no SMTP URL and a sender that is no address', () => {
    expect(() => loadConfig({ SMTP_URL: 'http://smtp.example.com' })).toThrow(/SMTP_URL/);
    expect(() => loadConfig({ MAIL_FROM: 'not an address' })).toThrow(/MAIL_FROM/);
  });

  it('refuses S3 image storage without its keys, or without a bucket in its address', () => {
    const keys = { S3_ACCESS_KEY_ID: 'AKIAEXAMPLE', S3_SECRET_ACCESS_KEY: 'not-a-real-secret' };
    expect(() => loadConfig({ S3_IMAGE_BUCKET_URL: 'https://s3.example.com/booth' })).toThrow(
      /S3_IMAGE_BUCKET_URL: needs S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY/,
    );
    expect(() => loadConfig({ S3_IMAGE_BUCKET_URL: 'https://s3.example.com', ...keys })).toThrow(/S3_IMAGE_BUCKET_URL/);
    expect(loadConfig({ S3_IMAGE_BUCKET_URL: 'http://minio.internal:9000/booth', ...keys }).imageS3).toMatchObject({
      bucketUrl: 'http://minio.internal:9000/booth',
      region: 'us-east-1',
    });
  });

  it('derives the public URL from the port', () => {
    expect(loadConfig({ PORT: '4000' }).publicUrl).toBe('http://localhost:4000');
  });

  it('takes a read replica only beside a Postgres of its own, with default limits', () => {
    expect(() => loadConfig({ DATABASE_READ_URL: 'postgres://replica.internal/booth' })).toThrow(
      /^Invalid environment: DATABASE_READ_URL: needs DATABASE_URL/,
    );
    expect(
      loadConfig({
        DATABASE_URL: 'postgres://db.internal/booth',
        DATABASE_READ_URL: 'postgres://replica.internal/booth',
      }).readReplica,
    ).toEqual({ url: 'postgres://replica.internal/booth', maxLagSeconds: 10, waitMs: 250 });
  });

  it('treats empty and undefined variables as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: undefined, LOG_LEVEL: '' })).toMatchObject({
      port: 3000,
      databaseUrl: null,
      logLevel: 'info',
    });
  });

  it.each([
    ['1', true],
    ['true', true],
    ['0', false],
    ['false', false],
  ])('reads BOOTH_DEMO=%s as %s', (value, demo) => {
    expect(loadConfig({ BOOTH_DEMO: value }).demo).toBe(demo);
  });

  it.each([
    ['PORT', 'http'],
    ['PORT', '-1'],
    ['PORT', '80.5'],
    ['PORT', '123456'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://root@localhost/booth'],
    ['DATABASE_URL', 'localhost:5432'],
    ['DATABASE_READ_URL', 'replica.internal:5432'],
    ['DATABASE_READ_MAX_LAG_SECONDS', '0'],
    ['DATABASE_READ_WAIT_MS', '60000'],
    ['NATS_URL', 'http://127.0.0.1:4222'],
    ['NATS_URL', '127.0.0.1:4222'],
    ['PUBLIC_URL', 'booth.example.com'],
    ['BOOTH_DEMO', 'yes'],
    ['LOG_LEVEL', 'verbose'],
    ['WEBHOOK_INTERNAL_TARGETS', 'everything'],
    ['SSO_MAX_TOKEN_AGE', '10'],
    ['SSO_MAX_TOKEN_AGE', 'ten minutes'],
    ['SSO_MAX_TOKEN_LIFETIME', '99999999'],
    ['METRICS_TOKEN', 'short'],
    ['METRICS_TOKEN', 'has spaces in it, which is not allowed'],
    ['METRICS_PORT', 'metrics'],
    ['METRICS_PORT', '3000'],
    ['WEBHOOK_INTERNAL_TARGETS', '10.0.0.0/33'],
    ['WS_PING_INTERVAL_MS', 'soon'],
    ['WS_PING_INTERVAL_MS', '0'],
    ['WS_MAX_SOCKETS_PER_MEMBER', '-1'],
    ['WS_BAD_FRAME_LIMIT', '1.5'],
    ['WS_MAX_BOARDS_PER_SOCKET', '99999999'],
    ['SMTP_INBOUND_PORT', 'smtp'],
    ['REPLY_DOMAIN', 'reply@booth.example'],
  ])('refuses %s=%s with an error that names it', (name, value) => {
    let error: unknown;
    try {
      loadConfig({ [name]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(new RegExp(`^Invalid environment: ${name}: `));
  });

  it('ignores variables it does not know', () => {
    expect(() => loadConfig({ HOME: '/root', NODE_ENV: 'production' })).not.toThrow();
  });
});
