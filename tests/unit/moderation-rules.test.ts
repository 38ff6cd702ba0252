import { ClientMessageSchema, check, STAFF_MESSAGE_TYPES, StaffLoginBody } from '@booth/shared';
import { waited } from '@booth/shared/client';
import { describe, expect, it } from 'vitest';
import type { MemberRow } from '../../server/src/db/database.js';
import { banEnd } from '../../server/src/domain/moderation-posts.js';
import { assertCanBan, assertOwner, assertStaff } from '../../server/src/domain/staff-authorization.js';
import { FOREVER, toStaffMemberView } from '../../server/src/domain/staff-mappers.js';
import { csrfMatches, hashSessionToken } from '../../server/src/domain/staff-sessions.js';

const now = new Date('2026-11-24T12:00:00Z');
const site = { id: '1' };

function member(overrides: Partial<MemberRow> = {}): MemberRow {
  return {
    id: '10',
    site_id: '1',
    external_id: null,
    guest: false,
    name: 'Sam',
    avatar_url: null,
    role: 'staff',
    trust_level: 2,
    banned_until: null,
    email: 'sam@brand.example',
    password_hash: 'hash',
    created_at: now,
    erased_at: null,
    ...overrides,
  };
}

const codeOf = (fn: () => void) => {
  try {
    fn();
    return 'ok';
  } catch (error) {
    return (error as { code?: string }).code ?? 'thrown';
  }
};

describe('who may moderate', () => {
  it('lets staff and owners of the site in, and nobody else', () => {
    expect(codeOf(() => assertStaff(member(), site, now))).toBe('ok');
    expect(codeOf(() => assertStaff(member({ role: 'owner' }), site, now))).toBe('ok');
    expect(codeOf(() => assertStaff(null, site, now))).toBe('auth_required');
    expect(codeOf(() => assertStaff(member({ role: 'customer' }), site, now))).toBe('forbidden');
    expect(codeOf(() => assertStaff(member({ site_id: '2' }), site, now))).toBe('forbidden');
    expect(codeOf(() => assertStaff(member({ banned_until: new Date(now.getTime() + 1000) }), site, now))).toBe(
      'banned',
    );
    expect(codeOf(() => assertStaff(member({ banned_until: new Date(now.getTime() - 1000) }), site, now))).toBe('ok');
  });

  it('keeps owner tools for owners', () => {
    expect(codeOf(() => assertOwner(member(), site, now))).toBe('forbidden');
    expect(codeOf(() => assertOwner(member({ role: 'owner' }), site, now))).toBe('ok');
  });

  it('bans customers of the same site only, never oneself or staff', () => {
    const staff = member();
    expect(codeOf(() => assertCanBan(staff, member({ id: '11', role: 'customer' })))).toBe('ok');
    expect(codeOf(() => assertCanBan(staff, member({ id: '11', role: 'staff' })))).toBe('conflict');
    expect(codeOf(() => assertCanBan(staff, staff))).toBe('conflict');
    expect(codeOf(() => assertCanBan(staff, member({ id: '11', role: 'customer', site_id: '2' })))).toBe('not_found');
    expect(codeOf(() => assertCanBan(staff, undefined))).toBe('not_found');
  });
});

describe('bans', () => {
  it('end after the days given, or never', () => {
    expect(banEnd(now, 7).toISOString()).toBe('2026-12-01T12:00:00.000Z');
    expect(banEnd(now, null)).toEqual(FOREVER);
    const view = toStaffMemberView(member({ role: 'customer', banned_until: FOREVER }), now);
    expect(view).toMatchObject({ bannedForGood: true, bannedUntil: FOREVER.toISOString(), via: 'password' });
    expect(toStaffMemberView(member({ banned_until: new Date(now.getTime() - 1) }), now).bannedUntil).toBeNull();
  });
});

describe('sessions', () => {
  it('store a hash of the token and compare CSRF tokens exactly', () => {
    expect(hashSessionToken('abc')).toMatch(/^[0-9a-f]{64}$/);
    expect(hashSessionToken('abc')).not.toBe(hashSessionToken('abd'));
    expect(csrfMatches({ csrfToken: 'token-1' }, 'token-1')).toBe(true);
    expect(csrfMatches({ csrfToken: 'token-1' }, 'token-2')).toBe(false);
    expect(csrfMatches({ csrfToken: 'token-1' }, undefined)).toBe(false);
  });
});

describe('staff messages', () => {
  it('are part of the one client message union, each with the staff prefix', () => {
    expect(STAFF_MESSAGE_TYPES.length).toBeGreaterThan(20);
    for (const type of STAFF_MESSAGE_TYPES) expect(type.startsWith('staff.')).toBe(true);
    expect(check(ClientMessageSchema, { type: 'staff.unanswered', id: 'r1' }).ok).toBe(true);
    expect(
      check(ClientMessageSchema, { type: 'staff.member.ban', id: 'r1', key: 'abcdefgh12', memberId: '5', days: 0 }).ok,
    ).toBe(false);
    expect(
      check(ClientMessageSchema, {
        type: 'staff.thread.action',
        id: 'r1',
        key: 'abcdefgh12',
        threadId: '5',
        action: 'delete',
      }).ok,
    ).toBe(false);
    expect(
      check(ClientMessageSchema, { type: 'post.report', id: 'r1', key: 'abcdefgh12', postId: '5', reason: '' }).ok,
    ).toBe(false);
  });

  it('normalize the sign-in email', () => {
    const parsed = check(StaffLoginBody, { email: '  Sam@Brand.Example ', password: 'x' });
    expect(parsed.ok && parsed.value.email).toBe('sam@brand.example');
  });
});

describe('how long a question has waited', () => {
  it('reads in minutes, hours or days', () => {
    const t0 = Date.parse('2026-11-24T12:00:00Z');
    expect(waited('2026-11-24T11:59:30Z', t0)).toBe('under a minute');
    expect(waited('2026-11-24T11:48:00Z', t0)).toBe('12 min');
    expect(waited('2026-11-24T09:55:00Z', t0)).toBe('2 h 5 min');
    expect(waited('2026-11-21T09:00:00Z', t0)).toBe('3 d 3 h');
  });
});
