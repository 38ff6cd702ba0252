/**
 * The languages Booth speaks and the one way every surface (widget, moderation view, server pages
 * and error messages) turns a catalog key into text. Each surface keeps its own catalogs, one
 * module per language, so a page loads only the strings of the surface and language it shows;
 * English is the source: every other catalog has exactly its keys.
 *
 * A message is a string with `{name}` placeholders, or plural forms chosen by `Intl.PluralRules`
 * on the `count` parameter: `{ one: '{count} reply', other: '{count} replies' }`.
 */

export const LANGUAGES = ['en', 'de', 'fr', 'es', 'pt-BR', 'ja', 'ar'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'en';

/** Plural forms of one message; `other` is the one every language has. */
export type PluralMessage = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };
export type Message = string | PluralMessage;
export type Catalog = Readonly<Record<string, Message>>;
export type MessageParams = Readonly<Record<string, string | number>>;

/** The catalog shape every translation of `english` must have: the same keys, any wording. */
export type CatalogOf<English extends Catalog> = { readonly [Key in keyof English]: Message };

const RIGHT_TO_LEFT = new Set<Language>(['ar']);

/** Whether text in this language runs right to left (sets `dir="rtl"`). */
export function isRightToLeft(language: Language): boolean {
  return RIGHT_TO_LEFT.has(language);
}

/**
 * The best supported language for the first tag that has one (BCP 47 tags in preference order,
 * such as the element's `lang`, the page's `<html lang>`, then `navigator.languages`). Portuguese
 * of any region gets Brazilian Portuguese; unknown or empty tags are skipped; English is the last resort.
 *
 * @example matchLanguage(['', 'de-AT', 'fr']) // 'de'
 */
export function matchLanguage(tags: readonly (string | null | undefined)[]): Language {
  for (const tag of tags) {
    const found = tag ? supportedLanguage(tag) : null;
    if (found) return found;
  }
  return DEFAULT_LANGUAGE;
}

function supportedLanguage(tag: string): Language | null {
  const lower = tag.trim().toLowerCase().replace(/_/g, '-');
  const exact = LANGUAGES.find((language) => language.toLowerCase() === lower);
  if (exact) return exact;
  const base = lower.split('-')[0];
  if (base === 'pt') return 'pt-BR';
  return LANGUAGES.find((language) => language === base) ?? null;
}

/** Turns keys into text in one language; built once per language and surface. */
export interface Translator {
  readonly language: Language;
  readonly dir: 'ltr' | 'rtl';
  /** The message for `key` with its `{placeholders}` filled; plural messages pick by `params.count`. */
  t(key: string, params?: MessageParams): string;
  /** "3 hours ago", "in 2 days": the largest whole unit of the distance from `now`. */
  relativeTime(when: Date, now: Date): string;
  /** A date and time as people of this language write it. */
  dateTime(when: Date, options?: Intl.DateTimeFormatOptions): string;
  /** A number with this language's digits and grouping. */
  number(value: number): string;
}

/**
 * A translator for `catalog`, falling back to `fallback` (the English catalog) for a key the
 * catalog lacks, and to the key itself when neither has it, so a gap shows, never crashes.
 */
export function createTranslator(language: Language, catalog: Catalog, fallback: Catalog = catalog): Translator {
  const plurals = new Intl.PluralRules(language);
  const relative = new Intl.RelativeTimeFormat(language, { numeric: 'auto' });
  const numbers = new Intl.NumberFormat(language);
  return {
    language,
    dir: isRightToLeft(language) ? 'rtl' : 'ltr',
    t(key, params) {
      const message = catalog[key] ?? fallback[key] ?? key;
      const text = typeof message === 'string' ? message : pickPlural(message, plurals, params?.count);
      return params ? fill(text, params, numbers) : text;
    },
    relativeTime(when, now) {
      const [value, unit] = largestUnit((when.getTime() - now.getTime()) / 1000);
      return relative.format(value, unit);
    },
    dateTime(when, options = { dateStyle: 'medium', timeStyle: 'short' }) {
      return new Intl.DateTimeFormat(language, options).format(when);
    },
    number(value) {
      return numbers.format(value);
    },
  };
}

function pickPlural(message: PluralMessage, rules: Intl.PluralRules, count: string | number | undefined): string {
  const n = typeof count === 'number' ? count : Number(count ?? 0);
  return message[rules.select(n)] ?? message.other;
}

function fill(text: string, params: MessageParams, numbers: Intl.NumberFormat): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? numbers.format(value) : value;
  });
}

const UNITS: readonly [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

function largestUnit(seconds: number): [number, Intl.RelativeTimeFormatUnit] {
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return [Math.trunc(seconds / size), unit];
  }
  return [Math.trunc(seconds), 'second'];
}
