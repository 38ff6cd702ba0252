/**
 * Two-factor sign-in for staff accounts: TOTP codes from an authenticator app (RFC 6238 through
 * `otpauth`, the settings every app understands: SHA-1, 6 digits, 30 s), and single-use recovery
 * codes for a lost phone. Only hashes of the recovery codes are kept.
 */
import { createHash, randomInt } from 'node:crypto';
import type { StaffTwoFactorEnabledView, StaffTwoFactorSetupView } from '@booth/shared';
import { Secret, TOTP } from 'otpauth';
import type { MemberRow, SiteRow } from '../db/database.js';
import type { Executor } from '../db/executor.js';
import { findMember } from '../db/members.queries.js';
import {
  claimTotpStep,
  disableTotp,
  enableTotp,
  findSignInStates,
  replaceRecoveryCodes,
  setPendingSecret,
  useRecoveryCode,
} from '../db/staff-sign-in.queries.js';
import { DomainError } from './domain-error.js';
import { verifyPassword } from './passwords.js';

/** Recovery codes handed out when two-factor is turned on. */
export const RECOVERY_CODES = 10;
/** Codes of the step before and after the current one are taken too, for clocks a little apart. */
const WINDOW = 1;
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

function totp(secret: string, label = 'staff', issuer = 'Booth'): TOTP {
  return new TOTP({ issuer, label, algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) });
}

/** The authenticator code of `secret` at `now` (what the app shows then). */
export function totpCode(secret: string, now: Date): string {
  return totp(secret).generate({ timestamp: now.getTime() });
}

/** The time step a six-digit code belongs to at `now`, or null when it is not valid around then. */
export function totpStep(secret: string, code: string, now: Date): number | null {
  const t = totp(secret);
  const delta = t.validate({ token: code, timestamp: now.getTime(), window: WINDOW });
  return delta === null ? null : t.counter({ timestamp: now.getTime() }) + delta;
}

export function hashRecoveryCode(code: string): string {
  return createHash('sha256').update(code.toLowerCase()).digest('hex');
}

/** Random recovery codes such as `k7p2-x9qd-m4tw` (about 70 bits each), without look-alike characters. */
export function newRecoveryCodes(count = RECOVERY_CODES): string[] {
  const group = () => Array.from({ length: 4 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join('');
  return Array.from({ length: count }, () => `${group()}-${group()}-${group()}`);
}

/** Whether the account signs in with a second factor. */
export async function hasTwoFactor(db: Executor, memberId: string): Promise<boolean> {
  return (await findSignInStates(db, [memberId])).get(memberId)?.totp_secret != null;
}

/**
 * Checks a second factor: an authenticator code (each time step is accepted once) or an unused
 * recovery code (used up by this). False when it is neither.
 */
export async function verifySecondFactor(
  db: Executor,
  memberId: string,
  secret: string,
  code: string,
  now: Date,
): Promise<boolean> {
  if (/^\d{6}$/.test(code)) {
    const step = totpStep(secret, code, now);
    return step !== null && (await claimTotpStep(db, memberId, step));
  }
  return useRecoveryCode(db, memberId, hashRecoveryCode(code), now);
}

/** Starts enrolment: a new secret for the authenticator app, which counts only once a code confirms it. */
export async function startTwoFactor(db: Executor, member: MemberRow, site: SiteRow): Promise<StaffTwoFactorSetupView> {
  if (await hasTwoFactor(db, member.id)) throw new DomainError('conflict', { key: 'refusal.twoFactorOn' });
  const secret = new Secret({ size: 20 }).base32;
  await setPendingSecret(db, member.id, secret);
  const uri = totp(secret, member.email ?? member.name, `Booth ${site.name}`).toString();
  return { secret, uri };
}

/** Confirms enrolment with the app's first code; returns the recovery codes, shown this once. */
export async function confirmTwoFactor(
  db: Executor,
  member: MemberRow,
  code: string,
  now: Date,
): Promise<StaffTwoFactorEnabledView> {
  const state = (await findSignInStates(db, [member.id])).get(member.id);
  if (state?.totp_secret) throw new DomainError('conflict', { key: 'refusal.twoFactorOn' });
  const secret = state?.totp_pending_secret;
  if (!secret) throw new DomainError('conflict', { key: 'refusal.twoFactorStartFirst' });
  const step = totpStep(secret, code, now);
  if (step === null) {
    throw new DomainError('invalid_credentials', { key: 'refusal.twoFactorCodeWrong' });
  }
  const recoveryCodes = newRecoveryCodes();
  await enableTotp(db, member.id, secret, step, now);
  await replaceRecoveryCodes(db, member.id, recoveryCodes.map(hashRecoveryCode));
  return { recoveryCodes };
}

/** Turns two-factor off; needs the password and a current code (or a recovery code). */
export async function turnOffTwoFactor(
  db: Executor,
  member: MemberRow,
  input: { password: string; code: string },
  now: Date,
): Promise<void> {
  const state = (await findSignInStates(db, [member.id])).get(member.id);
  const account = await findMember(db, member.id);
  if (!state?.totp_secret) throw new DomainError('conflict', { key: 'refusal.twoFactorOff' });
  const passwordOk = account?.password_hash ? await verifyPassword(account.password_hash, input.password) : false;
  if (!passwordOk || !(await verifySecondFactor(db, member.id, state.totp_secret, input.code, now))) {
    throw new DomainError('invalid_credentials', { key: 'refusal.passwordOrCodeWrong' });
  }
  await disableTotp(db, member.id);
}

/** Drops an account's second factor (the CLI's way back in for someone who lost phone and codes). */
export async function resetTwoFactor(db: Executor, memberId: string): Promise<void> {
  await disableTotp(db, memberId);
}
