import type { PostView } from '@booth/shared';
import { newKey } from '@booth/shared/client';
import type { ModerationDesk } from '../desk.js';
import type { Strings } from '../i18n/strings.js';

export type PostAction = 'hide' | 'restore' | 'approve' | 'reject';

/** Hides, restores, approves or rejects a post, from the Pending tab or the thread panel. */
export function postAction(desk: ModerationDesk, strings: Strings, post: PostView, action: PostAction): Promise<void> {
  return desk.act(strings.t(`post.done.${action}`), () =>
    desk.request({ type: 'staff.post.action', key: newKey(), postId: post.id, action }),
  );
}
