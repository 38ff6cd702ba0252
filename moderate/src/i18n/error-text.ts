import { ERROR_CODES, type ErrorCode } from '@booth/shared';
import type { Strings } from './strings.js';

function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(ERROR_CODES, code);
}

/**
 * What to tell staff about a refused request, in their language. A refusal that carries only its
 * code's general text is worded by the catalog; a specific one (naming the field that is wrong,
 * or already in the staff member's language) is shown as the server wrote it; a rate limit says
 * how long to wait. Anything else
 * (a network failure) gets the general words for an internal error.
 */
export function errorText(strings: Strings, error: unknown): string {
  const { code, retryAfterMs } = (error ?? {}) as { code?: unknown; retryAfterMs?: unknown };
  const message = error instanceof Error ? error.message : '';
  if (code === 'rate_limited' && typeof retryAfterMs === 'number') {
    const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
    return `${strings.t('error.rate_limited')} ${strings.t('error.retry_in', { count: seconds })}`;
  }
  if (isErrorCode(code)) {
    return message === '' || message === ERROR_CODES[code] ? strings.t(`error.${code}`) : message;
  }
  return strings.t('error.internal');
}
