/**
 * Reply-by-email addresses: `reply+TOKEN@REPLY_DOMAIN`, where the token is a mail token of
 * purpose `reply` naming one member and one thread. The address is the only credential of an
 * emailed reply, so it is signed, expires, and is refused when anything about it is off.
 */
import { checkMailToken, type MailTokenCheck, signMailToken } from './mail-tokens.js';

const LOCAL_PREFIX = 'reply+';

/**
 * The address a member replies to for a thread.
 *
 * @example replyAddress(secret, 'reply.booth.example', '7', '42', services.now()) // 'reply+k3…@reply.booth.example'
 */
export function replyAddress(secret: string, domain: string, memberId: string, threadId: string, now: Date): string {
  const token = signMailToken(secret, { purpose: 'reply', memberId, subjectId: threadId, now });
  return `${LOCAL_PREFIX}${token}@${domain}`;
}

/**
 * What a recipient address says: a checked reply token, or `unknown` when it is not a reply
 * address of `domain` at all. Domains and the token compare without case, as mail systems may fold it.
 */
export function readReplyAddress(
  secret: string,
  domain: string,
  address: string,
  now: Date,
): MailTokenCheck | { ok: false; reason: 'unknown' } {
  const at = address.lastIndexOf('@');
  if (at < 0) return { ok: false, reason: 'unknown' };
  const local = address.slice(0, at).toLowerCase();
  if (address.slice(at + 1).toLowerCase() !== domain.toLowerCase() || !local.startsWith(LOCAL_PREFIX)) {
    return { ok: false, reason: 'unknown' };
  }
  return checkMailToken(secret, local.slice(LOCAL_PREFIX.length), 'reply', now);
}
