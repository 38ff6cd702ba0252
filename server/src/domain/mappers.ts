import type { MemberView, PostView, ThreadStatus, ThreadView } from '@booth/shared';
import type { MemberRow } from '../db/database.js';
import type { PostViewRow } from '../db/posts.queries.js';
import type { ThreadViewRow } from '../db/threads.queries.js';

type AuthorColumns = {
  author_id: string;
  author_name: string;
  author_avatar_url: string | null;
  author_role: MemberView['role'];
  author_guest: boolean;
};

function authorOf(row: AuthorColumns): MemberView {
  return {
    id: row.author_id,
    name: row.author_name,
    avatarUrl: row.author_avatar_url,
    role: row.author_role,
    guest: row.author_guest,
  };
}

export function toMemberView(row: MemberRow): MemberView {
  return { id: row.id, name: row.name, avatarUrl: row.avatar_url, role: row.role, guest: row.guest };
}

function statusOf(row: ThreadViewRow): ThreadStatus {
  if (row.hidden) return 'hidden';
  if (row.locked) return 'locked';
  if (row.answered_at !== null) return 'answered';
  return 'open';
}

export function toThreadView(row: ThreadViewRow): ThreadView {
  return {
    id: row.id,
    board: row.board_slug,
    kind: row.kind,
    title: row.title,
    excerpt: row.excerpt,
    author: authorOf(row),
    status: statusOf(row),
    pinned: row.pinned,
    locked: row.locked,
    rootPostId: row.root_post_id ?? '',
    acceptedPostId: row.accepted_post_id,
    answered: row.answered_at !== null,
    staffReplied: row.first_staff_reply_at !== null,
    replyCount: row.reply_count,
    score: row.score,
    waiting: row.waiting_count,
    createdAt: row.created_at.toISOString(),
    lastActivityAt: row.last_activity_at.toISOString(),
    answerStale: row.answer_stale && row.accepted_post_id !== null,
  };
}

export function toPostView(row: PostViewRow): PostView {
  const deleted = row.status === 'deleted';
  return {
    id: row.id,
    threadId: row.thread_id,
    parentId: row.parent_id,
    root: row.root,
    // A helpdesk agent's answer shows the agent's name, with the staff member's role and badge.
    author: row.agent_name ? { ...authorOf(row), name: row.agent_name } : authorOf(row),
    html: deleted ? '' : row.html,
    source: deleted ? '' : row.source,
    status: row.status,
    score: row.score,
    createdAt: row.created_at.toISOString(),
    editedAt: row.edited_at ? row.edited_at.toISOString() : null,
  };
}
