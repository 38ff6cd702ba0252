import type { ErrorCode, Role } from '@booth/shared';
import { describe, expect, it } from 'vitest';
import type { MemberRow, PostRow, ThreadRow } from '../../server/src/db/database.js';
import {
  assertCanAccept,
  assertCanChangePost,
  assertCanReply,
  assertCanVote,
  assertCanWrite,
  assertPostInSight,
  isStaff,
} from '../../server/src/domain/authorization.js';
import { DomainError } from '../../server/src/domain/domain-error.js';
import { englishUtcDate } from '../helpers/refusal-date.js';

type Member = Pick<MemberRow, 'id' | 'site_id' | 'role' | 'guest' | 'banned_until'>;

const NOW = new Date('2026-11-23T12:00:00Z');
const SITE = { id: '1', guests_allowed: true };

const member = (changes: Partial<Member> = {}): Member => ({
  id: '10',
  site_id: '1',
  role: 'customer',
  guest: false,
  banned_until: null,
  ...changes,
});
const other = member({ id: '11' });
const staff = member({ id: '20', role: 'staff' });
const owner = member({ id: '21', role: 'owner' });

const post = (changes: Partial<Pick<PostRow, 'author_id' | 'status'>> = {}) => ({
  author_id: '10',
  status: 'visible' as PostRow['status'],
  ...changes,
});
const thread = (changes: Partial<Pick<ThreadRow, 'author_id' | 'kind' | 'hidden' | 'locked'>> = {}) => ({
  author_id: '10',
  kind: 'question' as ThreadRow['kind'],
  hidden: false,
  locked: false,
  ...changes,
});

function refusalOf(rule: () => void): ErrorCode | null {
  try {
    rule();
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return (error as DomainError).code;
  }
}

describe('isStaff', () => {
  it.each([
    ['customer', false],
    ['staff', true],
    ['owner', true],
  ] as Array<[Role, boolean]>)('%s → %s', (role, expected) => {
    expect(isStaff({ role })).toBe(expected);
  });
});

describe('assertCanWrite', () => {
  it('lets a member of the site write', () => {
    expect(refusalOf(() => assertCanWrite(member(), SITE, NOW))).toBeNull();
  });

  it('refuses a member of another site', () => {
    expect(refusalOf(() => assertCanWrite(member({ site_id: '2' }), SITE, NOW))).toBe('forbidden');
  });

  it('refuses a banned member until the ban ends, and says until when', () => {
    const until = new Date(NOW.getTime() + 60_000);
    const banned = member({ banned_until: until });
    expect(refusalOf(() => assertCanWrite(banned, SITE, NOW))).toBe('banned');
    // The refusal names the ban's end in UTC, as English writes a date.
    expect(() => assertCanWrite(banned, SITE, NOW)).toThrow(englishUtcDate(until));
    expect(refusalOf(() => assertCanWrite(banned, SITE, until))).toBeNull();
    expect(refusalOf(() => assertCanWrite(member({ banned_until: new Date(0) }), SITE, NOW))).toBeNull();
  });

  it('refuses guests on a site that only allows signed-in members, but not members', () => {
    const closed = { id: '1', guests_allowed: false };
    expect(refusalOf(() => assertCanWrite(member({ guest: true }), closed, NOW))).toBe('guests_not_allowed');
    expect(refusalOf(() => assertCanWrite(member(), closed, NOW))).toBeNull();
    expect(refusalOf(() => assertCanWrite(member({ guest: true }), SITE, NOW))).toBeNull();
  });

  it('checks the ban before the guest rule', () => {
    const bannedGuest = member({ guest: true, banned_until: new Date(NOW.getTime() + 1000) });
    expect(refusalOf(() => assertCanWrite(bannedGuest, { id: '1', guests_allowed: false }, NOW))).toBe('banned');
  });
});

describe('assertCanChangePost', () => {
  it('lets the author change their post', () => {
    expect(refusalOf(() => assertCanChangePost(member(), post()))).toBeNull();
  });

  it.each([
    ['another customer', other],
    ['staff', staff],
    ['the owner', owner],
  ])('refuses %s', (_name, who) => {
    expect(refusalOf(() => assertCanChangePost(who, post()))).toBe('forbidden');
  });

  it('treats a deleted post as gone, even for its author', () => {
    expect(refusalOf(() => assertCanChangePost(member(), post({ status: 'deleted' })))).toBe('not_found');
  });
});

describe('assertCanReply', () => {
  it('lets anyone reply to an open thread', () => {
    expect(refusalOf(() => assertCanReply(other, thread()))).toBeNull();
  });

  it('closes a locked thread to customers but not to staff', () => {
    expect(refusalOf(() => assertCanReply(member(), thread({ locked: true })))).toBe('thread_locked');
    expect(refusalOf(() => assertCanReply(staff, thread({ locked: true })))).toBeNull();
    expect(refusalOf(() => assertCanReply(owner, thread({ locked: true })))).toBeNull();
  });

  it('hides a hidden thread from everyone', () => {
    expect(refusalOf(() => assertCanReply(member(), thread({ hidden: true })))).toBe('not_found');
    expect(refusalOf(() => assertCanReply(staff, thread({ hidden: true, locked: true })))).toBe('not_found');
  });
});

describe('assertCanAccept', () => {
  it.each([
    ['the asker', member()],
    ['staff', staff],
    ['the owner', owner],
  ])('lets %s accept', (_name, who) => {
    expect(refusalOf(() => assertCanAccept(who, thread()))).toBeNull();
  });

  it('refuses another customer', () => {
    expect(refusalOf(() => assertCanAccept(other, thread()))).toBe('forbidden');
  });

  it('accepts answers only on questions', () => {
    expect(refusalOf(() => assertCanAccept(member(), thread({ kind: 'discussion' })))).toBe('conflict');
    expect(refusalOf(() => assertCanAccept(staff, thread({ kind: 'discussion' })))).toBe('conflict');
  });

  it('treats a hidden thread as gone', () => {
    expect(refusalOf(() => assertCanAccept(member(), thread({ hidden: true })))).toBe('not_found');
  });
});

describe('assertCanVote', () => {
  it("lets a member vote on another's visible post", () => {
    expect(refusalOf(() => assertCanVote(other, post()))).toBeNull();
    expect(refusalOf(() => assertCanVote(staff, post()))).toBeNull();
  });

  it('refuses a vote on your own post', () => {
    expect(refusalOf(() => assertCanVote(member(), post()))).toBe('forbidden');
  });

  it.each(['pending', 'hidden', 'spam', 'deleted'] as const)('treats a %s post as gone', (status) => {
    expect(refusalOf(() => assertCanVote(other, post({ status })))).toBe('not_found');
  });
});

describe('assertPostInSight', () => {
  it('lets posts of a visible thread be changed', () => {
    expect(refusalOf(() => assertPostInSight({ hidden: false }, post()))).toBeNull();
  });

  it('hides the visible posts of a hidden thread', () => {
    expect(refusalOf(() => assertPostInSight({ hidden: true }, post()))).toBe('not_found');
  });

  it.each(['pending', 'hidden', 'spam'] as const)('leaves a %s post of a hidden thread to its own rules', (status) => {
    expect(refusalOf(() => assertPostInSight({ hidden: true }, post({ status })))).toBeNull();
  });
});
