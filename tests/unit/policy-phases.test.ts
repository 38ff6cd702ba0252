import { describe, expect, it } from 'vitest';
import { holdBlockedDomains } from '../../server/src/domain/policy/phases/hold-blocked-domains.js';
import { holdBlockedWords } from '../../server/src/domain/policy/phases/hold-blocked-words.js';
import { holdExcessLinks } from '../../server/src/domain/policy/phases/hold-excess-links.js';
import { holdFirstPost } from '../../server/src/domain/policy/phases/hold-first-post.js';
import { refuseDuplicates } from '../../server/src/domain/policy/phases/refuse-duplicates.js';
import { staffExempt } from '../../server/src/domain/policy/phases/staff-exempt.js';
import { evaluatePolicy } from '../../server/src/domain/policy/pipeline.js';
import { policyContext } from '../helpers/policy-context.js';

const context = policyContext;

const linkLine = (n: number) =>
  Array.from({ length: n }, (_, i) => `[link ${i}](https://shop${i}.example.com)`).join(' ');

describe('holdExcessLinks', () => {
  it('holds a new guest’s first link (default limit 0)', () => {
    expect(holdExcessLinks(context({ text: linkLine(1) }))).toEqual({
      action: 'hold',
      reason: 'links',
      detail: '1 links, limit 0',
    });
    expect(holdExcessLinks(context({ text: 'no link' }))).toBeUndefined();
  });

  it('lets a new signed-in member post two links, not three', () => {
    const member = { guest: false };
    expect(holdExcessLinks(context({ text: linkLine(2), author: member }))).toBeUndefined();
    expect(holdExcessLinks(context({ text: linkLine(3), author: member }))?.action).toBe('hold');
  });

  it('lifts the limit at trust level 1', () => {
    expect(holdExcessLinks(context({ text: linkLine(10), author: { trustLevel: 1 } }))).toBeUndefined();
  });

  it('follows the site’s limits', () => {
    expect(holdExcessLinks(context({ text: linkLine(3), policy: { guestLinkLimit: 3 } }))).toBeUndefined();
  });
});

describe('holdBlockedWords', () => {
  it('holds the built-in phrases unless the site turned the list off', () => {
    const text = 'Buy Instagram followers here';
    expect(holdBlockedWords(context({ text }))).toMatchObject({ action: 'hold', reason: 'blocked_word' });
    expect(holdBlockedWords(context({ text, policy: { useDefaultBlocklist: false } }))).toBeUndefined();
  });

  it('holds the site’s own words, naming the one that matched', () => {
    expect(holdBlockedWords(context({ text: 'Try my CASINO', policy: { blockedWords: ['casino'] } }))).toEqual({
      action: 'hold',
      reason: 'blocked_word',
      detail: 'casino',
    });
  });

  it('applies to trusted members too', () => {
    const verdict = holdBlockedWords(context({ text: 'smm panel', author: { trustLevel: 1, guest: false } }));
    expect(verdict?.action).toBe('hold');
  });
});

describe('holdBlockedDomains', () => {
  it('holds links to a blocked domain and its subdomains', () => {
    const policy = { blockedDomains: ['spam.example'] };
    expect(holdBlockedDomains(context({ text: '[deal](https://www.spam.example/x)', policy }))).toEqual({
      action: 'hold',
      reason: 'blocked_domain',
      detail: 'www.spam.example',
    });
  });

  it('holds a blocked domain written out without a link', () => {
    const policy = { blockedDomains: ['spam.example'] };
    expect(holdBlockedDomains(context({ text: 'go to spam.example now', policy }))?.action).toBe('hold');
  });

  it('holds links to panel-like hosts by default', () => {
    expect(holdBlockedDomains(context({ text: 'https://top-smmpanel.example.com' }))?.action).toBe('hold');
    expect(holdBlockedDomains(context({ text: 'https://acme.example.com/returns' }))).toBeUndefined();
  });
});

describe('refuseDuplicates', () => {
  it('refuses the same text from the same member or another member elsewhere', () => {
    expect(refuseDuplicates(context({ sameText: { byAuthor: true } }))).toMatchObject({
      action: 'refuse',
      code: 'duplicate',
    });
    expect(refuseDuplicates(context({ sameText: { byOthers: true } }))?.action).toBe('refuse');
    expect(refuseDuplicates(context({}))).toBeUndefined();
  });

  it('is off with a window of 0', () => {
    expect(
      refuseDuplicates(context({ sameText: { byAuthor: true }, policy: { duplicateWindowMinutes: 0 } })),
    ).toBeUndefined();
  });
});

describe('holdFirstPost', () => {
  it('holds a new member’s post when the site pre-moderates, until one is approved', () => {
    const policy = { premoderateFirstPosts: true };
    expect(holdFirstPost(context({ policy }))).toMatchObject({ action: 'hold', reason: 'first_post' });
    expect(holdFirstPost(context({ policy, author: { hasApprovedPost: true } }))).toBeUndefined();
    expect(holdFirstPost(context({ policy, author: { trustLevel: 1 } }))).toBeUndefined();
    expect(holdFirstPost(context({}))).toBeUndefined();
  });
});

describe('staffExempt', () => {
  it('allows staff and owners, and has no opinion on customers', () => {
    expect(staffExempt(context({ author: { role: 'staff' } }))).toEqual({ action: 'allow' });
    expect(staffExempt(context({ author: { role: 'owner' } }))).toEqual({ action: 'allow' });
    expect(staffExempt(context({}))).toBeUndefined();
  });
});

describe('evaluatePolicy', () => {
  it('allows an ordinary question', () => {
    expect(evaluatePolicy(context({}))).toEqual({ action: 'allow' });
  });

  it('lets staff post anything', () => {
    const text = `Buy followers ${linkLine(5)}`;
    expect(evaluatePolicy(context({ text, author: { role: 'staff' }, sameText: { byAuthor: true } }))).toEqual({
      action: 'allow',
    });
  });

  it('refuses a duplicate before it holds anything', () => {
    const verdict = evaluatePolicy(context({ text: `buy followers ${linkLine(3)}`, sameText: { byAuthor: true } }));
    expect(verdict.action).toBe('refuse');
  });

  it('names the most telling reason: a blocked domain before blocked words, words before links', () => {
    expect(evaluatePolicy(context({ text: 'buy followers https://x.smmpanel.example.com' }))).toMatchObject({
      reason: 'blocked_domain',
    });
    expect(evaluatePolicy(context({ text: `buy followers ${linkLine(3)}` }))).toMatchObject({ reason: 'blocked_word' });
    expect(evaluatePolicy(context({ text: linkLine(3), policy: { premoderateFirstPosts: true } }))).toMatchObject({
      reason: 'links',
    });
  });
});
