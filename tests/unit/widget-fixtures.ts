import type { MemberView, PostView, ThreadView } from '@booth/shared';

export const member = (id: string, role: MemberView['role'] = 'customer'): MemberView => ({
  id,
  name: `Member ${id}`,
  avatarUrl: null,
  role,
  guest: false,
});

/** A thread with sensible defaults; `minutesAgo` sets its last activity. */
export function thread(id: string, minutesAgo: number, extra: Partial<ThreadView> = {}): ThreadView {
  const at = new Date(Date.UTC(2026, 10, 24, 12, 0) - minutesAgo * 60_000).toISOString();
  return {
    id,
    board: 'b',
    kind: 'question',
    title: `Thread ${id}`,
    excerpt: '',
    author: member('1'),
    status: 'open',
    pinned: false,
    locked: false,
    rootPostId: `${id}00`,
    acceptedPostId: null,
    answered: false,
    staffReplied: false,
    replyCount: 0,
    score: 0,
    waiting: 0,
    createdAt: at,
    lastActivityAt: at,
    answerStale: false,
    ...extra,
  };
}

export function post(id: string, threadId: string, extra: Partial<PostView> = {}): PostView {
  return {
    id,
    threadId,
    parentId: null,
    root: false,
    author: member('2'),
    html: `<p>Post ${id}</p>`,
    source: `Post ${id}`,
    status: 'visible',
    score: 0,
    createdAt: '2026-11-24T12:00:00.000Z',
    editedAt: null,
    ...extra,
  };
}
