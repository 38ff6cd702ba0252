import { ERROR_CODES, type ErrorBody, type ErrorCode } from '../errors.js';
import type { Translator } from '../i18n.js';

/** A request the server refused, or one that could not reach it. Carries the server's error body. */
export class RequestError extends Error {
  override name = 'RequestError';
  readonly code: ErrorCode;
  readonly retryAfterMs: number | undefined;

  constructor(body: ErrorBody) {
    super(body.message || ERROR_CODES[body.code] || ERROR_CODES.internal);
    this.code = body.code;
    this.retryAfterMs = body.retryAfterMs;
  }
}

/**
 * Words for a failed request, shown next to the control that sent it. Without a translator, or
 * in English, the server's own message (which may name the field); in another language the
 * surface's catalog words the error code (`error.<code>`), since the server's message is English.
 * A translator also words the wait of `rate_limited` (`error.retry_in` with `{count}` seconds).
 */
export function describeError(error: unknown, translator?: Pick<Translator, 'language' | 't'>): string {
  const translated = translator && translator.language !== 'en';
  const code: ErrorCode = error instanceof RequestError ? error.code : 'internal';
  const message = translated
    ? translator.t(`error.${code}`)
    : error instanceof RequestError
      ? error.message
      : ERROR_CODES.internal;
  if (error instanceof RequestError && error.code === 'rate_limited' && error.retryAfterMs !== undefined) {
    const seconds = Math.max(1, Math.ceil(error.retryAfterMs / 1000));
    const retry = translator ? translator.t('error.retry_in', { count: seconds }) : `Try again in ${seconds} s.`;
    return `${message} ${retry}`;
  }
  return message;
}
