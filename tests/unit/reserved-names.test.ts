import { describe, expect, it } from 'vitest';
import { isReservedName, nameKey } from '../../server/src/domain/identity.js';

describe('reserved display names', () => {
  it.each(['admin', 'Admin', 'ADMIN', ' Moderator ', 'mod', 'Staff', 'System', 'Booth', 'Support', 'Administrator'])(
    'reserves %j',
    (name) => {
      expect(isReservedName(name)).toBe(true);
    },
  );

  it.each([
    ['accents', 'Ádmín'],
    ['zero-width spaces', 'ad\u200Bmin'],
    ['a direction override', '\u202Eadmin'],
    ['punctuation', 'a.d-m_i n'],
    ['full-width letters', 'ａｄｍｉｎ'],
    ['a byte-order mark', '\uFEFFstaff'],
  ])('sees through %s', (_name, name) => {
    expect(isReservedName(name)).toBe(true);
  });

  it.each(['Robin', 'Admiral Ackbar', 'modest', 'Support Fan', 'Systemic'])('lets people be called %j', (name) => {
    expect(isReservedName(name)).toBe(false);
  });

  it('folds names to comparable keys', () => {
    expect(nameKey('Zoë  O’Brien')).toBe('zoeobrien');
  });
});
