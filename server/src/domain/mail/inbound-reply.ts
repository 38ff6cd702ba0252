/**
 * Replies by email: a reply address names a member and a thread (see reply-address.ts), and
 * the new text of the email becomes that member's reply in that thread through `createReply`,
 * the use case of a reply from the widget, after the same rate limits: the spam policy,
 * pre-moderation, bans and locked threads apply exactly as they do there. Every refusal is an
 * SMTP reply code, and nothing is stored.
 */
import { createHash } from 'node:crypto';
import { Body, type PostView } from '@booth/shared';
import type { ParsedMail } from 'mailparser';
import * as v from 'valibot';
import { findSiteAndMember } from '../../db/actor.queries.js';
import { addressOfMember } from '../../db/member-data.queries.js';
import { findMember } from '../../db/members.queries.js';
import { findThreadSite } from '../../db/threads.queries.js';
import type { RequestLimits } from '../../limits/request-limits.js';
import { DomainError } from '../domain-error.js';
import { createReply } from '../posts.js';
import type { Services } from '../services.js';
import { readReplyAddress } from './reply-address.js';
import { visibleReplyText } from './reply-text.js';

/** A refusal as an SMTP reply: the code, and the enhanced status code that starts the text (RFC 3463). */
export class SmtpRefusal extends Error {
  override name = 'SmtpRefusal';
  constructor(
    readonly responseCode: number,
    enhancedStatus: string,
    text: string,
  ) {
    super(`${enhancedStatus} ${text}`);
  }
}

const unknownRecipient = () => new SmtpRefusal(550, '5.1.1', 'No such recipient here.');

export interface InboundReplyDeps {
  services: Services;
  limits: RequestLimits;
  /** Secret of the mail tokens. */
  secret: string;
  /** Domain of the reply addresses. */
  domain: string;
}

/** Who replies to which thread. */
export interface ReplyTarget {
  siteId: string;
  memberId: string;
  threadId: string;
}

/** Checks a recipient (RCPT TO) and returns what it names; throws an SmtpRefusal otherwise. */
export async function replyTarget(deps: InboundReplyDeps, address: string): Promise<ReplyTarget> {
  const { services } = deps;
  const check = readReplyAddress(deps.secret, deps.domain, address, services.now());
  if (!check.ok) {
    if (check.reason === 'expired') {
      throw new SmtpRefusal(550, '5.1.1', 'This reply address has expired; please reply on the page.');
    }
    throw unknownRecipient();
  }
  const member = await findMember(services.db, check.memberId);
  if (!member || member.erased_at !== null) throw unknownRecipient();
  const thread = await findThreadSite(services.db, check.subjectId);
  if (!thread || thread.site_id !== member.site_id) throw unknownRecipient();
  return { siteId: member.site_id, memberId: member.id, threadId: check.subjectId };
}

/** Vacation notices and other machine-sent mail (RFC 3834), which must never become posts. */
function isAutomatic(mail: ParsedMail): boolean {
  const auto = mail.headers.get('auto-submitted');
  if (typeof auto === 'string' && auto.trim().toLowerCase() !== 'no') return true;
  const precedence = mail.headers.get('precedence');
  return typeof precedence === 'string' && /^(bulk|junk|list|auto_reply)$/i.test(precedence.trim());
}

/** The SMTP reply for a use case's refusal. */
function refusalOf(error: DomainError): SmtpRefusal {
  switch (error.code) {
    case 'rate_limited':
      return new SmtpRefusal(451, '4.7.1', error.message);
    case 'not_found':
    case 'unknown_site':
      return unknownRecipient();
    case 'invalid_message':
    case 'no_visible_content':
      return new SmtpRefusal(554, '5.6.0', error.message);
    case 'unavailable':
    case 'internal':
      return new SmtpRefusal(451, '4.3.0', 'Please try again later.');
    default:
      // Banned, locked thread, guests no longer allowed, duplicate text: the policy says no.
      return new SmtpRefusal(550, '5.7.1', error.message);
  }
}

/**
 * Posts the reply `mail` carries for `target`, as the widget would. Returns the post (visible,
 * or pending when the policy holds it), or null for machine-sent mail, which is dropped.
 * `ip` is the sending mail server's address, which per-network limits count by.
 */
export async function postEmailReply(
  deps: InboundReplyDeps,
  target: ReplyTarget,
  mail: ParsedMail,
  raw: Buffer,
  ip: string,
): Promise<PostView | null> {
  const { services } = deps;
  if (isAutomatic(mail)) return null;
  const from = mail.from?.value[0]?.address;
  if (!from) throw new SmtpRefusal(554, '5.6.0', 'The message has no sender.');
  // A member who gave an address replies from it; a forwarded email cannot post in their name.
  const known = await addressOfMember(services.db, target.memberId);
  if (known && known.address.toLowerCase() !== from.toLowerCase()) {
    throw new SmtpRefusal(550, '5.7.1', 'This reply address belongs to another sender.');
  }
  const text = visibleReplyText(mail.text ?? '');
  if (!text) throw new SmtpRefusal(554, '5.6.0', 'No reply text was found above the quoted email.');
  const body = v.safeParse(Body, text);
  if (!body.success) {
    const tooLong = body.issues.some((i) => i.type === 'max_length');
    throw tooLong
      ? new SmtpRefusal(552, '5.3.4', 'The reply is longer than a post may be.')
      : new SmtpRefusal(554, '5.6.0', 'The reply text cannot be posted.');
  }
  const { site, member } = await findSiteAndMember(services.db, target.siteId, target.memberId);
  if (!site || !member) throw unknownRecipient();
  // The same email delivered twice (a mail server retrying after a lost answer) posts once.
  const key = createHash('sha256')
    .update(`${target.memberId}:${target.threadId}:`)
    .update(mail.messageId ?? raw)
    .digest('base64url')
    .slice(0, 40);
  try {
    await deps.limits.check({ siteId: site.id, ip, member }, { type: 'post.create' });
    const { post } = await createReply(
      services,
      { site, member },
      { type: 'post.create', id: 'email', key, threadId: target.threadId, body: body.output },
    );
    return post;
  } catch (error) {
    if (error instanceof DomainError) throw refusalOf(error);
    throw error;
  }
}
