import { sql } from 'kysely';
import type { PostRow } from '../../db/database.js';
import type { Executor } from '../../db/executor.js';
import { updatePost } from '../../db/posts.queries.js';
import { lockThread, updateThread } from '../../db/threads.queries.js';
import { postView, threadView } from '../lookups.js';
import type { Emit } from '../write.js';
import { loadSitePolicy } from './site-policies.js';

/**
 * Members whose reports count towards hiding a post: signed-in members, and guests who have
 * earned trust. A throwaway guest name costs nothing, so three of them must not be able to
 * take a post down; their reports still reach staff.
 */
async function standingReporters(db: Executor, postId: string): Promise<number> {
  const row = await db
    .selectFrom('reports')
    .innerJoin('members', 'members.id', 'reports.reporter_id')
    .select(sql<string>`count(distinct reports.reporter_id)`.as('n'))
    .where('reports.post_id', '=', postId)
    .where('reports.status', '=', 'open')
    .where((eb) => eb.or([eb('members.guest', '=', false), eb('members.trust_level', '>=', 1)]))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Hides a visible post pending review once the site's threshold of distinct members have
 * open reports on it: it becomes `pending` (an opening post takes its thread out of sight),
 * pages drop it, and staff get it in their queue live. Call it in the report's transaction,
 * after the report is stored. Returns true when it hid the post.
 */
export async function hideIfReportedEnough(db: Executor, emit: Emit, post: PostRow, siteId: string): Promise<boolean> {
  if (post.status !== 'visible') return false;
  const { reportThreshold } = await loadSitePolicy(db, siteId);
  const reporters = await standingReporters(db, post.id);
  if (reporters < reportThreshold) return false;
  const thread = await lockThread(db, post.thread_id);
  if (!thread) return false;
  await updatePost(db, post.id, { status: 'pending', hold_reason: `reports: ${reporters} members reported it` });
  if (post.root) {
    await updateThread(db, thread.id, { hidden: true });
    await emit(post.board_id, { kind: 'thread.removed', threadId: thread.id });
  } else {
    await updateThread(db, thread.id, { reply_count: Math.max(0, thread.reply_count - 1) });
    await emit(post.board_id, { kind: 'post.removed', postId: post.id, thread: await threadView(db, thread.id) });
  }
  await emit(post.board_id, {
    kind: 'post.held',
    post: await postView(db, post.id),
    thread: await threadView(db, thread.id),
  });
  return true;
}
