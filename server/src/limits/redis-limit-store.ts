import type { FastifyBaseLogger } from 'fastify';
import { Redis } from 'ioredis';
import {
  effectiveChecks,
  LIMIT_WINDOW_MS,
  type LimitCheck,
  type LimitOutcome,
  type LimitStore,
  UNLIMITED,
} from './limit-store.js';

/**
 * GCRA over every key of one request, or over none: Redis runs a script alone, so this is atomic
 * across nodes. KEYS are the limited keys; ARGV is now, the window, then each key's interval (ms).
 * A key expires when its allowance has refilled completely. Numbers go back as strings, since
 * Redis truncates a script's numbers to integers.
 */
const TAKE_SCRIPT = `
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local wait = 0
local tats = {}
for i, key in ipairs(KEYS) do
  local tat = tonumber(redis.call('GET', key)) or now
  if tat < now then tat = now end
  tats[i] = tat + tonumber(ARGV[i + 2])
  local allowed_at = tats[i] - window
  if allowed_at > now and allowed_at - now > wait then wait = allowed_at - now end
end
if wait > 0 then return {string.format('%.17g', wait), '0'} end
local remaining = -1
for i, key in ipairs(KEYS) do
  local interval = tonumber(ARGV[i + 2])
  redis.call('SET', key, string.format('%.17g', tats[i]), 'PX', math.max(1, math.ceil(tats[i] - now)))
  local left = math.floor((now + window - tats[i]) / interval + 1e-9)
  if remaining < 0 or left < remaining then remaining = left end
end
return {'0', tostring(remaining)}
`;

interface TakeCommand {
  boothTakeLimits(...args: (string | number)[]): Promise<[string, string]>;
}

export interface RedisLimitStoreOptions {
  url: string;
  /** Prepended to every key, so that several deployments (or test schemas) can share one Redis. */
  prefix: string;
  log: FastifyBaseLogger;
}

/**
 * Limits counted in Redis (`REDIS_URL`): one script call per limited request, nothing in
 * Postgres. Commands fail at once while Redis is unreachable (no offline queue), so a
 * `FallbackLimitStore` can count in memory meanwhile; the client reconnects by itself.
 */
export class RedisLimitStore implements LimitStore {
  readonly kind = 'redis';
  private readonly redis: Redis & TakeCommand;
  private readonly prefix: string;

  constructor(options: RedisLimitStoreOptions) {
    this.prefix = options.prefix;
    const redis = new Redis(options.url, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2_000,
    });
    let warned = false;
    redis.on('error', (error) => {
      if (!warned) options.log.warn({ err: error }, 'redis: connection error');
      warned = true;
    });
    redis.on('ready', () => {
      warned = false;
    });
    redis.defineCommand('boothTakeLimits', { lua: TAKE_SCRIPT });
    this.redis = redis as Redis & TakeCommand;
  }

  /** Connects; resolves either way (the node starts without Redis and counts in memory until it answers). */
  async connect(): Promise<boolean> {
    try {
      await this.redis.connect();
      return true;
    } catch {
      return false;
    }
  }

  async take(checks: readonly LimitCheck[], now: number): Promise<LimitOutcome> {
    const effective = effectiveChecks(checks);
    if (effective.length === 0) return UNLIMITED;
    const [wait, remaining] = await this.redis.boothTakeLimits(
      effective.length,
      ...effective.map((c) => this.prefix + c.key),
      now,
      LIMIT_WINDOW_MS,
      ...effective.map((c) => LIMIT_WINDOW_MS / c.perMinute),
    );
    const waitMs = Number(wait);
    return waitMs > 0 ? { waitMs: Math.ceil(waitMs), remaining: 0 } : { waitMs: 0, remaining: Number(remaining) };
  }

  /** Redis expires full allowances by itself. */
  async sweep(): Promise<void> {}

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}
