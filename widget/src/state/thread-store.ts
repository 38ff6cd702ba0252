/**
 * One open thread (its posts and the viewer's votes) as plain data, and the pure functions that
 * apply replies, edits, votes and live events to it.
 */
import {
  type BoardEvent,
  compareIds,
  type EmailState,
  type PostView,
  type ResultOf,
  type ThreadView,
} from '@booth/shared';

export interface ThreadState {
  readonly thread: ThreadView;
  /** Posts in the order they were written, the opening post first: the pages loaded so far. */
  readonly posts: readonly PostView[];
  /** The cursor of the thread's next page of posts, null once the end is loaded. */
  readonly next: string | null;
  /**
   * The last post of the pages loaded so far while more follow (null once the end is loaded).
   * A live post past it is left for its page, which serves it in its place; applied now as well,
   * it would show out of order, before the posts between.
   */
  readonly through: string | null;
  /** The viewer's vote per post id: 1, -1 (absent means none). */
  readonly myVotes: Readonly<Record<string, number>>;
  /** True once the thread was deleted or hidden while open. */
  readonly removed: boolean;
  /** The viewer follows the thread (told of answers by the bell, and by email if they gave one). */
  readonly following: boolean;
  /** Where the viewer's email about followed threads stands, when the server said (members only). */
  readonly email?: EmailState;
}

export function fromOpened(result: ResultOf<'thread.open'>): ThreadState {
  const posts = sortPosts(result.posts);
  return {
    thread: result.thread,
    posts,
    ...windowOf(result.next, posts),
    myVotes: result.myVotes,
    removed: false,
    following: result.following,
    email: result.email,
  };
}

/** Where the loaded pages end: the cursor of the next and the last post of `page` (sorted), while one follows. */
export function windowOf(next: string | null, page: readonly PostView[]): Pick<ThreadState, 'next' | 'through'> {
  return { next, through: next === null ? null : (page.at(-1)?.id ?? null) };
}

/** Whether a live post is left for a page not loaded yet: past the loaded pages, and not shown. */
function awaitsItsPage(state: ThreadState, post: PostView): boolean {
  return state.through !== null && compareIds(post.id, state.through) > 0 && !state.posts.some((p) => p.id === post.id);
}

/** Applies a live post of the thread, unless it awaits its page; the thread's counters always. */
function applyLivePost(state: ThreadState, thread: ThreadView, post: PostView, meId: string | null): ThreadState {
  const updated = updateThread(state, thread);
  return awaitsItsPage(updated, post) ? updated : upsertPost(updated, post, meId);
}

export function sortPosts(posts: readonly PostView[]): PostView[] {
  return [...posts].sort((a, b) => compareIds(a.id, b.id));
}

/** Whether a post is shown: visible ones to all, the viewer's own held ones to the viewer. */
export function isShown(post: PostView, meId: string | null): boolean {
  if (post.status === 'visible') return true;
  return post.status === 'pending' && meId !== null && post.author.id === meId;
}

/** Adds or replaces a post (from a reply, an edit or an event); one that is no longer shown leaves. */
export function upsertPost(state: ThreadState, post: PostView, meId: string | null): ThreadState {
  if (post.threadId !== state.thread.id) return state;
  const others = state.posts.filter((p) => p.id !== post.id);
  const posts = isShown(post, meId) ? sortPosts([...others, post]) : others;
  return { ...state, posts };
}

export function removePost(state: ThreadState, postId: string): ThreadState {
  const posts = state.posts.filter((p) => p.id !== postId);
  return posts.length === state.posts.length ? state : { ...state, posts };
}

export function updateThread(state: ThreadState, thread: ThreadView): ThreadState {
  if (thread.id !== state.thread.id) return state;
  return { ...state, thread, removed: state.removed || thread.status === 'hidden' };
}

/** Sets a post's score; a vote on the opening post also sets the thread's. */
export function setScore(state: ThreadState, postId: string, score: number): ThreadState {
  if (!state.posts.some((p) => p.id === postId)) return state;
  const posts = state.posts.map((p) => (p.id === postId ? { ...p, score } : p));
  const thread = state.thread.rootPostId === postId ? { ...state.thread, score } : state.thread;
  return { ...state, posts, thread };
}

/** Applies the answer to the viewer's own vote. */
export function setMyVote(state: ThreadState, result: ResultOf<'vote'>): ThreadState {
  const myVotes = { ...state.myVotes };
  if (result.value === 0) delete myVotes[result.postId];
  else myVotes[result.postId] = result.value;
  return { ...setScore(state, result.postId, result.score), myVotes };
}

/** Applies a live board event; events about other threads change nothing. */
export function applyThreadEvent(state: ThreadState, event: BoardEvent, meId: string | null): ThreadState {
  switch (event.kind) {
    case 'thread.created':
      // The viewer's own held thread, approved while open: it is published as it stands.
      if (event.thread.id !== state.thread.id) return state;
      return applyLivePost(state, event.thread, event.post, meId);
    case 'thread.updated':
      return updateThread(state, event.thread);
    case 'thread.removed':
      return event.threadId === state.thread.id ? { ...state, removed: true } : state;
    case 'post.created':
    case 'post.updated':
      if (event.post.threadId !== state.thread.id) return state;
      return applyLivePost(state, event.thread, event.post, meId);
    case 'post.removed':
      if (event.thread.id !== state.thread.id) return state;
      return removePost(updateThread(state, event.thread), event.postId);
    case 'vote.changed':
      return event.threadId === state.thread.id ? setScore(state, event.postId, event.score) : state;
    case 'board.released':
      return state.thread.acceptedPostId === null
        ? state
        : { ...state, thread: { ...state.thread, answerStale: true } };
  }
}

/** A top-level reply with the replies nested under it. */
export interface ReplyGroup {
  post: PostView;
  children: PostView[];
}

export interface ThreadLayout {
  root: PostView | undefined;
  /** Top-level replies in order, the one holding the accepted answer first. */
  groups: ReplyGroup[];
}

/**
 * Arranges posts for display: the opening post, then top-level replies each with its nested
 * replies. The group holding the accepted answer comes first; a reply whose parent is gone is
 * shown at the top level.
 */
export function arrangeThread(state: ThreadState): ThreadLayout {
  const root = state.posts.find((p) => p.root);
  const topLevel = state.posts.filter((p) => !p.root && (p.parentId === null || !hasPost(state, p.parentId)));
  const groups = topLevel.map((post) => ({
    post,
    children: state.posts.filter((p) => p.parentId === post.id && p.id !== post.id),
  }));
  const accepted = state.thread.acceptedPostId;
  const at =
    accepted === null
      ? -1
      : groups.findIndex((g) => g.post.id === accepted || g.children.some((c) => c.id === accepted));
  if (at > 0) groups.unshift(...groups.splice(at, 1));
  return { root, groups };
}

function hasPost(state: ThreadState, postId: string): boolean {
  return state.posts.some((p) => p.id === postId);
}
