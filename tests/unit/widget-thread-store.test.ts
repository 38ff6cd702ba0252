import { describe, expect, it } from 'vitest';
import { appendPage } from '../../widget/src/board/thread-paging.js';
import {
  applyThreadEvent,
  arrangeThread,
  fromOpened,
  setMyVote,
  type ThreadState,
  upsertPost,
} from '../../widget/src/state/thread-store.js';
import { member, post, thread } from './widget-fixtures.js';

const open = (): ThreadState =>
  fromOpened({
    thread: thread('1', 0, { rootPostId: '10', replyCount: 2 }),
    posts: [post('12', '1'), post('10', '1', { root: true }), post('11', '1')],
    myVotes: { '11': 1 },
    following: false,
    next: null,
  });

const postIds = (state: ThreadState) => state.posts.map((p) => p.id);

describe('widget thread store: live events', () => {
  it('orders posts as written', () => {
    expect(postIds(open())).toEqual(['10', '11', '12']);
  });

  it('adds a new reply and takes the new thread counters', () => {
    const t = thread('1', 0, { rootPostId: '10', replyCount: 3 });
    const next = applyThreadEvent(open(), { kind: 'post.created', post: post('13', '1'), thread: t }, null);
    expect(postIds(next)).toEqual(['10', '11', '12', '13']);
    expect(next.thread.replyCount).toBe(3);
  });

  it('applies a replayed post.created once', () => {
    const event = { kind: 'post.created', post: post('13', '1'), thread: thread('1', 0) } as const;
    const twice = applyThreadEvent(applyThreadEvent(open(), event, null), event, null);
    expect(postIds(twice)).toEqual(['10', '11', '12', '13']);
  });

  it('shows a held post only to its author', () => {
    const held = post('13', '1', { status: 'pending', author: member('7') });
    const event = { kind: 'post.created', post: held, thread: thread('1', 0) } as const;
    expect(postIds(applyThreadEvent(open(), event, '8'))).not.toContain('13');
    expect(postIds(applyThreadEvent(open(), event, '7'))).toContain('13');
  });

  it('replaces an edited post and drops a hidden one', () => {
    const edited = post('11', '1', { html: '<p>new</p>', editedAt: '2026-11-24T12:05:00.000Z' });
    const next = applyThreadEvent(open(), { kind: 'post.updated', post: edited, thread: thread('1', 0) }, null);
    expect(next.posts.find((p) => p.id === '11')?.html).toBe('<p>new</p>');
    const hidden = post('11', '1', { status: 'hidden' });
    expect(
      postIds(applyThreadEvent(open(), { kind: 'post.updated', post: hidden, thread: thread('1', 0) }, null)),
    ).toEqual(['10', '12']);
  });

  it('publishes the viewer’s own held thread when staff approve it while it is open', () => {
    const author = member('7');
    const held = fromOpened({
      thread: thread('2', 0, { rootPostId: '20', status: 'hidden', author }),
      posts: [post('20', '2', { root: true, status: 'pending', author })],
      myVotes: {},
      following: false,
      next: null,
    });
    const approved = {
      kind: 'thread.created',
      thread: thread('2', 0, { rootPostId: '20', author }),
      post: post('20', '2', { root: true, author }),
    } as const;
    const next = applyThreadEvent(held, approved, '7');
    expect([next.thread.status, next.posts.map((p) => p.status), next.removed]).toEqual(['open', ['visible'], false]);
    // Another thread's creation changes nothing here.
    expect(applyThreadEvent(held, { ...approved, thread: thread('3', 0) }, '7')).toBe(held);
  });

  it('removes a deleted reply', () => {
    const next = applyThreadEvent(open(), { kind: 'post.removed', postId: '12', thread: thread('1', 0) }, null);
    expect(postIds(next)).toEqual(['10', '11']);
  });

  it('updates scores from vote.changed, the thread score for the opening post', () => {
    const next = applyThreadEvent(open(), { kind: 'vote.changed', postId: '10', threadId: '1', score: 4 }, null);
    expect(next.posts[0]?.score).toBe(4);
    expect(next.thread.score).toBe(4);
  });

  it('marks the thread removed', () => {
    expect(applyThreadEvent(open(), { kind: 'thread.removed', threadId: '1' }, null).removed).toBe(true);
    expect(applyThreadEvent(open(), { kind: 'thread.removed', threadId: '2' }, null).removed).toBe(false);
  });

  it('ignores events of other threads', () => {
    const state = open();
    const other = thread('2', 0);
    expect(applyThreadEvent(state, { kind: 'post.created', post: post('20', '2'), thread: other }, null)).toBe(state);
    expect(applyThreadEvent(state, { kind: 'thread.updated', thread: other }, null)).toBe(state);
    expect(applyThreadEvent(state, { kind: 'vote.changed', postId: '20', threadId: '2', score: 9 }, null)).toBe(state);
  });

  it('takes the accepted answer from thread.updated', () => {
    const accepted = thread('1', 0, { rootPostId: '10', acceptedPostId: '12', status: 'answered' });
    expect(applyThreadEvent(open(), { kind: 'thread.updated', thread: accepted }, null).thread.acceptedPostId).toBe(
      '12',
    );
  });
});

describe('widget thread store: pages of a long thread', () => {
  /** Posts 10–12 loaded, a page after 12 still to come. */
  const firstPage = (): ThreadState =>
    fromOpened({
      thread: thread('1', 0, { rootPostId: '10', replyCount: 5 }),
      posts: [post('10', '1', { root: true }), post('11', '1'), post('12', '1')],
      myVotes: {},
      following: false,
      next: 'cursor-after-12',
    });
  const created = (id: string) =>
    ({
      kind: 'post.created',
      post: post(id, '1'),
      thread: thread('1', 0, { rootPostId: '10', replyCount: 6 }),
    }) as const;

  it('leaves a live post past the loaded pages to its page, then shows it once in its place', () => {
    const live = applyThreadEvent(firstPage(), created('15'), null);
    expect([postIds(live), live.thread.replyCount]).toEqual([['10', '11', '12'], 6]);
    const paged = appendPage(live, { posts: [post('13', '1'), post('14', '1'), post('15', '1')], next: null });
    expect([postIds(paged), paged.next, paged.through]).toEqual([['10', '11', '12', '13', '14', '15'], null, null]);
    // Once the end is loaded, live posts show at once.
    expect(postIds(applyThreadEvent(paged, created('16'), null)).at(-1)).toBe('16');
  });

  it('applies a live change to a post within the loaded pages', () => {
    const edited = post('11', '1', { html: '<p>new</p>' });
    const next = applyThreadEvent(firstPage(), { kind: 'post.updated', post: edited, thread: thread('1', 0) }, null);
    expect(next.posts.find((p) => p.id === '11')?.html).toBe('<p>new</p>');
  });

  it('shows the viewer’s own reply at once, and once more only in its place when its page loads', () => {
    const mine = upsertPost(firstPage(), post('15', '1', { html: '<p>mine</p>' }), '2');
    expect(postIds(mine)).toEqual(['10', '11', '12', '15']);
    const paged = appendPage(mine, { posts: [post('13', '1'), post('14', '1')], next: 'cursor-after-14' });
    expect([postIds(paged), paged.through]).toEqual([['10', '11', '12', '13', '14', '15'], '14']);
    const last = appendPage(paged, { posts: [post('15', '1')], next: null });
    expect(postIds(last)).toEqual(['10', '11', '12', '13', '14', '15']);
  });
});

describe('widget thread store: my votes', () => {
  it('records and clears my vote with the new score', () => {
    const voted = setMyVote(open(), { postId: '12', score: -1, value: -1 });
    expect(voted.myVotes).toEqual({ '11': 1, '12': -1 });
    expect(voted.posts.find((p) => p.id === '12')?.score).toBe(-1);
    expect(setMyVote(voted, { postId: '11', score: 0, value: 0 }).myVotes).toEqual({ '12': -1 });
  });
});

describe('widget thread store: layout', () => {
  it('nests replies under their parent and puts the accepted answer group first', () => {
    const state = fromOpened({
      thread: thread('1', 0, { rootPostId: '10', acceptedPostId: '14' }),
      posts: [
        post('10', '1', { root: true }),
        post('11', '1'),
        post('12', '1', { parentId: '11' }),
        post('13', '1'),
        post('14', '1', { parentId: '13' }),
      ],
      myVotes: {},
      following: false,
      next: null,
    });
    const layout = arrangeThread(state);
    expect(layout.root?.id).toBe('10');
    expect(layout.groups.map((g) => [g.post.id, g.children.map((c) => c.id)])).toEqual([
      ['13', ['14']],
      ['11', ['12']],
    ]);
  });

  it('shows a reply whose parent is gone at the top level', () => {
    const state = fromOpened({
      thread: thread('1', 0, { rootPostId: '10' }),
      posts: [post('10', '1', { root: true }), post('12', '1', { parentId: '11' })],
      myVotes: {},
      following: false,
      next: null,
    });
    expect(arrangeThread(state).groups.map((g) => g.post.id)).toEqual(['12']);
  });
});

describe('widget thread store: product releases', () => {
  const released = { kind: 'board.released', name: 'v2', releasedAt: '2026-11-24T12:00:00.000Z' } as const;

  it('flags the open thread’s accepted answer on board.released', () => {
    const answered = fromOpened({
      thread: thread('1', 0, { rootPostId: '10', acceptedPostId: '11' }),
      posts: [post('10', '1', { root: true }), post('11', '1')],
      myVotes: {},
      following: false,
      next: null,
    });
    expect(applyThreadEvent(answered, released, null).thread.answerStale).toBe(true);
  });

  it('leaves a thread without an accepted answer as it is', () => {
    const state = open();
    expect(applyThreadEvent(state, released, null)).toBe(state);
  });
});
