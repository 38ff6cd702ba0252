/**
 * The message of an error body in the client's language. The code never changes (clients branch
 * on it); only the words people read do. The server's English messages may be more specific than
 * its code (which field, which link); in another language such a message becomes the catalog's
 * words for the code, naming the field of a validation error.
 */
import type { ErrorBody, Language } from '@booth/shared';
import { serverTranslator } from './translators.js';

/** `title: must not be empty` → `title`: the field a validation message names first. */
const FIELD = /^([A-Za-z_][\w.-]{0,80}): /;

export function errorInLanguage(body: ErrorBody, language: Language): ErrorBody {
  if (language === 'en') return body;
  const t = serverTranslator(language);
  const field = body.code === 'invalid_message' ? FIELD.exec(body.message)?.[1] : undefined;
  const message = field ? t.t('error.invalid_field', { field }) : t.t(`error.${body.code}`);
  return { ...body, message };
}
