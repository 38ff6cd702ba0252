import { createTranslator, isRightToLeft, matchLanguage } from '@booth/shared';
import { describe, expect, it } from 'vitest';

describe('matchLanguage', () => {
  it('takes the first tag Booth speaks, by region or base language', () => {
    expect(matchLanguage(['', 'de-AT', 'fr'])).toBe('de');
    expect(matchLanguage(['xx', 'pt-PT'])).toBe('pt-BR');
    expect(matchLanguage([null, 'AR-eg'])).toBe('ar');
    expect(matchLanguage(['ja_JP'])).toBe('ja');
  });
  it('falls back to English when nothing matches', () => {
    expect(matchLanguage(['zz', undefined])).toBe('en');
  });
});

describe('createTranslator', () => {
  const english = { hello: 'Hello {name}', replies: { one: '{count} reply', other: '{count} replies' }, only: 'Only' };
  const german = { hello: 'Hallo {name}', replies: { one: '{count} Antwort', other: '{count} Antworten' } };

  it('fills placeholders and picks plural forms by Intl.PluralRules', () => {
    const de = createTranslator('de', german, english);
    expect(de.t('hello', { name: 'Ana' })).toBe('Hallo Ana');
    expect(de.t('replies', { count: 1 })).toBe('1 Antwort');
    expect(de.t('replies', { count: 1200 })).toBe('1.200 Antworten');
  });
  it('falls back to English, then to the key', () => {
    const de = createTranslator('de', german, english);
    expect(de.t('only')).toBe('Only');
    expect(de.t('missing.key')).toBe('missing.key');
  });
  it('formats relative times from an injected now', () => {
    const now = new Date('2030-01-10T12:00:00Z');
    expect(createTranslator('en', english).relativeTime(new Date('2030-01-10T09:00:00Z'), now)).toBe('3 hours ago');
    expect(createTranslator('de', german, english).relativeTime(new Date('2030-01-09T12:00:00Z'), now)).toBe('gestern');
  });
  it('knows which languages run right to left', () => {
    expect(isRightToLeft('ar')).toBe(true);
    expect(createTranslator('ar', {}, english).dir).toBe('rtl');
    expect(isRightToLeft('ja')).toBe(false);
  });
});
