import { ERROR_CODES, type ErrorBody, type ErrorCode } from '@booth/shared';

/**
 * A refusal with a public part (code and message, sent to the client) and an optional
 * private detail that is only logged.
 */
export class DomainError extends Error {
  override name = 'DomainError';
  constructor(
    readonly code: ErrorCode,
    publicMessage: string = ERROR_CODES[code],
    readonly detail?: string,
    readonly retryAfterMs?: number,
  ) {
    super(publicMessage);
  }

  toBody(): ErrorBody {
    const body: ErrorBody = { code: this.code, message: this.message };
    if (this.retryAfterMs !== undefined) body.retryAfterMs = this.retryAfterMs;
    return body;
  }
}

/** HTTP status for each error code of the catalogue. */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  bad_json: 400,
  invalid_message: 400,
  unknown_type: 400,
  too_large: 413,
  auth_required: 401,
  invalid_credentials: 401,
  account_locked: 423,
  two_factor_required: 401,
  session_expired: 401,
  csrf_failed: 403,
  invalid_token: 401,
  guests_not_allowed: 403,
  forbidden: 403,
  banned: 403,
  not_found: 404,
  origin_not_allowed: 403,
  unknown_site: 404,
  thread_locked: 409,
  conflict: 409,
  no_visible_content: 400,
  duplicate: 409,
  not_an_image: 415,
  image_too_large: 413,
  image_too_many_pixels: 413,
  image_quota_exceeded: 403,
  rate_limited: 429,
  not_subscribed: 409,
  unavailable: 503,
  internal: 500,
};
