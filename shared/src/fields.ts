/**
 * Field validators shared by the customer and staff message schemas. They live apart from
 * the message unions so that both schema files can import them without an import cycle.
 */
import * as v from 'valibot';
import { LIMITS } from './limits.js';
import { hasInvisibleChars, hasVisibleText } from './visible-text.js';

/** Database ids travel as positive decimal strings, never as numbers. */
export const EntityId = v.pipe(v.string(), v.regex(/^[1-9][0-9]{0,17}$/, 'must be a positive decimal id'));

export const RequestId = v.pipe(v.string(), v.minLength(1), v.maxLength(LIMITS.requestIdChars));

/** A client-chosen key that makes a retried write happen once. */
export const IdempotencyKey = v.pipe(
  v.string(),
  v.regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8 to 64 letters, digits, "-" or "_"'),
);

export const BoardSlug = v.pipe(
  v.string(),
  v.regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be 1 to 64 letters, digits, ".", "-" or "_"'),
);

/** The address of a web page (http or https), such as the brand page a board is embedded in. */
export const PageUrl = v.pipe(
  v.string(),
  v.trim(),
  v.maxLength(LIMITS.pageUrlChars),
  v.check((value) => {
    try {
      return ['http:', 'https:'].includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, 'must be an http or https address'),
);

/** A site's public key, as it appears in the embed tag and in public addresses. */
export const SiteKey = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{4,64}$/, 'must be a site key'));

export const Token = v.pipe(v.string(), v.minLength(1), v.maxLength(LIMITS.tokenChars));

/** Rejects lone surrogates, NUL and other C0 controls (line breaks and tabs allowed in bodies). */
export const noControlChars = v.regex(
  /^(?:[^\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF]|[\uD800-\uDBFF][\uDC00-\uDFFF])*$/,
  'contains characters that are not allowed',
);

export const Title = v.pipe(
  v.string(),
  noControlChars,
  v.trim(),
  v.minLength(LIMITS.titleMinChars, `must be at least ${LIMITS.titleMinChars} characters`),
  v.maxLength(LIMITS.titleChars, `must be at most ${LIMITS.titleChars} characters`),
);

export const Body = v.pipe(
  v.string(),
  noControlChars,
  v.trim(),
  v.minLength(1, 'must not be empty'),
  v.maxLength(LIMITS.bodyChars, `must be at most ${LIMITS.bodyChars} characters`),
);

/**
 * A name shown next to posts. Invisible code points are refused outright: "Sam\u3164" would be
 * drawn exactly like "Sam", and direction controls make "\u202Enimda" read as "admin".
 */
export const DisplayName = v.pipe(
  v.string(),
  noControlChars,
  v.trim(),
  v.minLength(LIMITS.displayNameMinChars, `must be at least ${LIMITS.displayNameMinChars} characters`),
  v.maxLength(LIMITS.displayNameChars, `must be at most ${LIMITS.displayNameChars} characters`),
  v.check((name) => !hasInvisibleChars(name), 'must not contain invisible characters'),
  v.check(hasVisibleText, 'must contain visible letters'),
);

/** Why a member reports a post, or why staff took an action. */
export const Reason = v.pipe(
  v.string(),
  noControlChars,
  v.trim(),
  v.minLength(1, 'must not be empty'),
  v.maxLength(LIMITS.reasonChars, `must be at most ${LIMITS.reasonChars} characters`),
);

/** The base of request and write messages: a request id, plus an idempotency key for writes. */
export const requestFields = { id: RequestId };
export const writeFields = { id: RequestId, key: IdempotencyKey };
