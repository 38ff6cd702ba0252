import type { Role } from '@booth/shared';
import type { MemberRow } from './database.js';
import type { Executor } from './executor.js';

export async function findMember(db: Executor, id: string): Promise<MemberRow | undefined> {
  return db.selectFrom('members').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The members of a list of ids (those that still exist). */
export async function findMembers(db: Executor, ids: string[]): Promise<MemberRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('members').selectAll().where('id', 'in', ids).execute();
}

export async function insertGuest(db: Executor, siteId: string, name: string): Promise<MemberRow> {
  return db
    .insertInto('members')
    .values({
      site_id: siteId,
      name,
      guest: true,
      avatar_url: null,
      external_id: null,
      email: null,
      password_hash: null,
      banned_until: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Sets a member's display name; returns the member as stored now. */
export async function renameMember(db: Executor, memberId: string, name: string): Promise<MemberRow> {
  return db.updateTable('members').set({ name }).where('id', '=', memberId).returningAll().executeTakeFirstOrThrow();
}

export interface SsoProfile {
  externalId: string;
  name: string;
  avatarUrl: string | null;
  /** Present only when the signed token carried a role claim. */
  role?: Role;
  /** The member's address, when the signed token carried one (kept apart, in member_emails). */
  email?: string;
}

/** Creates or refreshes the member behind an SSO identity; a role is changed only when the token set one. */
export async function upsertSsoMember(db: Executor, siteId: string, profile: SsoProfile): Promise<MemberRow> {
  return db
    .insertInto('members')
    .values({
      site_id: siteId,
      external_id: profile.externalId,
      name: profile.name,
      avatar_url: profile.avatarUrl,
      role: profile.role ?? 'customer',
      email: null,
      password_hash: null,
      banned_until: null,
    })
    .onConflict((oc) =>
      oc
        .columns(['site_id', 'external_id'])
        .where('external_id', 'is not', null)
        .doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          avatar_url: eb.ref('excluded.avatar_url'),
          ...(profile.role ? { role: eb.ref('excluded.role') } : {}),
        })),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Turns a guest into a member of their site, the same row, so every post, vote and follow stays theirs. */
export async function upgradeGuest(db: Executor, memberId: string): Promise<MemberRow> {
  return db
    .updateTable('members')
    .set({ guest: false })
    .where('id', '=', memberId)
    .returningAll()
    .executeTakeFirstOrThrow();
}
