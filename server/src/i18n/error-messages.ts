/**
 * The message of an error in the client's language. The code never changes (clients branch on
 * it); only the words people read do. A refusal whose words come from a catalog key is said in
 * the language; any other English message (a validator's) becomes the catalog's words for its
 * code, naming the field of a validation error.
 */
import type { ErrorBody, Language } from '@booth/shared';
import { DomainError, saidIn } from '../domain/domain-error.js';
import { serverTranslator } from './translators.js';

/** `title: must not be empty` → `title`: the field a validation message names first. */
const FIELD = /^([A-Za-z_][\w.-]{0,80}): /;

export function errorInLanguage(error: ErrorBody | DomainError, language: Language): ErrorBody {
  if (error instanceof DomainError) {
    const body = error.toBody();
    return error.said ? { ...body, message: saidIn(error.said, language) } : errorInLanguage(body, language);
  }
  const body = error;
  if (language === 'en') return body;
  const t = serverTranslator(language);
  const field = body.code === 'invalid_message' ? FIELD.exec(body.message)?.[1] : undefined;
  const message = field ? t.t('error.invalid_field', { field }) : t.t(`error.${body.code}`);
  return { ...body, message };
}
