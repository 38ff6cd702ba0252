import { sql } from 'kysely';
import type { Executor } from './executor.js';

/**
 * Lifts a member at trust level 0 to level 1 when at least `approvedPosts` of their posts are
 * visible (counted with a limit, so a prolific member costs no full count). Returns true when it did.
 */
export async function promoteWhenApproved(db: Executor, memberId: string, approvedPosts: number): Promise<boolean> {
  const approved = sql<string>`(select count(*) from (select 1 from posts where author_id = ${memberId} and status = 'visible' limit ${approvedPosts}) as approved)`;
  const result = await db
    .updateTable('members')
    .set({ trust_level: 1 })
    .where('id', '=', memberId)
    .where('trust_level', '=', 0)
    .where(approved, '>=', String(approvedPosts))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function updateTrustLevel(db: Executor, memberId: string, level: 0 | 1): Promise<void> {
  await db.updateTable('members').set({ trust_level: level }).where('id', '=', memberId).execute();
}
