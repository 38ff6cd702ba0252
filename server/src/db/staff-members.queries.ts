import type { Role } from '@booth/shared';
import type { MemberRow } from './database.js';
import type { Executor } from './executor.js';

/** Staff and owner accounts that sign in with this email, on any site, with their site's key. */
export async function findPasswordAccounts(db: Executor, email: string) {
  return db
    .selectFrom('members')
    .innerJoin('sites', 'sites.id', 'members.site_id')
    .selectAll('members')
    .select('sites.public_key as site_key')
    .where('members.email', '=', email.toLowerCase())
    .where('members.password_hash', 'is not', null)
    .where('members.role', 'in', ['staff', 'owner'])
    .orderBy('members.id')
    .execute();
}

export async function findMemberByEmail(db: Executor, siteId: string, email: string): Promise<MemberRow | undefined> {
  return db
    .selectFrom('members')
    .selectAll()
    .where('site_id', '=', siteId)
    .where('email', '=', email.toLowerCase())
    .executeTakeFirst();
}

export interface NewPasswordAccount {
  siteId: string;
  email: string;
  name: string;
  role: Role;
  passwordHash: string;
}

export async function insertPasswordAccount(db: Executor, a: NewPasswordAccount): Promise<MemberRow> {
  return db
    .insertInto('members')
    .values({
      site_id: a.siteId,
      email: a.email.toLowerCase(),
      name: a.name,
      role: a.role,
      password_hash: a.passwordHash,
      external_id: null,
      avatar_url: null,
      banned_until: null,
      // Staff are trusted from the start: their posts are never held for review.
      trust_level: 2,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateMember(
  db: Executor,
  memberId: string,
  changes: Partial<Pick<MemberRow, 'role' | 'banned_until' | 'password_hash' | 'trust_level' | 'name' | 'email'>>,
): Promise<MemberRow> {
  return db.updateTable('members').set(changes).where('id', '=', memberId).returningAll().executeTakeFirstOrThrow();
}

export async function lockMember(db: Executor, memberId: string): Promise<MemberRow | undefined> {
  return db.selectFrom('members').selectAll().where('id', '=', memberId).forNoKeyUpdate().executeTakeFirst();
}

export interface MemberFilter {
  query?: string | undefined;
  filter?: 'all' | 'banned' | 'staff' | undefined;
  now: Date;
  limit: number;
}

/** Members of a site for the moderation view, most recent first, optionally by name or email. */
export async function listMembers(db: Executor, siteId: string, f: MemberFilter): Promise<MemberRow[]> {
  let query = db.selectFrom('members').selectAll().where('site_id', '=', siteId).orderBy('id', 'desc').limit(f.limit);
  if (f.query) {
    const pattern = `%${f.query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    query = query.where((eb) => eb.or([eb('name', 'ilike', pattern), eb('email', 'ilike', pattern)]));
  }
  if (f.filter === 'banned') query = query.where('banned_until', '>', f.now);
  if (f.filter === 'staff') query = query.where('role', 'in', ['staff', 'owner']);
  return query.execute();
}

/** How many owners a site has (the last one cannot be removed or demoted). */
export async function countOwners(db: Executor, siteId: string): Promise<number> {
  const row = await db
    .selectFrom('members')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('site_id', '=', siteId)
    .where('role', '=', 'owner')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
