import { createHash } from 'node:crypto';
import type { RateLimitSettings, Role } from '@booth/shared';
import { DomainError } from '../domain/domain-error.js';
import type { SitePolicyCache } from '../domain/policy/site-policies.js';
import type { ServerMessageKey } from '../i18n/en.js';
import type { LimitCheck, LimitStore } from './limit-store.js';

/** What a request counts against: posting (which is also writing), other writes, signing in, or uploading an image. */
export type LimitedAction = 'post' | 'write' | 'signIn' | 'upload';

/** The request type an HTTP image upload counts as (it is not a socket message). */
export const IMAGE_UPLOAD = 'image.upload';

const POST_TYPES: ReadonlySet<string> = new Set(['thread.create', 'post.create', 'post.edit']);

/** The limit class of a request, or null for reads. Every request with an idempotency key is a write. */
export function limitedAction(msg: { type: string }): LimitedAction | null {
  if (POST_TYPES.has(msg.type)) return 'post';
  if (msg.type === 'guest.join') return 'signIn';
  if (msg.type === IMAGE_UPLOAD) return 'upload';
  if (msg.type === 'hello') {
    const { sso, guest } = msg as { sso?: unknown; guest?: unknown };
    return sso || guest ? 'signIn' : null;
  }
  return 'key' in msg ? 'write' : null;
}

/**
 * The network a request comes from, as rate limits count it: an IPv4 address, or the /64
 * prefix of an IPv6 one (a single subscriber usually holds a whole /64).
 */
export function networkKey(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1] as string;
  if (!ip.includes(':')) return ip;
  const [head = '', tail = ''] = ip.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups.slice(0, 4).join(':')}::/64`;
}

/** Who is asking: the site, the network, and the member once signed in. */
export interface Requester {
  siteId: string;
  ip: string;
  member: { id: string; role: Role } | null;
}

/** The checks one request must pass under a site's limits. Staff writes are not limited. */
export function limitChecks(action: LimitedAction, who: Requester, limits: RateLimitSettings): LimitCheck[] {
  const net = networkKey(who.ip);
  if (action === 'signIn') {
    return [
      { key: `signin:ip:${who.siteId}:${net}`, perMinute: limits.signIns.ip },
      { key: `signin:site:${who.siteId}`, perMinute: limits.signIns.site },
    ];
  }
  // A write before signing in is refused by its handler (auth_required), and costs nothing here.
  if (who.member?.role !== 'customer') return [];
  const scoped = (name: string, perMinute: RateLimitSettings['writes']): LimitCheck[] => [
    { key: `${name}:member:${who.member?.id}`, perMinute: perMinute.member },
    { key: `${name}:ip:${who.siteId}:${net}`, perMinute: perMinute.ip },
    { key: `${name}:site:${who.siteId}`, perMinute: perMinute.site },
  ];
  if (action === 'upload') return scoped('upload', limits.uploads);
  return action === 'post'
    ? [...scoped('post', limits.posts), ...scoped('write', limits.writes)]
    : scoped('write', limits.writes);
}

/**
 * The checks of one staff sign-in attempt: per network and email, and per network whatever the
 * email (a network is an IPv4 address or an IPv6 /64, see `networkKey`). The email is hashed, so
 * the shared limit store never holds an address.
 */
export function staffSignInChecks(ip: string, email: string, perMinute: number, perNetwork: number): LimitCheck[] {
  const who = createHash('sha256').update(email.trim().toLowerCase()).digest('base64url').slice(0, 22);
  const net = networkKey(ip);
  return [
    { key: `staff-signin:${net}:${who}`, perMinute },
    { key: `staff-signin:${net}`, perMinute: perNetwork },
  ];
}

const REFUSALS: Record<LimitedAction, ServerMessageKey> = {
  post: 'refusal.rate.post',
  write: 'refusal.rate.write',
  signIn: 'refusal.rate.signIn',
  upload: 'refusal.rate.upload',
};

/** `rate_limited` with a message that says when to retry. */
export function rateLimitedError(action: LimitedAction, waitMs: number, detail: string): DomainError {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  return new DomainError('rate_limited', { key: REFUSALS[action], params: { seconds } }, detail, waitMs);
}

/**
 * Rate limits on writes and sign-ins, per member, per network and per site, under each site's
 * settings. Checked before a request's work starts, so a refused request writes nothing. Counted
 * in `store`, which every node shares when there are several.
 */
export class RequestLimits {
  constructor(
    private readonly store: LimitStore,
    private readonly policies: SitePolicyCache,
    private readonly now: () => number = Date.now,
  ) {}

  /** Throws `rate_limited` (with `retryAfterMs`) when the request is over a limit; takes its share otherwise. */
  async check(who: Requester, msg: { type: string }): Promise<void> {
    const action = limitedAction(msg);
    if (action === null) return;
    if (action !== 'signIn' && who.member?.role !== 'customer') return;
    const policy = await this.policies.get(who.siteId);
    const checks = limitChecks(action, who, policy.rateLimits);
    const { waitMs: wait } = await this.store.take(checks, this.now());
    if (wait > 0) throw rateLimitedError(action, wait, `${action} limit for ${msg.type}`);
  }
}
