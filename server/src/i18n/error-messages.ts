/**
 * The message of an error in the client's language. The code never changes (clients branch on
 * it); only the words people read do. A refusal whose words come from a catalog key is said in
 * the language; any other English message (a validator's) becomes the catalog's words for its
 * code, naming the field of a validation error and, for the common checks, what is wrong with it.
 */
import type { ErrorBody, Language } from '@booth/shared';
import { DomainError, saidIn } from '../domain/domain-error.js';
import type { ServerMessageKey } from './en.js';
import { serverTranslator } from './translators.js';

/** `title: must not be empty` → `title`, `must not be empty`: the field a validation message names, and what is wrong. */
const FIELD = /^([A-Za-z_][\w.-]{0,80}): (.*)$/;

/** What is wrong with a field, for the validators' common messages; any other names only the field. */
const WHAT_IS_WRONG: readonly [RegExp, (match: RegExpExecArray) => [ServerMessageKey, Record<string, number>]][] = [
  [/^must not be empty$/, () => ['error.field.empty', {}]],
  [/^must be at most (\d+) characters$/, (m) => ['error.field.atMost', { max: Number(m[1]) }]],
  [/^must be at least (\d+) characters$/, (m) => ['error.field.atLeast', { min: Number(m[1]) }]],
];

function fieldMessage(language: Language, field: string, wrong: string): string {
  const t = serverTranslator(language);
  for (const [pattern, keyOf] of WHAT_IS_WRONG) {
    const match = pattern.exec(wrong);
    if (match) {
      const [key, params] = keyOf(match);
      return t.t(key, { field, ...params });
    }
  }
  return t.t('error.invalid_field', { field });
}

export function errorInLanguage(error: ErrorBody | DomainError, language: Language): ErrorBody {
  if (error instanceof DomainError) {
    const body = error.toBody();
    return error.said ? { ...body, message: saidIn(error.said, language) } : errorInLanguage(body, language);
  }
  const body = error;
  if (language === 'en') return body;
  const field = body.code === 'invalid_message' ? FIELD.exec(body.message) : null;
  const message = field
    ? fieldMessage(language, field[1] as string, field[2] as string)
    : serverTranslator(language).t(`error.${body.code}`);
  return { ...body, message };
}
