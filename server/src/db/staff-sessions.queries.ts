import type { StaffSessionRow } from './database.js';
import type { Executor } from './executor.js';

export interface NewStaffSession {
  id: string;
  memberId: string;
  siteId: string;
  csrfToken: string;
  now: Date;
  expiresAt: Date;
}

export async function insertStaffSession(db: Executor, s: NewStaffSession): Promise<void> {
  await db
    .insertInto('staff_sessions')
    .values({
      id: s.id,
      member_id: s.memberId,
      site_id: s.siteId,
      csrf_token: s.csrfToken,
      created_at: s.now,
      expires_at: s.expiresAt,
    })
    .execute();
}

export async function findStaffSession(db: Executor, id: string): Promise<StaffSessionRow | undefined> {
  return db.selectFrom('staff_sessions').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Pushes a live session's end further out (sliding expiry). */
export async function extendStaffSession(db: Executor, id: string, expiresAt: Date): Promise<void> {
  await db.updateTable('staff_sessions').set({ expires_at: expiresAt }).where('id', '=', id).execute();
}

export async function deleteStaffSession(db: Executor, id: string): Promise<void> {
  await db.deleteFrom('staff_sessions').where('id', '=', id).execute();
}

/** Ends every session of a member (removed from staff, password changed). */
export async function deleteMemberSessions(db: Executor, memberId: string): Promise<void> {
  await db.deleteFrom('staff_sessions').where('member_id', '=', memberId).execute();
}

/** Drops sessions that ended before `now`. */
export async function deleteExpiredSessions(db: Executor, now: Date): Promise<number> {
  const result = await db.deleteFrom('staff_sessions').where('expires_at', '<', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Ends every session of a member but one (the one that asked). */
export async function deleteOtherSessions(db: Executor, memberId: string, keepSessionId: string): Promise<void> {
  await db.deleteFrom('staff_sessions').where('member_id', '=', memberId).where('id', '!=', keepSessionId).execute();
}
