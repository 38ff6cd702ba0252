import { check, DisplayName, hasInvisibleChars, hasVisibleText } from '@booth/shared';
import { describe, expect, it } from 'vitest';

describe('hasVisibleText', () => {
  it.each([
    ['zero-width spaces', '\u200B\u200B\u200B'],
    ['a word joiner and a zero-width space', '\u2060\u200B'],
    ['a Hangul filler', '\u3164'],
    ['Hangul jungseong and half-width fillers', '\u1160\uFFA0\u115F'],
    ['blank braille', '\u2800\u2800'],
    ['a right-to-left mark', '\u200F'],
    ['a combining accent alone', '\u0301'],
    ['ideographic and no-break spaces', '\u3000\u00A0 \t\n'],
    ['a soft hyphen and a byte-order mark', '\u00AD\uFEFF'],
    ['tag characters', '\u{E0041}\u{E0042}'],
  ])('sees nothing in %s', (_what, text) => {
    expect(hasVisibleText(text)).toBe(false);
  });

  it.each(['a', '¿?', 'é', '山', 'مرحبا', '👍', '---', '\u200Bx'])('sees %j', (text) => {
    expect(hasVisibleText(text)).toBe(true);
  });
});

describe('display names', () => {
  it.each([
    ['a Hangul filler at the end', 'Sam from Acme\u3164'],
    ['a Hangul jungseong filler', 'Sam\u1160'],
    ['a half-width Hangul filler', 'Sa\uFFA0m'],
    ['a zero-width space', 'Sa\u200Bm'],
    ['a trailing zero-width joiner', 'Sam\u200D'],
    ['a right-to-left override', '\u202Enimda'],
    ['a direction isolate', 'Sam \u2067from\u2069 Support'],
    ['a left-to-right mark', 'Sam\u200E'],
    ['blank braille', 'Sam\u2800'],
    ['a soft hyphen', 'Sa\u00ADm'],
    ['a stray variation selector', '\uFE0FSam'],
  ])('refuses %s', (_what, name) => {
    expect(hasInvisibleChars(name)).toBe(true);
    const result = check(DisplayName, name);
    expect(result.ok ? 'accepted' : result.error.message).toBe('must not contain invisible characters');
  });

  it('refuses a name of combining marks alone', () => {
    const result = check(DisplayName, '\u0301\u0301\u0301');
    expect(result.ok ? 'accepted' : result.error.message).toBe('must contain visible letters');
  });

  it.each([
    ['Japanese', '山田 太郎'],
    ['Japanese kana', 'やまだ たろう'],
    ['Arabic', 'محمد علي'],
    ['Hebrew', 'דנה לוי'],
    ['Persian with a zero-width non-joiner', 'می\u200Cخواهم'],
    ['Hindi', 'अनीता शर्मा'],
    ['Thai', 'สมชาย ใจดี'],
    ['Korean', '김민수'],
    ['Russian', 'Олег Петров'],
    ['Greek', 'Νίκος Παπαδόπουλος'],
    ['accented Latin', 'José Álvarez-Núñez'],
    ['Vietnamese', 'Nguyễn Văn Anh'],
    ['an apostrophe', 'Zoë O’Brien'],
    ['an emoji with its variation selector', 'Sam ❤\uFE0F'],
    ['an emoji sequence joined by ZWJ', 'Family 👨\u200D👩\u200D👧'],
  ])('accepts a name in %s', (_what, name) => {
    const result = check(DisplayName, name);
    expect(result.ok ? result.value : result.error.message).toBe(name);
  });
});

describe('the widget’s checks before sending', () => {
  it('says a blank title or body would show up blank, in the words of the error catalogue', async () => {
    const { ERROR_CODES } = await import('@booth/shared');
    const { bodyProblem, titleProblem } = await import('../../widget/src/validation.js');
    const { loadTranslator } = await import('../../widget/src/i18n/translator.js');
    const { default: de } = await import('../../widget/src/i18n/de.js');
    const english = await loadTranslator('en');
    expect(titleProblem('\u200B\u200B\u200B', english)).toBe(ERROR_CODES.no_visible_content);
    expect(bodyProblem('\u2060\u200B', english)).toBe(ERROR_CODES.no_visible_content);
    expect(titleProblem('Is it waterproof?', english)).toBeUndefined();
    expect(bodyProblem('👍', english)).toBeUndefined();
    expect(bodyProblem('\u2060\u200B', await loadTranslator('de'))).toBe(de['error.no_visible_content']);
  });

  it('words each problem the schema finds in the board’s language', async () => {
    const { LIMITS } = await import('@booth/shared');
    const { bodyProblem, emailProblem, nameProblem, titleProblem } = await import('../../widget/src/validation.js');
    const { loadTranslator } = await import('../../widget/src/i18n/translator.js');
    const english = await loadTranslator('en');
    expect(titleProblem('Hi', english)).toBe(`Use at least ${LIMITS.titleMinChars} characters.`);
    expect(titleProblem('x'.repeat(LIMITS.titleChars + 1), english)).toBe(
      `Use at most ${LIMITS.titleChars.toLocaleString('en')} characters.`,
    );
    expect(bodyProblem('   ', english)).toBe('Write something here.');
    expect(nameProblem('Sam\u3164', english)).toBe('Remove the invisible characters.');
    expect(emailProblem('not an address', english)).toBe('Enter an email address, such as name@example.com.');
    expect(titleProblem('Hi', await loadTranslator('ja'))).toBe(`${LIMITS.titleMinChars} 文字以上で入力してください。`);
  });
});
