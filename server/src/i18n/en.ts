/**
 * The server's words in English, the source of every key: the server-rendered thread pages and
 * the messages that travel with error codes (clients branch on the code; people read the message).
 */
const en = {
  'page.title': '{title} – {site}',
  'page.boardFeedTitle': '{site}: {board}',
  'page.acceptedAnswer': 'Accepted answer',
  'page.role.staff': 'staff',
  'page.role.owner': 'owner',
  'page.answers': { one: '{count} answer', other: '{count} answers' },
  'page.replies': { one: '{count} reply', other: '{count} replies' },
  'page.followWithoutAccount': 'Follow without an account:',
  'page.threadFeed': "this thread's feed",
  'page.boardFeed': "the board's feed",
  'page.joinConversation': 'Join the conversation on {site}',
  'feed.question': 'Question: {title}',
  'feed.discussion': 'Discussion: {title}',
  'feed.acceptedAnswer': '{name} (staff) gave the accepted answer to {title}',
  'feed.staffAnswered': '{name} (staff) answered {title}',
  'feed.staffReplied': '{name} (staff) replied to {title}',
  'feed.replied': '{name} replied to {title}',

  'error.bad_json': 'The message is not valid JSON.',
  'error.invalid_message': 'The message is not valid.',
  'error.invalid_field': 'The message is not valid: check {field}.',
  'error.unknown_type': 'Unknown message type.',
  'error.too_large': 'The message is too large.',
  'error.auth_required': 'Sign in or choose a display name first.',
  'error.invalid_credentials': 'The email or password is not right.',
  'error.account_locked':
    'This account is locked after too many failed sign-ins. Try again later, or ask an owner to unlock it.',
  'error.two_factor_required': 'Enter the code from your authenticator app.',
  'error.session_expired': 'Your session has expired. Please sign in again.',
  'error.csrf_failed': 'This request could not be verified. Reload the page and try again.',
  'error.invalid_token': 'Your sign-in could not be verified.',
  'error.guests_not_allowed': 'This site only allows signed-in members to post.',
  'error.forbidden': 'You are not allowed to do that.',
  'error.banned': 'You are banned from posting on this site.',
  'error.not_found': 'Not found.',
  'error.origin_not_allowed': 'This page is not allowed to use this board.',
  'error.unknown_site': 'Unknown site.',
  'error.thread_locked': 'This thread is locked.',
  'error.conflict': 'That cannot be done right now.',
  'error.not_an_image': 'This file is not an image Booth can show. Use a JPEG, PNG, WebP or GIF picture.',
  'error.image_too_large': 'This picture is too large. Use a file of at most 10 MB.',
  'error.image_too_many_pixels': 'This picture has too many pixels. Use one of at most 50 megapixels.',
  'error.image_quota_exceeded': 'This site has no room for more pictures right now.',
  'error.no_visible_content': 'This would show up blank. Write something people can see.',
  'error.duplicate': 'You already posted this. Edit your earlier post instead of posting it again.',
  'error.rate_limited': 'You are doing that too often. Please wait a moment.',
  'error.not_subscribed': 'Subscribe to the board first.',
  'error.unavailable': 'The server is unavailable. Reconnecting…',
  'error.internal': 'Something went wrong. Please try again.',
} as const;

export default en;
export type ServerMessageKey = keyof typeof en;
