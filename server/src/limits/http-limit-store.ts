import { LIMIT_WINDOW_MS, type LimitStore } from './limit-store.js';

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/** The store interface `@fastify/rate-limit` calls: count one request for `key` in `timeWindow` ms. */
interface RateLimitPluginStore {
  incr(key: string, callback: Callback, timeWindow: number, max: number): void;
  child(): RateLimitPluginStore;
}

/**
 * A `@fastify/rate-limit` store over a `LimitStore`, so the per-address HTTP limit is counted
 * where the other limits are (shared by every node) and keeps the plugin's 429, `Retry-After`
 * and `x-ratelimit-*` headers. The plugin expects a fixed-window counter: `current` is reported
 * as the requests the allowance is short of (over `max` when refused), and `ttl` as the time
 * until it refills, or until the next request is allowed when refused.
 *
 * @example
 * await app.register(rateLimit, { store: httpLimitStore(store, 'http:'), max: 600, timeWindow: 60_000 });
 */
export function httpLimitStore(
  store: LimitStore,
  prefix: string,
  now: () => number = Date.now,
): new (
  options: unknown,
) => RateLimitPluginStore {
  return class HttpLimitStore implements RateLimitPluginStore {
    incr(key: string, callback: Callback, timeWindow: number, max: number): void {
      const perMinute = (max * LIMIT_WINDOW_MS) / timeWindow;
      store.take([{ key: prefix + key, perMinute }], now()).then(
        ({ waitMs, remaining }) => {
          if (waitMs > 0) return callback(null, { current: max + 1, ttl: waitMs });
          const used = Math.max(1, max - remaining);
          callback(null, { current: used, ttl: Math.ceil((used * timeWindow) / max) });
        },
        (error: Error) => callback(error),
      );
    }

    child(): RateLimitPluginStore {
      return this;
    }
  };
}
