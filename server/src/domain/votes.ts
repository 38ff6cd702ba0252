import type { ClientMessageOf } from '@booth/shared';
import { addPostScore } from '../db/posts.queries.js';
import { findThreadHidden } from '../db/threads.queries.js';
import { findVote, setVote } from '../db/votes.queries.js';
import { assertCanVote, assertCanWrite, assertPostInSight } from './authorization.js';
import { DomainError } from './domain-error.js';
import { lockSitePost, updateThreadAsView } from './lookups.js';
import type { Actor, Services } from './services.js';
import { runWrite } from './write.js';

/** Sets the member's vote (+1, -1 or 0 to clear) on a post and updates its score. */
export async function vote(
  services: Services,
  actor: Actor,
  msg: ClientMessageOf<'vote'>,
): Promise<{ postId: string; score: number; value: number }> {
  const now = services.now();
  assertCanWrite(actor.member, actor.site, now);
  return runWrite(services, actor, msg, async (tx, emit) => {
    const post = await lockSitePost(tx, actor, msg.postId);
    assertCanVote(actor.member, post);
    const thread = await findThreadHidden(tx, post.thread_id);
    if (!thread) throw new DomainError('not_found');
    assertPostInSight(thread, post);
    const previous = await findVote(tx, post.id, actor.member.id);
    const delta = msg.value - previous;
    let score = post.score;
    if (delta !== 0) {
      await setVote(tx, post.id, actor.member.id, msg.value, now);
      score = await addPostScore(tx, post.id, delta);
      // A vote on the opening post moves the thread in a list sorted by votes: the event carries
      // the thread, so a list that had not loaded it yet can take it in at its new place. A
      // hidden thread's view never goes to the board's readers.
      const view = post.root ? await updateThreadAsView(tx, post.thread_id, { score }) : undefined;
      await emit(post.board_id, {
        kind: 'vote.changed',
        postId: post.id,
        threadId: post.thread_id,
        score,
        ...(view && !thread.hidden ? { thread: view } : {}),
      });
    }
    return { postId: post.id, score, value: msg.value };
  });
}
