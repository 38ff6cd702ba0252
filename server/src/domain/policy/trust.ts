import type { Executor } from '../../db/executor.js';
import { promoteWhenApproved, updateTrustLevel } from '../../db/trust.queries.js';

/**
 * Lifts a new member (trust level 0) to level 1 once `approvedPosts` of their posts are visible,
 * which lifts the link limit. Call it in the transaction that made a post visible: a post that
 * passed the policy, or a held one that staff approved. Returns true when it promoted.
 * `lockedTrustLevel` is the member's level when the caller holds the member's row lock (the
 * post's screening takes it): a member already past level 0 then costs no statement.
 *
 * @example
 * await promoteIfEarned(tx, member.id, policy.trustAfterApprovedPosts, decision.trustLevel);
 */
export async function promoteIfEarned(
  db: Executor,
  memberId: string,
  approvedPosts: number,
  lockedTrustLevel?: number,
): Promise<boolean> {
  if (approvedPosts <= 0 || (lockedTrustLevel !== undefined && lockedTrustLevel !== 0)) return false;
  return promoteWhenApproved(db, memberId, approvedPosts);
}

/** Sets a member's trust level by hand: staff vouching for someone (1) or taking it back (0). */
export async function setTrustLevel(db: Executor, memberId: string, level: 0 | 1): Promise<void> {
  await updateTrustLevel(db, memberId, level);
}
