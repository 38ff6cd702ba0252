import type { PostView } from '@booth/shared';
import { newKey } from '@booth/shared/client';
import type { ModerationDesk } from '../desk.js';

export type PostAction = 'hide' | 'restore' | 'approve' | 'reject';

const DONE: Record<PostAction, string> = {
  hide: 'Post hidden.',
  restore: 'Post restored.',
  approve: 'Post approved.',
  reject: 'Post rejected.',
};

/** Hides, restores, approves or rejects a post, from the Pending tab or the thread panel. */
export function postAction(desk: ModerationDesk, post: PostView, action: PostAction): Promise<void> {
  return desk.act(DONE[action], () =>
    desk.request({ type: 'staff.post.action', key: newKey(), postId: post.id, action }),
  );
}
