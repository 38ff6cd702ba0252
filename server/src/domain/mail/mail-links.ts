/**
 * Addresses of the links in emails. Each carries a token signed for one purpose, so a link
 * does one thing for one person, without signing in, until it expires.
 */
import { type ThreadView, threadLinkOnPage } from '@booth/shared';
import { threadPageUrl } from '../thread-links.js';
import { type MailPurpose, signMailToken } from './mail-tokens.js';

/** Paths of the email link routes, by purpose. */
export const MAIL_LINK_PATHS = {
  open: '/mail/open',
  unfollow: '/mail/unsubscribe',
  unfollow_all: '/mail/unsubscribe-all',
  confirm: '/mail/confirm',
  account: '/mail/account',
  magic: '/mail/sign-in',
} as const satisfies Partial<Record<MailPurpose, string>>;

export class MailLinkMaker {
  constructor(
    private readonly publicUrl: string,
    private readonly secret: string,
    private readonly now: () => Date,
  ) {}

  /** A link for `purpose`, naming the member and the thread (or nonce). */
  link(purpose: keyof typeof MAIL_LINK_PATHS, memberId: string, subjectId: string): string {
    const token = signMailToken(this.secret, { purpose, memberId, subjectId, now: this.now() });
    return `${this.publicUrl}${MAIL_LINK_PATHS[purpose]}/${token}`;
  }
}

/**
 * Where a thread lives for people: its address on the brand page (`brandLinksOf`), with the
 * parameters that make the widget open the thread, or this server's page of the thread when the
 * brand page is not known.
 */
export function threadDeepLink(
  publicUrl: string,
  onBrand: string | null,
  siteKey: string,
  thread: Pick<ThreadView, 'id' | 'board' | 'title'>,
): string {
  if (!onBrand) return threadPageUrl(publicUrl, siteKey, thread.id, thread.title);
  return onBrand.includes('#') ? onBrand : threadLinkOnPage(onBrand, thread.id);
}
