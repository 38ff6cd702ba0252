import {
  type Catalog,
  createTranslator,
  LANGUAGES,
  type Language,
  type MessageParams,
  matchLanguage,
  type Translator,
} from '@booth/shared';
import type en from './en.js';

/** A key of the moderation view's catalogs. */
export type MessageKey = keyof typeof en;

/** The moderation view's translator: `t` takes only keys its catalogs have. */
export interface Strings extends Omit<Translator, 't'> {
  t(key: MessageKey, params?: MessageParams): string;
}

/** Words for the staff member, put in their language when shown (so a switch of language rewords them). */
export type Wording = (strings: Strings) => string;

/** One chunk per language: the view loads only the catalog of the language it shows. */
const CATALOGS: Record<Language, () => Promise<Catalog>> = {
  en: () => import('./en.js').then((m) => m.default),
  de: () => import('./de.js').then((m) => m.default),
  fr: () => import('./fr.js').then((m) => m.default),
  es: () => import('./es.js').then((m) => m.default),
  'pt-BR': () => import('./pt-BR.js').then((m) => m.default),
  ja: () => import('./ja.js').then((m) => m.default),
  ar: () => import('./ar.js').then((m) => m.default),
};

/** Loads the catalog of `language` and returns its translator. */
export async function loadStrings(language: Language): Promise<Strings> {
  return createTranslator(language, await CATALOGS[language]());
}

/** Each language as its own speakers name it, for the language picker. */
export const LANGUAGE_NAMES: Record<Language, string> = {
  en: 'English',
  de: 'Deutsch',
  fr: 'Français',
  es: 'Español',
  'pt-BR': 'Português (Brasil)',
  ja: '日本語',
  ar: 'العربية',
};

const STORAGE_KEY = 'booth.moderate.language';

/** The language a staff member picked on this browser, if they did. */
export function pickedLanguage(storage: Pick<Storage, 'getItem'> | null = safeStorage()): Language | null {
  const picked = storage?.getItem(STORAGE_KEY);
  return LANGUAGES.find((language) => language === picked) ?? null;
}

/** The language a staff member picked on this browser, else the best match of the browser's languages. */
export function startingLanguage(
  storage: Pick<Storage, 'getItem'> | null = safeStorage(),
  browser: readonly string[] = navigator.languages,
): Language {
  return pickedLanguage(storage) ?? matchLanguage(browser);
}

/** Remembers the picked language on this browser. */
export function rememberLanguage(language: Language, storage: Pick<Storage, 'setItem'> | null = safeStorage()): void {
  try {
    storage?.setItem(STORAGE_KEY, language);
  } catch {
    // Storage full or refused (private mode): the choice lasts for this page only.
  }
}

function safeStorage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/**
 * A message whose placeholders in `rich` are markup (a name in `<bdi>`) or text people typed, as
 * parts Lit renders in order (typed text never goes through placeholder filling); other
 * placeholders are filled from `params` as `t` does.
 */
export function richText(strings: Strings, key: MessageKey, rich: Record<string, unknown>, params?: MessageParams) {
  return strings
    .t(key, params)
    .split(/\{(\w+)\}/)
    .map((piece, i) => (i % 2 === 0 ? piece : piece in rich ? rich[piece] : `{${piece}}`));
}
