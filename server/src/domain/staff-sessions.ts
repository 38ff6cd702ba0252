/**
 * Staff sign-in sessions. The cookie holds a random token; the database keeps only its SHA-256,
 * the member, the CSRF token and the end time, so every node can check any session.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, MemberRow, SiteRow, StaffSessionRow } from '../db/database.js';
import { findMember } from '../db/members.queries.js';
import { findSiteById, findSiteByKey } from '../db/sites.queries.js';
import { findPasswordAccounts } from '../db/staff-members.queries.js';
import {
  deleteStaffSession,
  extendStaffSession,
  findStaffSession,
  insertStaffSession,
} from '../db/staff-sessions.queries.js';
import { clearFailures, findSignInStates, recordFailure } from '../db/staff-sign-in.queries.js';
import { isStaff } from './authorization.js';
import { DomainError } from './domain-error.js';
import { verifyDecoy, verifyPassword } from './passwords.js';
import { verifySecondFactor } from './staff-two-factor.js';

/** A session ends this long after its last use. */
export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;

export interface StaffSession {
  /** The SHA-256 of the token; the key of the session row. */
  id: string;
  member: MemberRow;
  site: SiteRow;
  csrfToken: string;
  expiresAt: Date;
}

export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Starts a session for a staff member; returns the token for the cookie. */
export async function startStaffSession(
  db: Kysely<Database>,
  member: MemberRow,
  site: SiteRow,
  now: Date,
): Promise<{ token: string; session: StaffSession }> {
  const token = randomBytes(32).toString('base64url');
  const id = hashSessionToken(token);
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(now.getTime() + SESSION_IDLE_MS);
  await insertStaffSession(db, { id, memberId: member.id, siteId: site.id, csrfToken, now, expiresAt });
  return { token, session: { id, member, site, csrfToken, expiresAt } };
}

/** Throws unless the member may still act as staff of the site at `now`. */
export function assertStillStaff(member: MemberRow | undefined, row: Pick<StaffSessionRow, 'site_id'>, now: Date) {
  if (!member || member.site_id !== row.site_id || !isStaff(member)) {
    throw new DomainError('forbidden', { key: 'refusal.staffAccessRemoved' });
  }
  if (member.banned_until !== null && member.banned_until > now) {
    throw new DomainError('banned', { key: 'refusal.bannedHere' });
  }
}

/**
 * Finds the live session behind a cookie token. Expired and ended sessions throw
 * `session_expired`; a session whose member lost the staff role throws `forbidden`.
 * A session used in the second half of its life is extended.
 */
export async function resolveStaffSession(db: Kysely<Database>, token: string, now: Date): Promise<StaffSession> {
  const id = hashSessionToken(token);
  const row = await findStaffSession(db, id);
  if (!row) throw new DomainError('session_expired');
  if (row.expires_at <= now) {
    await deleteStaffSession(db, id);
    throw new DomainError('session_expired');
  }
  const member = await findMember(db, row.member_id);
  assertStillStaff(member, row, now);
  const site = await findSiteById(db, row.site_id);
  if (!site || !member) throw new DomainError('session_expired');
  let expiresAt = row.expires_at;
  if (expiresAt.getTime() - now.getTime() < SESSION_IDLE_MS / 2) {
    expiresAt = new Date(now.getTime() + SESSION_IDLE_MS);
    await extendStaffSession(db, id, expiresAt);
  }
  return { id, member, site, csrfToken: row.csrf_token, expiresAt };
}

export async function endStaffSession(db: Kysely<Database>, token: string): Promise<void> {
  await deleteStaffSession(db, hashSessionToken(token));
}

/** Constant-time comparison of the CSRF header with the session's token. */
export function csrfMatches(session: Pick<StaffSession, 'csrfToken'>, given: string | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(session.csrfToken);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** When failed sign-ins lock an account, and for how long. */
export interface LockoutPolicy {
  /** Failed attempts in a row (wrong password or code) that lock the account. Default 10. */
  failures: number;
  /** How long a lockout lasts, in ms, unless an owner lifts it. Default 30 minutes. */
  lockMs: number;
}

export const DEFAULT_LOCKOUT: LockoutPolicy = { failures: 10, lockMs: 30 * 60_000 };

/**
 * Checks an email, password and (for accounts with two-factor on) code. Unknown email and wrong
 * password get the same answer, after the same work, so the form does not reveal which staff
 * emails exist. Every wrong password or code counts against the account, whatever network it
 * comes from; a locked account is refused without looking at the password, so guessing on
 * during a lockout learns nothing.
 */
export async function checkCredentials(
  db: Kysely<Database>,
  input: { email: string; password: string; site?: string | undefined; code?: string | undefined },
  now: Date,
  lockout: LockoutPolicy = DEFAULT_LOCKOUT,
): Promise<{ member: MemberRow; site: SiteRow }> {
  let accounts = await findPasswordAccounts(db, input.email);
  if (input.site !== undefined) accounts = accounts.filter((a) => a.site_key === input.site);
  if (accounts.length === 0) {
    await verifyDecoy(input.password);
    throw new DomainError('invalid_credentials');
  }
  const states = await findSignInStates(
    db,
    accounts.map((a) => a.id),
  );
  const isLocked = (id: string) => {
    const until = states.get(id)?.locked_until;
    return until != null && until > now;
  };
  const open = accounts.filter((a) => !isLocked(a.id));
  const matching = [];
  for (const account of open) {
    if (account.password_hash && (await verifyPassword(account.password_hash, input.password))) {
      matching.push(account);
    }
  }
  const lockedUntil = new Date(now.getTime() + lockout.lockMs);
  if (matching.length === 0) {
    for (const account of open) await recordFailure(db, account.id, lockout.failures, lockedUntil);
    if (open.length < accounts.length) throw new DomainError('account_locked');
    throw new DomainError('invalid_credentials');
  }
  if (matching.length > 1) {
    throw new DomainError('conflict', {
      key: 'refusal.severalSites',
      params: { sites: matching.map((a) => a.site_key).join(', ') },
    });
  }
  const { site_key: siteKey, ...member } = matching[0] as (typeof matching)[number];
  const secret = states.get(member.id)?.totp_secret;
  if (secret) {
    if (input.code === undefined) throw new DomainError('two_factor_required');
    if (!(await verifySecondFactor(db, member.id, secret, input.code, now))) {
      const locked = await recordFailure(db, member.id, lockout.failures, lockedUntil);
      throw locked
        ? new DomainError('account_locked')
        : new DomainError('invalid_credentials', { key: 'refusal.codeWrong' });
    }
  }
  await clearFailures(db, member.id);
  const site = await findSiteByKey(db, siteKey);
  if (!site) throw new DomainError('invalid_credentials');
  return { member, site };
}
