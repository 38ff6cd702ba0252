import {
  type Catalog,
  type CatalogOf,
  createTranslator,
  type ErrorCode,
  type Language,
  type MessageParams,
  type Translator,
} from '@booth/shared';
import type en from './en.js';
import type listEn from './list/en.js';

/** A key of the widget's catalogs. */
export type WidgetKey = keyof typeof listEn | keyof typeof en;

/** The shape of every non-English catalog of the words beyond the list's. */
export type WidgetCatalog = CatalogOf<typeof en>;

/** The shape of every non-English catalog of the list's words (`list/<language>.ts`). */
export type WidgetListCatalog = CatalogOf<typeof listEn>;

/** A translator that only takes the widget's keys, so a typo fails the type check. */
export interface WidgetTranslator extends Translator {
  t(key: WidgetKey, params?: MessageParams): string;
}

// Every error code the server may send has words in the widget (describeError reads `error.<code>`).
type ErrorKeys = `error.${ErrorCode}` | 'error.retry_in';
const everyErrorWorded: ErrorKeys extends WidgetKey ? true : never = true;
void everyErrorWorded;

type Loader = () => Promise<{ default: Catalog }>;

/**
 * Two modules per language, each its own chunk: the list's words, all the board's first paint
 * needs, and the rest, fetched at the same time but needed only once the visitor acts. A board
 * downloads the words of its language only. English is not the fallback of the others (that would
 * load two catalogs); the catalog check in the test suite makes every catalog complete instead.
 */
const LIST: Record<Language, Loader> = {
  en: () => import('./list/en.js'),
  de: () => import('./list/de.js'),
  fr: () => import('./list/fr.js'),
  es: () => import('./list/es.js'),
  'pt-BR': () => import('./list/pt-BR.js'),
  ja: () => import('./list/ja.js'),
  ar: () => import('./list/ar.js'),
};
const REST: Record<Language, Loader> = {
  en: () => import('./en.js'),
  de: () => import('./de.js'),
  fr: () => import('./fr.js'),
  es: () => import('./es.js'),
  'pt-BR': () => import('./pt-BR.js'),
  ja: () => import('./ja.js'),
  ar: () => import('./ar.js'),
};

/**
 * Runs `load` once per key and keeps its promise; a failed one (the network dropped) is forgotten,
 * so the next board or language change may try again.
 */
function once<T>(cache: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
  let value = cache.get(key);
  if (!value) {
    value = load();
    value.catch(() => cache.delete(key));
    cache.set(key, value);
  }
  return value;
}

const catalogs = new Map<string, Promise<Catalog>>();
const translators = new Map<string, Promise<WidgetTranslator>>();

/** The list's words of `language`, downloaded once however many translators need them. */
const listWords = (language: Language) =>
  once(catalogs, `list ${language}`, () => LIST[language]().then((m) => m.default));
const restWords = (language: Language) => once(catalogs, language, () => REST[language]().then((m) => m.default));

/** A translator with the list's words of `language` only: what the board's first paint needs. */
export function loadListTranslator(language: Language): Promise<WidgetTranslator> {
  return once(translators, `list ${language}`, () =>
    listWords(language).then((words) => createTranslator(language, words)),
  );
}

/** The widget's translator for `language`, with every word (the list's and the rest). */
export function loadTranslator(language: Language): Promise<WidgetTranslator> {
  return once(translators, language, () =>
    Promise.all([listWords(language), restWords(language)]).then(([list, rest]) =>
      createTranslator(language, { ...list, ...rest }),
    ),
  );
}
