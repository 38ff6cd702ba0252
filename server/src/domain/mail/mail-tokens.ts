/**
 * Signed, purpose-bound, expiring tokens for links and addresses in email. A token names a
 * member, a purpose and one subject (a thread, or the nonce of an address awaiting
 * confirmation), never an email address. It is short and case-insensitive (lower-case
 * base32), so it fits the local part of a reply address (64 characters) as well as a URL, and
 * survives mail systems that fold case.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a token lets its bearer do; each purpose has its own lifetime. */
export const MAIL_PURPOSES = ['open', 'unfollow', 'unfollow_all', 'confirm', 'magic', 'reply', 'account'] as const;
export type MailPurpose = (typeof MAIL_PURPOSES)[number];

/** Default lifetime of each purpose, in seconds. */
export const MAIL_TOKEN_TTL: Record<MailPurpose, number> = {
  /** Opens a thread (and clears its unread mark). */
  open: 90 * 86_400,
  /** Unsubscribe links must keep working long after the email (RFC 8058 asks for it). */
  unfollow: 365 * 86_400,
  unfollow_all: 365 * 86_400,
  confirm: 2 * 86_400,
  magic: 15 * 60,
  /** Reply-by-email addresses: people answer old emails too. */
  reply: 90 * 86_400,
  /** Downloads the person's data or deletes their account, from any email they got. */
  account: 90 * 86_400,
};

const VERSION = 1;
const MAC_BYTES = 10;
const BODY_BYTES = 1 + 1 + 8 + 8 + 4;
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
/** Length of every token: 32 bytes in base32. */
export const MAIL_TOKEN_LENGTH = Math.ceil(((BODY_BYTES + MAC_BYTES) * 8) / 5);

export interface MailTokenClaims {
  purpose: MailPurpose;
  memberId: string;
  /** The thread, the confirmation nonce, or '0' when the purpose needs none. */
  subjectId: string;
}

export interface SignMailTokenOptions extends Omit<MailTokenClaims, 'subjectId'> {
  subjectId?: string;
  /** The server's clock (the app's injected `now`). */
  now: Date;
  /** Lifetime in seconds; default MAIL_TOKEN_TTL[purpose]. */
  ttlSeconds?: number;
}

export type MailTokenCheck =
  | ({ ok: true; expiresAt: Date } & MailTokenClaims)
  | { ok: false; reason: 'malformed' | 'forged' | 'wrong_purpose' }
  /** Genuine and for this purpose, but too old: its claims may only be read, never acted on. */
  | ({ ok: false; reason: 'expired'; expiresAt: Date } & MailTokenClaims);

function base32(bytes: Buffer): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(value << (5 - bits)) & 31];
  return out;
}

function unbase32(text: string): Buffer | null {
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of text) {
    const index = ALPHABET.indexOf(char);
    if (index < 0) return null;
    value = ((value << 5) | index) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 255);
      bits -= 8;
    }
  }
  return Buffer.from(bytes);
}

function mac(secret: string, body: Buffer): Buffer {
  return createHmac('sha256', secret).update('booth-mail-token').update(body).digest().subarray(0, MAC_BYTES);
}

/**
 * Signs a token with the server's mail secret.
 *
 * @example signMailToken(secret, { purpose: 'unfollow', memberId: '7', subjectId: '42', now: services.now() })
 */
export function signMailToken(secret: string, options: SignMailTokenOptions): string {
  const body = Buffer.alloc(BODY_BYTES);
  body.writeUInt8(VERSION, 0);
  body.writeUInt8(MAIL_PURPOSES.indexOf(options.purpose), 1);
  body.writeBigUInt64BE(BigInt(options.memberId), 2);
  body.writeBigUInt64BE(BigInt(options.subjectId ?? '0'), 10);
  const ttl = options.ttlSeconds ?? MAIL_TOKEN_TTL[options.purpose];
  body.writeUInt32BE(Math.floor(options.now.getTime() / 1000) + ttl, 18);
  return base32(Buffer.concat([body, mac(secret, body)]));
}

/** Checks a token for one purpose at `now`; says why it is refused (forged, expired…). */
export function checkMailToken(secret: string, token: string, purpose: MailPurpose, now: Date): MailTokenCheck {
  const text = token.trim().toLowerCase();
  if (text.length !== MAIL_TOKEN_LENGTH) return { ok: false, reason: 'malformed' };
  const bytes = unbase32(text);
  if (!bytes || bytes.length !== BODY_BYTES + MAC_BYTES) return { ok: false, reason: 'malformed' };
  const body = bytes.subarray(0, BODY_BYTES);
  if (!timingSafeEqual(mac(secret, body), bytes.subarray(BODY_BYTES))) return { ok: false, reason: 'forged' };
  if (body.readUInt8(0) !== VERSION) return { ok: false, reason: 'malformed' };
  const signedPurpose = MAIL_PURPOSES[body.readUInt8(1)];
  if (signedPurpose !== purpose) return { ok: false, reason: 'wrong_purpose' };
  const expiresAt = new Date(body.readUInt32BE(18) * 1000);
  const claims = {
    purpose,
    memberId: body.readBigUInt64BE(2).toString(),
    subjectId: body.readBigUInt64BE(10).toString(),
    expiresAt,
  };
  if (expiresAt.getTime() <= now.getTime()) return { ok: false, reason: 'expired', ...claims };
  return { ok: true, ...claims };
}
