import { describe, expect, it } from 'vitest';
import { isReservedName } from '../../server/src/domain/policy/display-names.js';
import { nameSkeleton } from '../../server/src/domain/policy/name-skeleton.js';

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
    ['a Lisu letter', '\uA4EEdmin'],
    ['an Armenian letter', 'supp\u0585rt'],
    ['an Armenian letter in moderator', 'm\u0585derator'],
    ['a small capital', '\u1D00dmin'],
    ['small capitals throughout', '\u1D00\u1D05\u1D0D\u026A\u0274'],
    ['a Hangul filler', 'admin\u3164'],
  ])('sees through %s', (_name, name) => {
    expect(isReservedName(name)).toBe(true);
  });

  it.each(['Robin', 'Admiral Ackbar', 'modest', 'Support Fan', 'Systemic'])('lets people be called %j', (name) => {
    expect(isReservedName(name)).toBe(false);
  });

  it('folds names to comparable keys', () => {
    expect(nameSkeleton('Zoë  O’Brien')).toBe(nameSkeleton('zoe obrien'));
    expect(nameSkeleton('Zoë  O’Brien')).not.toBe(nameSkeleton('Zoe OBrian'));
  });
});
