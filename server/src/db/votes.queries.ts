import type { Executor } from './executor.js';

export async function findVote(db: Executor, postId: string, memberId: string): Promise<number> {
  const row = await db
    .selectFrom('votes')
    .select('value')
    .where('post_id', '=', postId)
    .where('member_id', '=', memberId)
    .executeTakeFirst();
  return row?.value ?? 0;
}

/** Sets a member's vote on a post, cast at `now`; 0 removes it. */
export async function setVote(db: Executor, postId: string, memberId: string, value: number, now: Date): Promise<void> {
  if (value === 0) {
    await db.deleteFrom('votes').where('post_id', '=', postId).where('member_id', '=', memberId).execute();
    return;
  }
  await db
    .insertInto('votes')
    .values({ post_id: postId, member_id: memberId, value, created_at: now })
    .onConflict((oc) => oc.columns(['post_id', 'member_id']).doUpdateSet({ value, created_at: now }))
    .execute();
}

/** The member's votes on the posts of one thread, keyed by post id. */
export async function votesInThread(db: Executor, threadId: string, memberId: string): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('votes')
    .innerJoin('posts', 'posts.id', 'votes.post_id')
    .select(['votes.post_id', 'votes.value'])
    .where('posts.thread_id', '=', threadId)
    .where('votes.member_id', '=', memberId)
    .execute();
  return Object.fromEntries(rows.map((r) => [r.post_id, r.value]));
}
