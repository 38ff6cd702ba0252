/**
 * The names of the error codes, apart from their English messages (`errors.ts`): what a client
 * needs to check an error frame, without the server's words, which the widget has in its catalogs.
 * Each code's meaning is documented on its message in `ERROR_CODES`.
 */
export const ERROR_CODE_LIST = [
  'bad_json',
  'invalid_message',
  'unknown_type',
  'too_large',
  'auth_required',
  'invalid_credentials',
  'account_locked',
  'two_factor_required',
  'session_expired',
  'csrf_failed',
  'invalid_token',
  'guests_not_allowed',
  'forbidden',
  'banned',
  'not_found',
  'origin_not_allowed',
  'unknown_site',
  'thread_locked',
  'conflict',
  'no_visible_content',
  'duplicate',
  'not_an_image',
  'image_too_large',
  'image_too_many_pixels',
  'image_quota_exceeded',
  'rate_limited',
  'not_subscribed',
  'unavailable',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODE_LIST)[number];

/** The public part of an error: what a client is told. */
export interface ErrorBody {
  code: ErrorCode;
  message: string;
  /** For `rate_limited`: how long to wait before retrying. */
  retryAfterMs?: number;
}
