import { createTranslator } from '@booth/shared';
import { RequestError } from '@booth/shared/client';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../moderate/src/api.js';
import ar from '../../moderate/src/i18n/ar.js';
import de from '../../moderate/src/i18n/de.js';
import en from '../../moderate/src/i18n/en.js';
import { errorText } from '../../moderate/src/i18n/error-text.js';
import { day, duration, percent, waitedFor } from '../../moderate/src/i18n/formats.js';
import ja from '../../moderate/src/i18n/ja.js';
import { rememberLanguage, richText, startingLanguage } from '../../moderate/src/i18n/strings.js';
import { holdReasonText } from '../../moderate/src/state/desk-state.js';

const english = createTranslator('en', en);
const german = createTranslator('de', de);
const arabic = createTranslator('ar', ar);
const japanese = createTranslator('ja', ja);

/** A clock for the waiting times: every test measures from the same moment. */
const NOW = Date.parse('2030-03-10T12:00:00Z');
const before = (minutes: number) => new Date(NOW - minutes * 60_000).toISOString();
/** A number as this runtime's ICU writes it in Arabic (its digits depend on the CLDR version). */
const arabicNumber = (n: number) => new Intl.NumberFormat('ar').format(n);

describe('the staff member’s language', () => {
  it('is the one picked on this browser, else the best match of the browser’s languages', () => {
    const stored = new Map<string, string>();
    const storage = {
      getItem: (k: string) => stored.get(k) ?? null,
      setItem: (k: string, v: string) => stored.set(k, v),
    };
    expect(startingLanguage(storage, ['de-AT', 'en'])).toBe('de');
    expect(startingLanguage(storage, ['sv-SE'])).toBe('en');
    rememberLanguage('ar', storage);
    expect(startingLanguage(storage, ['de-AT'])).toBe('ar');
    stored.set('booth.moderate.language', 'klingon');
    expect(startingLanguage(storage, ['ja-JP'])).toBe('ja');
    expect(startingLanguage(null, ['pt-PT'])).toBe('pt-BR');
  });
});

describe('refusals shown to staff', () => {
  it('word a code’s general refusal from the catalog, in the staff member’s language', () => {
    const expired = new ApiError('session_expired', 'Your session has expired. Please sign in again.', 401);
    expect(errorText(german, expired)).toBe('Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.');
    expect(errorText(arabic, new RequestError({ code: 'forbidden', message: 'You are not allowed to do that.' }))).toBe(
      'غير مسموح لك بذلك.',
    );
  });

  it('say how long to wait after a rate limit, in seconds', () => {
    const limited = new ApiError('rate_limited', 'Too many sign-in attempts. Try again in 42 seconds.', 429, 41_200);
    expect(errorText(german, limited)).toBe(
      'Sie tun das zu oft. Bitte warten Sie einen Moment. Versuchen Sie es in 42 s erneut.',
    );
  });

  it('show a specific refusal as the server wrote it, and a failure without a code as an internal error', () => {
    const named = new RequestError({ code: 'invalid_message', message: 'policy.reportThreshold: must be at most 50' });
    expect(errorText(german, named)).toBe('policy.reportThreshold: must be at most 50');
    expect(errorText(german, new TypeError('Failed to fetch'))).toBe(
      'Etwas ist schiefgelaufen. Bitte versuchen Sie es erneut.',
    );
  });
});

describe('words with numbers and dates', () => {
  it('counts waiting time with Intl units, from the injected now', () => {
    expect(waitedFor(english, before(0), NOW)).toBe('under a minute');
    expect(waitedFor(english, before(42), NOW)).toBe('42 min');
    expect(waitedFor(german, before(42), NOW)).toBe('42 Min.');
    expect(waitedFor(english, before(125), NOW)).toBe('2 hr, 5 min');
    expect(waitedFor(german, before(3 * 1440 + 60), NOW)).toBe('3 Tg., 1 Std.');
    expect(waitedFor(english, before(2 * 1440), NOW)).toBe('2 days');
    expect(waitedFor(japanese, before(42), NOW)).toBe('42 分');
    expect(waitedFor(arabic, before(42), NOW)).toBe(`${arabicNumber(42)} د`);
  });

  it('words durations, shares and days', () => {
    expect(duration(english, 45 * 60)).toBe('45 min');
    expect(duration(english, 3.5 * 3600)).toBe('3.5 hr');
    expect(duration(german, 3.5 * 3600)).toBe('3,5 Std.');
    expect(duration(english, null)).toBe('—');
    expect(percent(german, 1, 3)).toBe('33\u00a0%');
    expect(percent(english, 0, 0)).toBe('—');
    // Days the server counts in UTC stay on their day in any time zone.
    expect(day(german, '2030-03-01')).toBe('01.03.2030');
  });

  it('picks plural forms by Intl.PluralRules, Arabic’s six included', () => {
    expect(english.t('unanswered.people', { count: 1 })).toBe('1 person waiting');
    expect(german.t('unanswered.people', { count: 3 })).toBe('3 Personen warten');
    expect(arabic.t('unanswered.people', { count: 2 })).toBe('شخصان ينتظران');
    expect(arabic.t('unanswered.people', { count: 5 })).toBe(`${arabicNumber(5)} أشخاص ينتظرون`);
    expect(arabic.t('unanswered.people', { count: 11 })).toBe(`${arabicNumber(11)} شخصًا ينتظرون`);
  });

  it('words why a post was held, with the count of a report hold', () => {
    expect(holdReasonText(german, 'blocked_word: cheap followers')).toBe('gesperrtes Wort (cheap followers)');
    expect(holdReasonText(german, 'reports: 1 members reported it')).toBe('1 Mitglied hat ihn gemeldet');
    expect(holdReasonText(arabic, 'first_post: first post of a new member')).toBe('أول منشور لعضو جديد');
  });

  it('places markup and typed text into a message without filling placeholders inside the typed text', () => {
    const parts = richText(english, 'reports.quoted', { reason: 'spam {reporter}', reporter: 'Kim' });
    expect(parts).toEqual(['“', 'spam {reporter}', '” — ', 'Kim', '']);
  });
});
