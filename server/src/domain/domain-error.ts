import { ERROR_CODES, type ErrorBody, type ErrorCode, type Language } from '@booth/shared';
import type { ServerMessageKey } from '../i18n/en.js';
import { serverTranslator } from '../i18n/translators.js';

/** The words of a refusal as a catalog key and its values, so each client reads them in its own language. */
export interface Said {
  key: ServerMessageKey;
  /** Values of the key's placeholders; a date is written as people of the language write it (UTC). */
  params?: Readonly<Record<string, string | number | Date>>;
}

/**
 * A refusal with a public part (code and message, sent to the client) and an optional
 * private detail that is only logged. Words people read are a catalog key (`said`), sent in the
 * client's language; plain text is for operators (the command line) and for a validator's
 * `field: what is wrong`. `message` holds the English words, for logs and operators.
 */
export class DomainError extends Error {
  override name = 'DomainError';
  /** The catalog key of the message, when its words come from the catalogs. */
  readonly said: Said | undefined;
  constructor(
    readonly code: ErrorCode,
    publicMessage: string | Said = ERROR_CODES[code],
    readonly detail?: string,
    readonly retryAfterMs?: number,
  ) {
    super(typeof publicMessage === 'string' ? publicMessage : saidIn(publicMessage, 'en'));
    this.said = typeof publicMessage === 'string' ? undefined : publicMessage;
  }

  toBody(): ErrorBody {
    const body: ErrorBody = { code: this.code, message: this.message };
    if (this.retryAfterMs !== undefined) body.retryAfterMs = this.retryAfterMs;
    return body;
  }
}

/** A date in a refusal: the server does not know the reader's zone, so it says UTC. */
const DATE_IN_UTC: Intl.DateTimeFormatOptions = {
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'UTC',
  timeZoneName: 'short',
};

/** The words of `said` in `language`; dates in UTC, as the language writes them. */
export function saidIn(said: Said, language: Language): string {
  const t = serverTranslator(language);
  const params = Object.fromEntries(
    Object.entries(said.params ?? {}).map(([name, value]) => [
      name,
      value instanceof Date ? t.dateTime(value, DATE_IN_UTC) : value,
    ]),
  );
  return t.t(said.key, params);
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
