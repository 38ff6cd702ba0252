import type { ErrorBody, ErrorCode } from '../error-codes.js';
import type { Translator } from '../i18n.js';

/**
 * A request the server refused, or one that could not reach it. Carries the server's error body;
 * its `message` is the server's own words, '' when it gave none (a surface words the code then).
 */
export class RequestError extends Error {
  override name = 'RequestError';
  readonly code: ErrorCode;
  readonly retryAfterMs: number | undefined;

  constructor(body: ErrorBody) {
    super(body.message);
    this.code = body.code;
    this.retryAfterMs = body.retryAfterMs;
  }
}

/**
 * Words for a failed request, shown next to the control that sent it. In English, the server's
 * own message (which may name the field); in another language, or when the server gave no words,
 * the surface's catalog words the error code (`error.<code>`), since the server's message is
 * English. Clients load no English messages of their own: the catalogs have every code.
 * The wait of `rate_limited` is worded too (`error.retry_in` with `{count}` seconds).
 */
export function describeError(error: unknown, translator: Pick<Translator, 'language' | 't'>): string {
  const code: ErrorCode = error instanceof RequestError ? error.code : 'internal';
  const serverWords = translator.language === 'en' && error instanceof RequestError ? error.message : '';
  const message = serverWords || translator.t(`error.${code}`);
  if (error instanceof RequestError && error.code === 'rate_limited' && error.retryAfterMs !== undefined) {
    const seconds = Math.max(1, Math.ceil(error.retryAfterMs / 1000));
    return `${message} ${translator.t('error.retry_in', { count: seconds })}`;
  }
  return message;
}
