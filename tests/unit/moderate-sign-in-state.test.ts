import { createTranslator } from '@booth/shared';
import { RequestError } from '@booth/shared/client';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../moderate/src/api.js';
import en from '../../moderate/src/i18n/en.js';
import { errorText } from '../../moderate/src/i18n/error-text.js';
import { failureOutcome, visibleTabs } from '../../moderate/src/state/desk-state.js';
import { SIGN_IN_START, signInRefused, typedCode } from '../../moderate/src/state/sign-in-state.js';
import {
  groupedSecret,
  type TwoFactorStep,
  twoFactorFollow,
  twoFactorStart,
} from '../../moderate/src/state/two-factor-state.js';
import { qrPath } from '../../moderate/src/views/qr-code.js';

const refusal = (code: string, message: string, status = 401) => new ApiError(code, message, status);
const english = createTranslator('en', en);
/** The refusal the form shows, in English. */
const shown = (error: unknown) => (error ? errorText(english, error) : null);

describe('the sign-in form', () => {
  it('asks for the code when the server wants a second factor, with nothing shown as an error', () => {
    const state = signInRefused(SIGN_IN_START, refusal('two_factor_required', 'Enter the code.'));
    expect(state).toEqual({ codeNeeded: true, error: null });
  });

  it('keeps the code field after a wrong code and shows the server’s words', () => {
    const asked = signInRefused(SIGN_IN_START, refusal('two_factor_required', 'Enter the code.'));
    const wrong = signInRefused(asked, refusal('invalid_credentials', 'The code is not right.'));
    expect(wrong.codeNeeded).toBe(true);
    expect(shown(wrong.error)).toBe('The code is not right.');
  });

  it('drops the code field when the account is locked, and shows why', () => {
    const asked = { codeNeeded: true, error: null };
    const locked = signInRefused(asked, refusal('account_locked', 'This account is locked.', 423));
    expect(locked.codeNeeded).toBe(false);
    expect(shown(locked.error)).toBe('This account is locked.');
  });

  it('shows a wrong password without asking for a code', () => {
    const wrong = signInRefused(SIGN_IN_START, refusal('invalid_credentials', 'The email or password is not right.'));
    expect(wrong.codeNeeded).toBe(false);
    expect(shown(wrong.error)).toBe('The email or password is not right.');
    // A network failure carries no code: the form says something went wrong, in the staff member's words.
    expect(shown(signInRefused(SIGN_IN_START, new TypeError('Failed to fetch')).error)).toBe(
      'Something went wrong. Please try again.',
    );
  });

  it('reads a typed code without its spaces, and an empty field as none', () => {
    expect(typedCode(' 123 456 ')).toBe('123456');
    expect(typedCode('k7p2-x9qd-m4tw')).toBe('k7p2-x9qd-m4tw');
    expect(typedCode('  ')).toBeUndefined();
    expect(typedCode(null)).toBeUndefined();
  });
});

describe('two-factor enrolment on the Account tab', () => {
  it('is on the tab bar of staff and owners alike', () => {
    expect(visibleTabs(false).map((t) => t.id)).toContain('account');
    expect(visibleTabs(true).map((t) => t.id)).toContain('account');
  });

  it('starts from the session’s flag', () => {
    expect(twoFactorStart(false)).toEqual({ kind: 'off' });
    expect(twoFactorStart(true)).toEqual({ kind: 'on' });
  });

  it('keeps the recovery codes on screen when the flag turns on, and an enrolment under way while off', () => {
    const codes: TwoFactorStep = { kind: 'recovery-codes', recoveryCodes: ['aaaa-bbbb-cccc'] };
    expect(twoFactorFollow(codes, true)).toBe(codes);
    const confirming: TwoFactorStep = { kind: 'confirming', secret: 'ABCD', uri: 'otpauth://totp/x' };
    expect(twoFactorFollow(confirming, false)).toBe(confirming);
    expect(twoFactorFollow({ kind: 'on' }, false)).toEqual({ kind: 'off' });
    expect(twoFactorFollow(confirming, true)).toEqual({ kind: 'on' });
  });

  it('groups the key in fours for typing by hand', () => {
    expect(groupedSecret('JBSWY3DPEHPK3PXPJBSWY3DP')).toBe('JBSW Y3DP EHPK 3PXP JBSW Y3DP');
    expect(groupedSecret('ABCDEF')).toBe('ABCD EF');
  });

  it('ends the session when an HTTP call says it expired, and shows other refusals', () => {
    expect(failureOutcome(refusal('session_expired', 'Expired.'), english)).toEqual({
      endSession: true,
      text: 'Expired.',
    });
    expect(failureOutcome(refusal('invalid_credentials', 'That code is not right.'), english)).toEqual({
      endSession: false,
      text: 'That code is not right.',
    });
    expect(failureOutcome(new RequestError({ code: 'auth_required', message: 'Sign in.' }), english).endSession).toBe(
      true,
    );
  });
});

describe('the QR code of the authenticator link', () => {
  it('draws one unit square per dark module, at its column and row', () => {
    expect(
      qrPath([
        [true, false],
        [false, true],
      ]),
    ).toBe('M0 0h1v1h-1zM1 1h1v1h-1z');
    expect(qrPath([[false]])).toBe('');
  });
});
