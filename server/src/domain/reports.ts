import type { ClientMessageOf } from '@booth/shared';
import { insertReport } from '../db/reports.queries.js';
import { assertCanWrite } from './authorization.js';
import { DomainError } from './domain-error.js';
import { lockSitePost } from './lookups.js';
import { hideIfReportedEnough } from './policy/report-threshold.js';
import type { Actor, Services } from './services.js';
import { runWrite } from './write.js';

/**
 * A member flags a visible post for staff, with a reason. Reporting the same post again while
 * the first report is open changes nothing; staff see the report live in their Reports queue.
 */
export async function reportPost(
  services: Services,
  actor: Actor,
  msg: ClientMessageOf<'post.report'>,
): Promise<{ postId: string }> {
  const now = services.now();
  assertCanWrite(actor.member, actor.site, now);
  return runWrite(services, actor, msg, async (tx, emit) => {
    const post = await lockSitePost(tx, actor, msg.postId);
    if (post.status !== 'visible') throw new DomainError('not_found');
    if (post.author_id === actor.member.id) throw new DomainError('conflict', { key: 'refusal.reportOwnPost' });
    const filed = await insertReport(tx, {
      siteId: actor.site.id,
      postId: post.id,
      reporterId: actor.member.id,
      reason: msg.reason,
      now,
    });
    if (filed) {
      // Before the event: hiding locks the thread, and every write locks thread before board.
      await hideIfReportedEnough(tx, emit, post, actor.site.id);
      await emit(post.board_id, { kind: 'report.created', postId: post.id, threadId: post.thread_id });
    }
    return { postId: post.id };
  });
}
