import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { SitePolicyCache } from '../domain/policy/site-policies.js';
import { httpLimitStore } from '../limits/http-limit-store.js';
import { MemoryLimitStore } from '../limits/keyed-limiter.js';
import { FallbackLimitStore, type LimitStore } from '../limits/limit-store.js';
import { PostgresLimitStore } from '../limits/postgres-limit-store.js';
import { RedisLimitStore } from '../limits/redis-limit-store.js';
import { networkKey, RequestLimits, rateLimitedError } from '../limits/request-limits.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Per-site rate limits on writes and sign-ins, used by the WebSocket and HTTP routes. */
    requestLimits: RequestLimits;
    /** Where every rate limit of this node is counted (shared by all nodes unless embedded). */
    limitStore: LimitStore;
    /** Site policies cached for a moment; `forget` a site after changing its settings. */
    sitePolicies: SitePolicyCache;
  }
}

export interface RateLimitsOptions {
  /** HTTP requests (WebSocket upgrades included) per network address per minute; 0 turns it off. */
  httpPerMinute: number;
  /** Redis to count in; null counts in the database (or in memory on the embedded one). */
  redisUrl: string | null;
}

/** How often full allowances are dropped from the store. */
const SWEEP_MS = 60_000;

/**
 * Rate limits, counted where every node sees the same counts, so that with N nodes a client gets
 * each limit once, not N times: in Redis when `REDIS_URL` is set, otherwise in Postgres (table
 * `rate_limits`). The embedded Postgres serves one node, so it counts in memory. When the shared
 * store fails, the node counts in its memory until the store answers again.
 *
 * Every HTTP request (and so every WebSocket upgrade) counts against its address through
 * `@fastify/rate-limit`; writes and sign-ins on the socket count against the member, the address
 * and the site under the site's own settings; staff sign-ins against the address and the email.
 */
async function rateLimitsPlugin(app: FastifyInstance, options: RateLimitsOptions) {
  const local = new MemoryLimitStore();
  let store: LimitStore = local;
  if (options.redisUrl) {
    const redis = new RedisLimitStore({
      url: options.redisUrl,
      prefix: `booth:${app.database.schema}:`,
      log: app.log,
    });
    if (!(await redis.connect()))
      app.log.warn('redis: unreachable at start; counting rate limits in memory until it answers');
    store = new FallbackLimitStore(redis, local, app.log);
  } else if (!app.database.embedded) {
    store = new FallbackLimitStore(new PostgresLimitStore(app.db), local, app.log);
  }
  const policies = new SitePolicyCache(app.db);
  app.decorate('limitStore', store);
  app.decorate('sitePolicies', policies);
  app.decorate('requestLimits', new RequestLimits(store, policies));
  const sweeper = setInterval(() => {
    store.sweep(Date.now()).catch((error) => app.log.debug({ err: error }, 'rate-limit sweep failed'));
  }, SWEEP_MS);
  sweeper.unref();
  app.addHook('onClose', async () => {
    clearInterval(sweeper);
    await store.close();
  });

  if (options.httpPerMinute > 0) {
    await app.register(rateLimit, {
      global: true,
      max: options.httpPerMinute,
      timeWindow: 60_000,
      store: httpLimitStore(store, 'http:'),
      keyGenerator: (request) => networkKey(request.ip),
      errorResponseBuilder: (_request, context) => rateLimitedError('write', context.ttl, `http ${context.max}/min`),
    });
  }
}

export default fp(rateLimitsPlugin, { name: 'booth-rate-limits', dependencies: ['booth-database'] });
