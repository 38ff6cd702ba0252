/**
 * Staff and owner accounts that sign in with email and password: the CLI creates a site and its
 * owner, owners add and remove staff, and anyone signed in can change their own password.
 */
import { randomBytes } from 'node:crypto';
import type { ClientMessageOf, Language, StaffAccountView, StaffMemberView } from '@booth/shared';
import type { Kysely } from 'kysely';
import type { Database, MemberRow, SiteRow } from '../db/database.js';
import type { Executor } from '../db/executor.js';
import { findMember } from '../db/members.queries.js';
import { findSiteByKey, insertSite } from '../db/sites.queries.js';
import {
  countOwners,
  findMemberByEmail,
  insertPasswordAccount,
  listMembers,
  lockMember,
  updateMember,
} from '../db/staff-members.queries.js';
import { deleteMemberSessions, deleteOtherSessions } from '../db/staff-sessions.queries.js';
import { clearFailures, findSignInStates } from '../db/staff-sign-in.queries.js';
import { recordAction } from './audit.js';
import { DomainError } from './domain-error.js';
import { generatePassword, hashPassword, verifyPassword } from './passwords.js';
import type { Actor, Services } from './services.js';
import { assertOwner, assertStaff } from './staff-authorization.js';
import { toStaffMemberView } from './staff-mappers.js';
import { runWrite } from './write.js';

/** A new site key: 12 URL-safe characters. */
export function newSiteKey(): string {
  return randomBytes(9).toString('base64url');
}

export interface NewSiteWithOwner {
  name: string;
  origins: string[];
  ownerEmail: string;
  ownerName: string;
  /** The site's language; English when absent. */
  language?: Language | undefined;
  /** Generated when absent. */
  password?: string | undefined;
  key?: string | undefined;
}

/** Creates a site and its first owner; returns the password to hand over (shown once). */
export async function createSiteWithOwner(
  db: Kysely<Database>,
  input: NewSiteWithOwner,
): Promise<{ site: SiteRow; owner: MemberRow; password: string }> {
  const password = input.password ?? generatePassword();
  if (password.length < 12) throw new DomainError('invalid_message', { key: 'refusal.passwordShort' });
  const key = input.key ?? newSiteKey();
  if (await findSiteByKey(db, key)) throw new DomainError('conflict', { key: 'refusal.siteKeyTaken', params: { key } });
  const passwordHash = await hashPassword(password);
  return db.transaction().execute(async (tx) => {
    const site = await insertSite(tx, {
      publicKey: key,
      name: input.name,
      allowedOrigins: input.origins,
      ssoSecret: randomBytes(32).toString('base64url'),
      language: input.language,
    });
    const owner = await insertPasswordAccount(tx, {
      siteId: site.id,
      email: input.ownerEmail,
      name: input.ownerName,
      role: 'owner',
      passwordHash,
    });
    return { site, owner, password };
  });
}

/**
 * Gives a password account to an email on a site: a new member, or (for an existing member)
 * the role and a fresh password. Returns the password to hand over.
 */
export async function provisionAccount(
  db: Kysely<Database>,
  site: SiteRow,
  input: { email: string; name: string; role: 'staff' | 'owner'; password?: string | undefined },
): Promise<{ account: MemberRow; password: string }> {
  const password = input.password ?? generatePassword();
  if (password.length < 12) throw new DomainError('invalid_message', { key: 'refusal.passwordShort' });
  const passwordHash = await hashPassword(password);
  const existing = await findMemberByEmail(db, site.id, input.email);
  if (existing) {
    if (existing.password_hash !== null && existing.role !== 'customer') {
      throw new DomainError('conflict', { key: 'refusal.staffEmailTaken' });
    }
    const account = await updateMember(db, existing.id, { role: input.role, password_hash: passwordHash });
    return { account, password };
  }
  const account = await insertPasswordAccount(db, {
    siteId: site.id,
    email: input.email,
    name: input.name,
    role: input.role,
    passwordHash,
  });
  return { account, password };
}

/** Sets a new password for an account (CLI reset) and ends its sessions. */
export async function resetPassword(
  db: Kysely<Database>,
  site: SiteRow,
  email: string,
  password?: string,
): Promise<{ account: MemberRow; password: string }> {
  const next = password ?? generatePassword();
  if (next.length < 12) throw new DomainError('invalid_message', { key: 'refusal.passwordShort' });
  const member = await findMemberByEmail(db, site.id, email);
  if (!member || member.role === 'customer') throw new DomainError('not_found', { key: 'refusal.noStaffAccount' });
  const account = await updateMember(db, member.id, { password_hash: await hashPassword(next) });
  await deleteMemberSessions(db, member.id);
  await clearFailures(db, member.id);
  return { account, password: next };
}

/** A signed-in staff member changes their own password; other sessions of theirs end. */
export async function changeOwnPassword(
  db: Kysely<Database>,
  member: MemberRow,
  input: { current: string; next: string },
  keepSessionId: string,
): Promise<void> {
  const fresh = await findMember(db, member.id);
  if (!fresh?.password_hash || !(await verifyPassword(fresh.password_hash, input.current))) {
    throw new DomainError('invalid_credentials', { key: 'refusal.currentPasswordWrong' });
  }
  await updateMember(db, member.id, { password_hash: await hashPassword(input.next) });
  await deleteOtherSessions(db, member.id, keepSessionId);
}

/** Staff accounts as owners see them, with their lockouts and two-factor state. */
async function accountViews(db: Executor, rows: readonly MemberRow[], now: Date): Promise<StaffAccountView[]> {
  const states = await findSignInStates(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((row) => {
    const state = states.get(row.id);
    const until = state?.locked_until ?? null;
    return {
      ...toStaffMemberView(row, now),
      lockedUntil: until !== null && until > now ? until.toISOString() : null,
      twoFactor: state?.totp_secret != null,
    };
  });
}

/** Owners: the site's staff and owners. */
export async function listStaffAccounts(services: Services, actor: Actor): Promise<{ accounts: StaffAccountView[] }> {
  const now = services.now();
  assertOwner(actor.member, actor.site, now);
  const rows = await listMembers(services.db, actor.site.id, { filter: 'staff', now, limit: 500 });
  return { accounts: await accountViews(services.db, rows, now) };
}

/** Locks the row of a staff or owner account of the actor's site for a change; `not_found` otherwise. */
async function lockStaffTarget(tx: Executor, actor: Actor, memberId: string): Promise<MemberRow> {
  const target = await lockMember(tx, memberId);
  if (!target || target.site_id !== actor.site.id || target.role === 'customer') {
    throw new DomainError('not_found', { key: 'refusal.noStaffMember' });
  }
  return target;
}

/** Owners lift a sign-in lockout before it runs out (the person asked, or the guessing stopped). */
export async function unlockStaffAccount(
  services: Services,
  actor: Actor,
  msg: ClientMessageOf<'staff.account.unlock'>,
): Promise<{ account: StaffAccountView }> {
  const now = services.now();
  assertOwner(actor.member, actor.site, now);
  return runWrite(services, actor, msg, async (tx) => {
    const target = await lockStaffTarget(tx, actor, msg.memberId);
    await clearFailures(tx, target.id);
    await recordAction(tx, actor, now, {
      action: 'staff.unlock',
      target: { type: 'member', id: target.id, label: target.name },
    });
    const [account] = await accountViews(tx, [target], now);
    return { account: account as StaffAccountView };
  });
}

/** Owners add a staff member; the generated password is returned once and never stored in clear. */
export async function addStaffAccount(
  services: Services,
  actor: Actor,
  msg: ClientMessageOf<'staff.account.add'>,
): Promise<{ account: StaffMemberView; password: string }> {
  const now = services.now();
  assertOwner(actor.member, actor.site, now);
  const { account, password } = await provisionAccount(services.db, actor.site, msg);
  await recordAction(services.db, actor, now, {
    action: 'staff.add',
    target: { type: 'member', id: account.id, label: account.name },
    details: { email: account.email, role: account.role },
  });
  // An existing member who became staff is listed with the staff badge.
  services.listingChanged(actor.site.id);
  return { account: toStaffMemberView(account, now), password };
}

/** Owners remove a staff member: the role becomes customer, the password and sessions go. */
export async function removeStaffAccount(
  services: Services,
  actor: Actor,
  msg: ClientMessageOf<'staff.account.remove'>,
): Promise<{ memberId: string }> {
  const now = services.now();
  assertOwner(actor.member, actor.site, now);
  const removed = await runWrite(services, actor, msg, async (tx) => {
    const target = await lockStaffTarget(tx, actor, msg.memberId);
    if (target.id === actor.member.id) throw new DomainError('conflict', { key: 'refusal.removeSelf' });
    if (target.role === 'owner' && (await countOwners(tx, actor.site.id)) <= 1) {
      throw new DomainError('conflict', { key: 'refusal.lastOwner' });
    }
    await updateMember(tx, target.id, { role: 'customer', password_hash: null });
    await deleteMemberSessions(tx, target.id);
    await recordAction(tx, actor, now, {
      action: 'staff.remove',
      target: { type: 'member', id: target.id, label: target.name },
      details: { role: target.role },
    });
    return { memberId: target.id };
  });
  // Listings stop showing the staff badge.
  services.listingChanged(actor.site.id);
  return removed;
}

/** Staff: members of the site, by name or email. */
export async function listSiteMembers(
  services: Services,
  actor: Actor,
  msg: ClientMessageOf<'staff.members'>,
): Promise<{ members: StaffMemberView[] }> {
  const now = services.now();
  assertStaff(actor.member, actor.site, now);
  const rows = await listMembers(services.db, actor.site.id, { query: msg.query, filter: msg.filter, now, limit: 100 });
  return { members: rows.map((r) => toStaffMemberView(r, now)) };
}
