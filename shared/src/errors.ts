import type { ErrorCode } from './error-codes.js';

/**
 * Error codes sent to widgets, the moderation view and HTTP clients.
 * Each code has a stable meaning; the message that travels with it is for people.
 */
export const ERROR_CODES = {
  /** The frame or body was not valid JSON. */
  bad_json: 'The message is not valid JSON.',
  /** The message failed schema validation; the message names the field. */
  invalid_message: 'The message is not valid.',
  /** The message type is unknown. */
  unknown_type: 'Unknown message type.',
  /** The frame or body is larger than allowed. */
  too_large: 'The message is too large.',
  /** The request needs a signed-in member or guest identity. */
  auth_required: 'Sign in or choose a display name first.',
  /** Staff sign-in: the email and password do not match an account (which of the two is not said). */
  invalid_credentials: 'The email or password is not right.',
  /** Staff sign-in: too many failed attempts locked the account for a while; an owner can unlock it. */
  account_locked:
    'This account is locked after too many failed sign-ins. Try again later, or ask an owner to unlock it.',
  /** Staff sign-in: the password was right; the account also needs its authenticator code. */
  two_factor_required: 'Enter the code from your authenticator app.',
  /** Staff sign-in: the session has ended (expired or signed out). */
  session_expired: 'Your session has expired. Please sign in again.',
  /** A state-changing request without the session's CSRF token, or from another origin. */
  csrf_failed: 'This request could not be verified. Reload the page and try again.',
  /** The SSO or guest token could not be verified. */
  invalid_token: 'Your sign-in could not be verified.',
  /** The site does not allow guests to post. */
  guests_not_allowed: 'This site only allows signed-in members to post.',
  /** The member may not do this. */
  forbidden: 'You are not allowed to do that.',
  /** The member is banned from writing on this site. */
  banned: 'You are banned from posting on this site.',
  /** The board, thread or post does not exist (or is not visible). */
  not_found: 'Not found.',
  /** The origin of the page is not allowed for this site. */
  origin_not_allowed: 'This page is not allowed to use this board.',
  /** The site key is unknown. */
  unknown_site: 'Unknown site.',
  /** The thread is locked; no more replies. */
  thread_locked: 'This thread is locked.',
  /** The request is not allowed in the current state (e.g. accepting in a discussion). */
  conflict: 'That cannot be done right now.',
  /**
   * A title or post that would show nothing: only invisible characters, spaces or lone accents,
   * or markdown that renders blank (a rule `---` alone, an image not uploaded to Booth, which posts
   * do not show).
   */
  no_visible_content: 'This would show up blank. Write something people can see.',
  /** The same text was posted moments ago (by this member, or by another on this site). */
  duplicate: 'You already posted this. Edit your earlier post instead of posting it again.',
  /** An upload whose bytes are not a JPEG, PNG, WebP or GIF image (whatever its name or type says). */
  not_an_image: 'This file is not an image Booth can show. Use a JPEG, PNG, WebP or GIF picture.',
  /** An upload larger than the byte limit. */
  image_too_large: 'This picture is too large. Use a file of at most 10 MB.',
  /** An upload whose dimensions are larger than the pixel limit (50 million pixels). */
  image_too_many_pixels: 'This picture has too many pixels. Use one of at most 50 megapixels.',
  /** The site has used up its storage for pictures. */
  image_quota_exceeded: 'This site has no room for more pictures right now.',
  /** Too many requests; retry after `retryAfterMs`. */
  rate_limited: 'You are doing that too often. Please wait a moment.',
  /** The subscription is needed before this request. */
  not_subscribed: 'Subscribe to the board first.',
  /** The server is shutting down or overloaded; reconnect. */
  unavailable: 'The server is unavailable. Reconnecting…',
  /** Something went wrong on the server; details are in the server log. */
  internal: 'Something went wrong. Please try again.',
} as const satisfies Record<ErrorCode, string>;
