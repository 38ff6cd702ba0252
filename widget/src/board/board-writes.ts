import type { FollowState, MemberView, ThreadKind, ThreadView } from '@booth/shared';
import { removeThread, upsertThread } from '../state/board-events.js';
import { removePost, setMyVote, updateThread, upsertPost } from '../state/thread-store.js';
import type { BoardCore } from './board-core.js';

/**
 * The viewer's writes: each sends one request with the form's idempotency key, then shows
 * its result at once (live events of the same change are skipped by sequence number).
 */
export class BoardWrites {
  constructor(private readonly core: BoardCore) {}

  /** Makes sure the viewer has an identity before a write, creating a guest with `name` when needed. */
  async ensureIdentity(name: string): Promise<void> {
    const core = this.core;
    if (core.me) return;
    const { site } = core.config();
    const result = await core.connection.request({ type: 'guest.join', name });
    core.tokens.set(site, result.guestToken);
    core.me = result.me;
    core.changed();
  }
  /** Changes the guest's display name; their threads and posts on screen show it at once. */
  async rename(name: string, key: string): Promise<void> {
    const core = this.core;
    const { me } = await core.connection.write({ type: 'guest.rename', name }, key);
    const named = <T extends { author: MemberView }>(item: T): T =>
      item.author.id === me.id ? { ...item, author: me } : item;
    core.me = me;
    core.board = { ...core.board, threads: core.board.threads.map(named) };
    const open = core.thread;
    if (open) core.thread = { ...open, thread: named(open.thread), posts: open.posts.map(named) };
    core.changed();
  }

  /** Asks a question or starts a discussion, then shows it. */
  async createThread(
    kind: ThreadKind,
    title: string,
    body: string,
    key: string,
    composeMs?: number,
  ): Promise<ThreadView> {
    const core = this.core;
    const result = await core.connection.write(
      { type: 'thread.create', board: core.config().board, kind, title, body, composeMs },
      key,
    );
    // A thread held for review stays in its author's list, as the server lists it for them.
    core.board = upsertThread(core.board, result.thread, result.post.status === 'pending');
    // The asker follows their own thread.
    core.thread = {
      thread: result.thread,
      posts: [result.post],
      next: null,
      through: null,
      myVotes: {},
      removed: false,
      following: true,
      email: result.email,
    };
    core.changed();
    return result.thread;
  }

  async reply(threadId: string, parentId: string | null, body: string, key: string, composeMs?: number): Promise<void> {
    const core = this.core;
    const { post } = await core.connection.write({ type: 'post.create', threadId, parentId, body, composeMs }, key);
    if (core.thread) core.thread = upsertPost(core.thread, post, core.me?.id ?? null);
    core.changed();
  }

  async edit(postId: string, body: string, title: string | undefined, key: string): Promise<void> {
    const core = this.core;
    const { post } = await core.connection.write({ type: 'post.edit', postId, body, title }, key);
    if (core.thread) {
      core.thread = upsertPost(core.thread, post, core.me?.id ?? null);
      if (post.root && title !== undefined) core.thread = updateThread(core.thread, { ...core.thread.thread, title });
    }
    core.changed();
  }

  /** Deletes a post; deleting the opening post removes the thread and returns to the list. */
  async remove(postId: string, key: string): Promise<void> {
    const core = this.core;
    await core.connection.write({ type: 'post.delete', postId }, key);
    const open = core.thread;
    if (open?.thread.rootPostId === postId) {
      core.board = removeThread(core.board, open.thread.id);
      core.thread = null;
    } else if (open) {
      core.thread = removePost(open, postId);
    }
    core.changed();
  }

  async vote(postId: string, value: -1 | 0 | 1, key: string): Promise<void> {
    const core = this.core;
    const result = await core.connection.write({ type: 'vote', postId, value }, key);
    if (core.thread) core.thread = setMyVote(core.thread, result);
    core.changed();
  }

  /** Flags a post for staff review. */
  async report(postId: string, reason: string, key: string): Promise<void> {
    await this.core.connection.write({ type: 'post.report', postId, reason }, key);
  }

  /** Follows a thread (with an address to be told by email, if given) or stops following it. */
  async follow(threadId: string, follow: boolean, key: string, email?: string): Promise<FollowState> {
    const core = this.core;
    const state = follow
      ? await core.connection.write({ type: 'thread.follow', threadId, ...(email ? { email } : {}) }, key)
      : await core.connection.write({ type: 'thread.unfollow', threadId }, key);
    const open = core.thread;
    if (open && open.thread.id === threadId) {
      core.thread = {
        ...open,
        following: state.following,
        email: state.email,
        thread: { ...open.thread, waiting: state.waiting },
      };
    }
    core.changed();
    return state;
  }

  async accept(threadId: string, postId: string | null, key: string): Promise<void> {
    const core = this.core;
    const { thread } = await core.connection.write({ type: 'thread.accept', threadId, postId }, key);
    core.board = upsertThread(core.board, thread);
    if (core.thread) core.thread = updateThread(core.thread, thread);
    core.changed();
  }
}
