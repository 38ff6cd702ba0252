import { DEFAULT_SITE_POLICY, resolveSitePolicy, SitePolicySchema } from '@booth/shared';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';

describe('SitePolicySchema', () => {
  it('fills every missing field with its default', () => {
    expect(v.parse(SitePolicySchema, {})).toEqual(DEFAULT_SITE_POLICY);
  });

  it('keeps the given fields and completes nested limits', () => {
    const policy = v.parse(SitePolicySchema, { memberLinkLimit: 5, rateLimits: { posts: { member: 3 } } });
    expect(policy.memberLinkLimit).toBe(5);
    expect(policy.rateLimits.posts).toEqual({ ...DEFAULT_SITE_POLICY.rateLimits.posts, member: 3 });
    expect(policy.rateLimits.signIns).toEqual(DEFAULT_SITE_POLICY.rateLimits.signIns);
  });

  it('cleans blocked domains to host names and drops repeats', () => {
    const policy = v.parse(SitePolicySchema, {
      blockedDomains: ['https://Spam.Example/path', '*.spam.example', 'spam.example'],
    });
    expect(policy.blockedDomains).toEqual(['spam.example']);
  });

  it.each([
    ['a negative link limit', { guestLinkLimit: -1 }],
    ['a fractional limit', { memberLinkLimit: 1.5 }],
    ['a huge limit', { rateLimits: { writes: { ip: 10 ** 9 } } }],
    ['a report threshold of 0', { reportThreshold: 0 }],
    ['a string for a number', { duplicateWindowMinutes: '60' }],
    ['an unknown field', { moderatorsOnly: true }],
    ['an unknown nested field', { rateLimits: { posts: { member: 1, guest: 2 } } }],
    ['a blocked word with a control character', { blockedWords: ['bad\u0000word'] }],
    ['a one-letter blocked word', { blockedWords: ['a'] }],
    ['a blocked domain that is not a domain', { blockedDomains: ['not a domain'] }],
    ['too many blocked words', { blockedWords: Array.from({ length: 501 }, (_, i) => `word${i}`) }],
  ])('refuses %s', (_what, input) => {
    expect(v.safeParse(SitePolicySchema, input).success).toBe(false);
  });
});

describe('resolveSitePolicy', () => {
  it('reads an empty or missing policy as the defaults', () => {
    expect(resolveSitePolicy({})).toEqual(DEFAULT_SITE_POLICY);
    expect(resolveSitePolicy(null)).toEqual(DEFAULT_SITE_POLICY);
  });

  it('keeps the good fields of a stored policy and defaults the bad or outdated ones', () => {
    const policy = resolveSitePolicy({ guestLinkLimit: 4, memberLinkLimit: -3, retiredSetting: true });
    expect(policy.guestLinkLimit).toBe(4);
    expect(policy.memberLinkLimit).toBe(DEFAULT_SITE_POLICY.memberLinkLimit);
    expect(policy).not.toHaveProperty('retiredSetting');
  });

  it('never throws, whatever is stored', () => {
    for (const stored of [42, 'x', [], { rateLimits: 'fast' }, { blockedWords: [1, 2] }]) {
      expect(resolveSitePolicy(stored)).toMatchObject({ reportThreshold: expect.any(Number) });
    }
  });
});
