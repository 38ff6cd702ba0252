/**
 * Objects that travel over the wire: what a client sees of members, threads, posts and events.
 * Database rows never leave the server; they are mapped to these shapes first.
 */

export type Role = 'customer' | 'staff' | 'owner';
export type ThreadKind = 'question' | 'discussion';
export type ThreadStatus = 'open' | 'answered' | 'locked' | 'hidden';
export type PostStatus = 'visible' | 'pending' | 'hidden' | 'spam' | 'deleted';

/** A member as others see them. */
export interface MemberView {
  id: string;
  name: string;
  avatarUrl: string | null;
  role: Role;
  guest: boolean;
}

/** A thread as listed on a board. */
export interface ThreadView {
  id: string;
  board: string;
  kind: ThreadKind;
  title: string;
  /** Plain-text start of the opening post. */
  excerpt: string;
  author: MemberView;
  status: ThreadStatus;
  pinned: boolean;
  locked: boolean;
  /** Id of the opening post, which carries the body, votes and edits. */
  rootPostId: string;
  acceptedPostId: string | null;
  /** True once the question has an accepted answer or staff marked it answered. */
  answered: boolean;
  /** True once a staff member has replied. */
  staffReplied: boolean;
  replyCount: number;
  score: number;
  /** People waiting for an answer: the asker and everyone who said they have this question too. */
  waiting: number;
  createdAt: string;
  lastActivityAt: string;
  /**
   * The accepted answer predates the board's latest product release and staff have not yet
   * confirmed or replaced it: the widget says it "may be out of date".
   */
  answerStale: boolean;
}

/** A post: the opening post of a thread or a reply. */
export interface PostView {
  id: string;
  threadId: string;
  /** The post this one replies to; null for the opening post and top-level replies. */
  parentId: string | null;
  root: boolean;
  author: MemberView;
  /** Sanitized HTML rendered from `source` on the server. */
  html: string;
  /** Markdown as written, for editing. Empty once deleted. */
  source: string;
  status: PostStatus;
  score: number;
  createdAt: string;
  editedAt: string | null;
}

/** Everything that changes on a board, in order. `seq` is the board's event id. */
export type BoardEvent =
  | { kind: 'thread.created'; thread: ThreadView; post: PostView }
  | { kind: 'thread.updated'; thread: ThreadView }
  | { kind: 'thread.removed'; threadId: string }
  | { kind: 'post.created'; post: PostView; thread: ThreadView }
  | { kind: 'post.updated'; post: PostView; thread: ThreadView }
  | { kind: 'post.removed'; postId: string; thread: ThreadView }
  /** `thread`: the thread as it now lists, when the vote was on its opening post (whose score is the thread's). */
  | { kind: 'vote.changed'; postId: string; threadId: string; score: number; thread?: ThreadView }
  /** Staff recorded a product release: every accepted answer on the board is now `answerStale`. */
  | { kind: 'board.released'; name: string; releasedAt: string };

export type BoardEventKind = BoardEvent['kind'];

/** Site settings a widget needs before it renders forms. */
export interface SitePolicyView {
  name: string;
  guestsAllowed: boolean;
  /** The site shows its answer badge (ask for it with `badge`). */
  answerBadge: boolean;
}
