import { describe, expect, it } from 'vitest';
import {
  checkMailToken,
  MAIL_PURPOSES,
  MAIL_TOKEN_LENGTH,
  MAIL_TOKEN_TTL,
  signMailToken,
} from '../../server/src/domain/mail/mail-tokens.js';

const SECRET = 'test-secret';
const NOW = new Date('2026-12-04T10:00:00Z');

describe('mail tokens', () => {
  it('name a member, a purpose and a subject, and fit the local part of an address', () => {
    for (const purpose of MAIL_PURPOSES) {
      const token = signMailToken(SECRET, { purpose, memberId: '9007199254740993', subjectId: '42', now: NOW });
      expect(token).toMatch(/^[a-z2-7]+$/);
      expect(token.length).toBe(MAIL_TOKEN_LENGTH);
      expect(`reply+${token}`.length).toBeLessThanOrEqual(64);
      const check = checkMailToken(SECRET, token, purpose, NOW);
      expect(check).toMatchObject({ ok: true, purpose, memberId: '9007199254740993', subjectId: '42' });
    }
  });

  it('survive mail systems that fold case', () => {
    const token = signMailToken(SECRET, { purpose: 'reply', memberId: '7', subjectId: '8', now: NOW });
    expect(checkMailToken(SECRET, token.toUpperCase(), 'reply', NOW).ok).toBe(true);
  });

  it('are refused for another purpose, with another secret, altered, or expired', () => {
    const token = signMailToken(SECRET, { purpose: 'unfollow', memberId: '7', subjectId: '8', now: NOW });
    expect(checkMailToken(SECRET, token, 'unfollow_all', NOW)).toEqual({ ok: false, reason: 'wrong_purpose' });
    expect(checkMailToken('other', token, 'unfollow', NOW)).toEqual({ ok: false, reason: 'forged' });
    const flipped = `${token.slice(0, 10)}${token[10] === 'a' ? 'b' : 'a'}${token.slice(11)}`;
    expect(checkMailToken(SECRET, flipped, 'unfollow', NOW)).toEqual({ ok: false, reason: 'forged' });
    expect(checkMailToken(SECRET, `${token}a`, 'unfollow', NOW)).toEqual({ ok: false, reason: 'malformed' });
    expect(checkMailToken(SECRET, token.replace(/.$/, '!'), 'unfollow', NOW)).toEqual({
      ok: false,
      reason: 'malformed',
    });
    const later = new Date(NOW.getTime() + MAIL_TOKEN_TTL.unfollow * 1000);
    expect(checkMailToken(SECRET, token, 'unfollow', new Date(later.getTime() - 1000)).ok).toBe(true);
    expect(checkMailToken(SECRET, token, 'unfollow', later)).toMatchObject({ ok: false, reason: 'expired' });
  });

  it('take their lifetime from the purpose unless told', () => {
    const magic = signMailToken(SECRET, { purpose: 'magic', memberId: '1', now: NOW });
    const check = checkMailToken(SECRET, magic, 'magic', NOW);
    expect(check.ok && check.expiresAt.getTime() - NOW.getTime()).toBe(15 * 60 * 1000);
    expect(check.ok && check.subjectId).toBe('0');
    const short = signMailToken(SECRET, { purpose: 'open', memberId: '1', now: NOW, ttlSeconds: 60 });
    // An expired token still says what it was for, to be read but never acted on.
    expect(checkMailToken(SECRET, short, 'open', new Date(NOW.getTime() + 61_000))).toEqual({
      ok: false,
      reason: 'expired',
      purpose: 'open',
      memberId: '1',
      subjectId: '0',
      expiresAt: new Date(NOW.getTime() + 60_000),
    });
  });
});
