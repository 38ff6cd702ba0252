import { IMAGE_LIMITS } from '@booth/shared';
import { type MemberTokenKind, signMemberToken, verifyMemberToken } from '../member-tokens.js';

const IMAGE_TICKET: MemberTokenKind = {
  prefix: 'u1',
  purpose: 'image-upload',
  expiredMessage: { key: 'refusal.uploadExpired' },
};

/**
 * A ticket that lets the member upload images to the site over HTTP until it expires. It is
 * handed out over the member's socket, so the upload is done as the same actor that posts,
 * whatever their sign-in (guest token, SSO, session); the upload re-reads the member, so a ban
 * since then refuses it.
 */
export function signImageTicket(
  secret: string,
  siteId: string,
  memberId: string,
  now: Date,
): { ticket: string; expiresAt: Date } {
  const expires = Math.floor(now.getTime() / 1000) + IMAGE_LIMITS.ticketSeconds;
  return {
    ticket: signMemberToken(secret, IMAGE_TICKET, siteId, memberId, expires),
    expiresAt: new Date(expires * 1000),
  };
}

/** The member id of a genuine, unexpired ticket for this site; `invalid_token` otherwise. */
export function verifyImageTicket(secret: string, siteId: string, ticket: string, now: Date): string {
  return verifyMemberToken(secret, IMAGE_TICKET, siteId, ticket, now);
}
