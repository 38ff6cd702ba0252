/**
 * The server's translators, one per language, and the language an HTTP request asks for.
 * The server holds every catalog (it answers people of any language), so they are imported at once.
 */
import { type Catalog, createTranslator, type Language, matchLanguage, type Translator } from '@booth/shared';
import ar from './ar.js';
import de from './de.js';
import en from './en.js';
import es from './es.js';
import fr from './fr.js';
import ja from './ja.js';
import ptBR from './pt-BR.js';

const CATALOGS: Record<Language, Catalog> = { en, de, fr, es, 'pt-BR': ptBR, ja, ar };
const translators = new Map<Language, Translator>();

/** The server's translator for `language`, built once. */
export function serverTranslator(language: Language): Translator {
  let translator = translators.get(language);
  if (!translator) {
    translator = createTranslator(language, CATALOGS[language], en);
    translators.set(language, translator);
  }
  return translator;
}

/**
 * The language tags of an `Accept-Language` header, most wanted first (by `q`, then by order);
 * tags with `q=0` are refused and left out.
 *
 * @example acceptedLanguages('fr;q=0.5, ja, *;q=0.1') // ['ja', 'fr', '*']
 */
export function acceptedLanguages(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .slice(0, 32)
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q\s*=\s*([0-9.]+)\s*$/i.exec(p)?.[1]).find((value) => value !== undefined);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((entry) => entry.tag !== '' && entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map((entry) => entry.tag);
}

/** The language of an HTTP request: the best match of its `Accept-Language`, else English. */
export function requestLanguage(headers: { 'accept-language'?: string | undefined }): Language {
  return matchLanguage(acceptedLanguages(headers['accept-language']));
}
