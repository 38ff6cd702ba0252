import underPressure from '@fastify/under-pressure';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { DomainError } from '../domain/domain-error.js';

export interface OverloadOptions {
  /** Mean event-loop delay (ms) past which new requests are shed; 0 turns shedding off. */
  maxEventLoopDelayMs: number;
  /** How often the event loop is sampled, in ms. Default 1000. */
  sampleIntervalMs?: number;
  /** What `Retry-After` tells a shed client, in seconds. Default 5. */
  retryAfterSeconds?: number;
}

const DEFAULT_SAMPLE_INTERVAL_MS = 1000;
const DEFAULT_RETRY_AFTER_SECONDS = 5;

/** Routes that answer even under pressure: a busy node is alive, and its metrics show why it is busy. */
const ALWAYS_SERVED = new Set(['/healthz', '/metrics']);

/** The refusal of a request shed under load: 503, `unavailable`, and when to retry. */
export function busyError(retryAfterSeconds: number, detail: string): DomainError {
  return new DomainError(
    'unavailable',
    { key: 'refusal.busy', params: { seconds: retryAfterSeconds } },
    detail,
    retryAfterSeconds * 1000,
  );
}

/**
 * Load shedding through `@fastify/under-pressure`: while the event loop lags past the limit, new
 * HTTP requests and WebSocket upgrades get 503 with `Retry-After` (and `retryAfterMs` in the
 * error body), so a balancer or client goes elsewhere and comes back later. Sockets already open
 * are not HTTP requests and keep being served. `/readyz` is shed too, which takes the node out of
 * a balancer that routes by it.
 */
async function overloadPlugin(app: FastifyInstance, options: OverloadOptions) {
  if (!Number.isInteger(options.maxEventLoopDelayMs) || options.maxEventLoopDelayMs < 0) {
    throw new Error('maxEventLoopDelayMs must be a whole number of ms, 0 to turn shedding off');
  }
  if (options.maxEventLoopDelayMs === 0) return;
  const retryAfterSeconds = options.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS;
  // An upgrade shed here never reaches @fastify/websocket's own hooks, which would end its socket
  // after the reply; left open, it would hold the server's close for ever.
  app.addHook('onResponse', async (request) => {
    if (request.ws !== true && request.headers.upgrade?.toLowerCase() === 'websocket') request.raw.socket.destroy();
  });
  await app.register(underPressure, {
    maxEventLoopDelay: options.maxEventLoopDelayMs,
    sampleInterval: options.sampleIntervalMs ?? DEFAULT_SAMPLE_INTERVAL_MS,
    retryAfter: retryAfterSeconds,
    // Returning a promise makes the plugin continue (resolved) or fail the request (rejected).
    pressureHandler: async (request: FastifyRequest, _reply, type, value) => {
      if (ALWAYS_SERVED.has(request.url.split('?')[0] ?? '')) return;
      app.metrics.shed += 1;
      throw busyError(retryAfterSeconds, `shed under pressure: ${type} ${Math.round(Number(value))}`);
    },
  });
}

export default fp(overloadPlugin, { name: 'booth-overload', dependencies: ['booth-errors', 'booth-metrics'] });
