import { ERROR_CODES, type ErrorBody, type ErrorCode } from '../errors.js';

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

/** Words for a failed request, shown next to the control that sent it. */
export function describeError(error: unknown): string {
  if (!(error instanceof RequestError)) return ERROR_CODES.internal;
  if (error.code === 'rate_limited' && error.retryAfterMs !== undefined) {
    const seconds = Math.max(1, Math.ceil(error.retryAfterMs / 1000));
    return `${error.message} Try again in ${seconds} s.`;
  }
  return error.message;
}
