import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { SitePolicyCache } from '../domain/policy/site-policies.js';
import { KeyedLimiter } from '../limits/keyed-limiter.js';
import { networkKey, RequestLimits, rateLimitedError } from '../limits/request-limits.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Per-site rate limits on writes and sign-ins, used by the WebSocket and HTTP routes. */
    requestLimits: RequestLimits;
    /** Site policies cached for a moment; `forget` a site after changing its settings. */
    sitePolicies: SitePolicyCache;
  }
}

export interface RateLimitsOptions {
  /** HTTP requests (WebSocket upgrades included) per network address per minute; 0 turns it off. */
  httpPerMinute: number;
}

/** How often idle rate-limit buckets are dropped. */
const SWEEP_MS = 60_000;

/**
 * Rate limits, in this node's memory. Every HTTP request (and so every WebSocket upgrade) counts
 * against its address through `@fastify/rate-limit`; writes and sign-ins on the socket count
 * against the member, the address and the site under the site's own settings.
 *
 * In memory, because a limit checked on every frame must cost no round trip, and a flood should
 * not turn into database writes. With several nodes each keeps its own count, so a client spread
 * over N nodes gets up to N times a limit; a socket stays on one node, which bounds a member's
 * writes there. Duplicate detection, which must hold across nodes, is in the database.
 */
async function rateLimitsPlugin(app: FastifyInstance, options: RateLimitsOptions) {
  const limiter = new KeyedLimiter();
  const policies = new SitePolicyCache(app.db);
  app.decorate('sitePolicies', policies);
  app.decorate('requestLimits', new RequestLimits(limiter, policies));
  const sweeper = setInterval(() => limiter.sweep(), SWEEP_MS);
  sweeper.unref();
  app.addHook('onClose', async () => clearInterval(sweeper));

  if (options.httpPerMinute > 0) {
    await app.register(rateLimit, {
      global: true,
      max: options.httpPerMinute,
      timeWindow: 60_000,
      keyGenerator: (request) => networkKey(request.ip),
      errorResponseBuilder: (_request, context) => rateLimitedError('write', context.ttl, `http ${context.max}/min`),
    });
  }
}

export default fp(rateLimitsPlugin, { name: 'booth-rate-limits', dependencies: ['booth-database'] });
