/**
 * The board's live events: each applied to the thread list and worded for screen readers. A
 * chunk of its own, fetched once the list shows: the first paint needs only the snapshot, and
 * events that arrive while it loads are applied in order once it is in.
 */
import type { EventMessage, MemberView } from '@booth/shared';
import { applyBoardEvent } from '../state/board-events.js';
import type { BoardCore } from './board-core.js';

/**
 * Applies a live event to the list and words it for screen readers; true when it was new to
 * this board (the open thread then takes it too).
 */
export function applyLiveEvent(core: BoardCore, message: EventMessage): boolean {
  if (message.board !== core.config().board || !core.loaded || message.seq <= core.board.seq) return false;
  const { event } = message;
  core.board = applyBoardEvent(core.board, message.seq, event);
  const mine = (author: MemberView) => author.id === core.me?.id;
  if (event.kind === 'thread.created' && !mine(event.thread.author)) {
    const key = event.thread.kind === 'question' ? 'announce.newQuestion' : 'announce.newDiscussion';
    core.announcement = core.say(key, { title: event.thread.title });
  } else if (event.kind === 'post.created' && !mine(event.post.author) && core.thread?.thread.id === event.thread.id) {
    core.announcement = core.say('announce.newReply', { name: event.post.author.name });
  } else if (event.kind === 'thread.removed' && core.thread?.thread.id === event.threadId) {
    core.announcement = core.say('thread.removed');
  }
  core.changed();
  return true;
}
