import { type Language, matchLanguage } from '@booth/shared';

/**
 * The language a board speaks: its element's `lang` attribute, else the embed script's
 * `data-lang`, else the host page's `<html lang>`, else the browser's languages, else English.
 * The first of these that Booth speaks wins (`de-AT` reads as German, `pt-PT` as Brazilian Portuguese).
 */
export function boardLanguage(elementLang: string, scriptLang: string): Language {
  return matchLanguage([
    elementLang,
    scriptLang,
    globalThis.document?.documentElement.lang,
    ...(globalThis.navigator?.languages ?? []),
  ]);
}
