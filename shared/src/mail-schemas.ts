/**
 * Messages and results for following threads (Notify me, "I have this question too", email by
 * double opt-in) and for the bell of unread answers and replies in a member's threads.
 */
import * as v from 'valibot';
import { EntityId, IdempotencyKey, RequestId } from './fields.js';

/** Longest email address accepted (RFC 5321's path limit). */
export const EMAIL_MAX_CHARS = 254;

/** An email address as a person types it: trimmed, one `@`, no spaces. */
export const EmailAddress = v.pipe(
  v.string(),
  v.trim(),
  v.maxLength(EMAIL_MAX_CHARS),
  v.email('must be an email address'),
);

/**
 * Follows a thread: Notify me, or "I have this question too" on a question. A guest gives an
 * email address to be told by email; nothing is sent to it before its owner confirms it.
 */
export const ThreadFollowMessage = v.strictObject({
  type: v.literal('thread.follow'),
  id: RequestId,
  key: IdempotencyKey,
  threadId: EntityId,
  email: v.optional(EmailAddress),
});

/** Stops following a thread (no more emails, no more bell news about it). */
export const ThreadUnfollowMessage = v.strictObject({
  type: v.literal('thread.unfollow'),
  id: RequestId,
  key: IdempotencyKey,
  threadId: EntityId,
});

/** The signed-in member's followed threads with unread answers and replies on this site. */
export const NoticesListMessage = v.strictObject({
  type: v.literal('notices.list'),
  id: RequestId,
});

/**
 * A guest with a confirmed address asks for a magic sign-in link by email, to become a member
 * of the site and keep their posts, votes and follows. The link opens `threadId` (else the
 * thread they followed last).
 */
export const SignInLinkMessage = v.strictObject({
  type: v.literal('member.sign_in_link'),
  id: RequestId,
  threadId: v.optional(EntityId),
});

export const MAIL_MESSAGES = [
  ThreadFollowMessage,
  ThreadUnfollowMessage,
  NoticesListMessage,
  SignInLinkMessage,
] as const;

/** Whether email about followed threads reaches the member: confirmed, waiting for confirmation, or no address. */
export type EmailState = 'confirmed' | 'pending' | 'none';

/** A followed thread with news the member has not seen. */
export interface UnreadThreadView {
  threadId: string;
  board: string;
  title: string;
  /** Answers and replies by others since the member last opened the thread. */
  unread: number;
}

/** The member's state on a thread after following or unfollowing it. */
export interface FollowState {
  threadId: string;
  following: boolean;
  /** People waiting for an answer (the thread's `waiting`). */
  waiting: number;
  email: EmailState;
}

export interface MailResultMap {
  'thread.follow': FollowState;
  'thread.unfollow': FollowState;
  'notices.list': { threads: UnreadThreadView[] };
  'member.sign_in_link': { sent: true };
}

/** Pushed to a signed-in member's sockets when their unread news changes. */
export interface NoticesMessage {
  type: 'notices';
  threads: UnreadThreadView[];
}

/**
 * A delivery problem reported by the mail provider (or an operator's script) to
 * `POST /mail/events`: a hard bounce or a spam complaint stops all mail to the address.
 */
export const MailEventBody = v.strictObject({
  type: v.picklist(['hard_bounce', 'complaint']),
  address: EmailAddress,
  /** The provider's words (a DSN status, a feedback-loop id), kept for operators. */
  detail: v.optional(v.pipe(v.string(), v.maxLength(500))),
});
export type MailEvent = v.InferOutput<typeof MailEventBody>;
