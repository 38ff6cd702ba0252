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

/** A key of the widget's catalogs. */
export type WidgetKey = keyof typeof en;

/** The shape every non-English widget catalog has. */
export type WidgetCatalog = CatalogOf<typeof en>;

/** A translator that only takes the widget's keys, so a typo fails the type check. */
export interface WidgetTranslator extends Translator {
  t(key: WidgetKey, params?: MessageParams): string;
}

// Every error code the server may send has words in the widget (describeError reads `error.<code>`).
type ErrorKeys = `error.${ErrorCode}` | 'error.retry_in';
const everyErrorWorded: ErrorKeys extends WidgetKey ? true : never = true;
void everyErrorWorded;

/**
 * One module per language, each its own chunk: a board downloads the words of its language only.
 * English is not the fallback of the others (that would load two catalogs); the catalog check in
 * the test suite makes every catalog complete instead.
 */
const LOADERS: Record<Language, () => Promise<{ default: Catalog }>> = {
  en: () => import('./en.js'),
  de: () => import('./de.js'),
  fr: () => import('./fr.js'),
  es: () => import('./es.js'),
  'pt-BR': () => import('./pt-BR.js'),
  ja: () => import('./ja.js'),
  ar: () => import('./ar.js'),
};

const loaded = new Map<Language, Promise<WidgetTranslator>>();

/** The widget's translator for `language`, loading its catalog once per page. */
export function loadTranslator(language: Language): Promise<WidgetTranslator> {
  let translator = loaded.get(language);
  if (!translator) {
    translator = LOADERS[language]().then(({ default: catalog }) => createTranslator(language, catalog));
    // A failed download (network) may be retried by the next board or language change.
    translator.catch(() => loaded.delete(language));
    loaded.set(language, translator);
  }
  return translator;
}
