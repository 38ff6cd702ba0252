import type { PostRow } from '../../db/database.js';
import type { Executor } from '../../db/executor.js';
import { countStandingReporters } from '../../db/policy.queries.js';
import { updatePost } from '../../db/posts.queries.js';
import { lockThread, updateThread } from '../../db/threads.queries.js';
import { postView, threadView } from '../lookups.js';
import type { Emit } from '../write.js';
import { loadSitePolicy } from './site-policies.js';

/**
 * Hides a visible post pending review once the site's threshold of distinct members have
 * open reports on it: it becomes `pending` (an opening post takes its thread out of sight),
 * pages drop it, and staff get it in their queue live. Call it in the report's transaction,
 * after the report is stored. Returns true when it hid the post.
 */
export async function hideIfReportedEnough(db: Executor, emit: Emit, post: PostRow, siteId: string): Promise<boolean> {
  if (post.status !== 'visible') return false;
  const { reportThreshold } = await loadSitePolicy(db, siteId);
  // Only signed-in members and guests who have earned trust count: a throwaway guest name costs
  // nothing, so three of them must not be able to take a post down; their reports still reach staff.
  const reporters = await countStandingReporters(db, post.id);
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
