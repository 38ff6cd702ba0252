import { DEFAULT_RATE_LIMITS } from '@booth/shared';
import { describe, expect, it } from 'vitest';
import { KeyedLimiter } from '../../server/src/limits/keyed-limiter.js';
import { limitChecks, limitedAction, networkKey } from '../../server/src/limits/request-limits.js';

describe('KeyedLimiter', () => {
  it('allows a minute’s worth at once, then one request per share of a minute', () => {
    const limiter = new KeyedLimiter();
    const check = [{ key: 'k', perMinute: 6 }];
    for (let i = 0; i < 6; i++) expect(limiter.take(check, 0)).toBe(0);
    expect(limiter.take(check, 0)).toBe(10_000);
    expect(limiter.take(check, 9_999)).toBe(1);
    expect(limiter.take(check, 10_000)).toBe(0);
    expect(limiter.take(check, 10_000)).toBe(10_000);
  });

  it('takes from every bucket or from none', () => {
    const limiter = new KeyedLimiter();
    const member = { key: 'member', perMinute: 10 };
    const site = { key: 'site', perMinute: 1 };
    expect(limiter.take([member, site], 0)).toBe(0);
    expect(limiter.take([member, site], 0)).toBe(60_000);
    // The refused request did not use up the member's allowance.
    for (let i = 0; i < 9; i++) expect(limiter.take([member], 0)).toBe(0);
    expect(limiter.take([member], 0)).toBeGreaterThan(0);
  });

  it('treats a limit of 0 as no limit', () => {
    const limiter = new KeyedLimiter();
    for (let i = 0; i < 1000; i++) expect(limiter.take([{ key: 'k', perMinute: 0 }], 0)).toBe(0);
    expect(limiter.size).toBe(0);
  });

  it('applies a lowered limit at once', () => {
    const limiter = new KeyedLimiter();
    limiter.take([{ key: 'k', perMinute: 100 }], 0);
    // 99 requests were left; under a limit of 1 a minute, only one is.
    expect(limiter.take([{ key: 'k', perMinute: 1 }], 0)).toBe(0);
    expect(limiter.take([{ key: 'k', perMinute: 1 }], 0)).toBe(60_000);
  });

  it('forgets buckets that have refilled, and the oldest keys past its size', () => {
    const limiter = new KeyedLimiter({ maxKeys: 3 });
    for (const key of ['a', 'b', 'c', 'd']) limiter.take([{ key, perMinute: 2 }], 0);
    expect(limiter.size).toBe(3);
    limiter.sweep(60_000);
    expect(limiter.size).toBe(0);
  });
});

describe('limitedAction', () => {
  it('classes posts, other writes, sign-ins and reads', () => {
    expect(limitedAction({ type: 'thread.create' })).toBe('post');
    expect(limitedAction({ type: 'post.create' })).toBe('post');
    expect(limitedAction({ type: 'post.edit' })).toBe('post');
    expect(limitedAction({ type: 'vote', key: 'k' } as { type: string })).toBe('write');
    expect(limitedAction({ type: 'guest.join' })).toBe('signIn');
    expect(limitedAction({ type: 'guest.rename', key: 'k' } as { type: string })).toBe('write');
    expect(limitedAction({ type: 'hello', sso: 'token' } as { type: string })).toBe('signIn');
    expect(limitedAction({ type: 'hello' })).toBeNull();
    expect(limitedAction({ type: 'subscribe' })).toBeNull();
  });
});

describe('networkKey', () => {
  it('counts IPv4 addresses one by one, IPv6 by /64', () => {
    expect(networkKey('203.0.113.7')).toBe('203.0.113.7');
    expect(networkKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(networkKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(networkKey('2001:db8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
    expect(networkKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
  });
});

describe('limitChecks', () => {
  const customer = { siteId: '1', ip: '203.0.113.7', member: { id: '9', role: 'customer' as const } };

  it('counts a post against the post and write limits of member, network and site', () => {
    expect(limitChecks('post', customer, DEFAULT_RATE_LIMITS).map((c) => c.key)).toEqual([
      'post:member:9',
      'post:ip:1:203.0.113.7',
      'post:site:1',
      'write:member:9',
      'write:ip:1:203.0.113.7',
      'write:site:1',
    ]);
  });

  it('counts sign-ins by network and site', () => {
    expect(limitChecks('signIn', { ...customer, member: null }, DEFAULT_RATE_LIMITS)).toEqual([
      { key: 'signin:ip:1:203.0.113.7', perMinute: DEFAULT_RATE_LIMITS.signIns.ip },
      { key: 'signin:site:1', perMinute: DEFAULT_RATE_LIMITS.signIns.site },
    ]);
  });

  it('does not limit staff writes', () => {
    expect(limitChecks('post', { ...customer, member: { id: '2', role: 'staff' } }, DEFAULT_RATE_LIMITS)).toEqual([]);
  });
});
