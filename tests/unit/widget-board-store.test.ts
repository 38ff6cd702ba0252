import { compareThreads } from '@booth/shared';
import { describe, expect, it } from 'vitest';
import { applyBoardEvent, upsertThread } from '../../widget/src/state/board-events.js';
import { appendPage, type BoardState, fromSnapshot } from '../../widget/src/state/board-store.js';
import { post, thread } from './widget-fixtures.js';

const ids = (state: BoardState) => state.threads.map((t) => t.id);

describe('widget board store: order', () => {
  it('puts pinned threads first, then the latest activity, then the newest id', () => {
    const threads = [thread('1', 30), thread('2', 5), thread('3', 60, { pinned: true }), thread('10', 30)];
    expect(threads.sort((a, b) => compareThreads(a, b)).map((t) => t.id)).toEqual(['3', '2', '10', '1']);
  });

  it('sorts a snapshot into board order and keeps its cursor and seq', () => {
    const state = fromSnapshot({ threads: [thread('1', 10), thread('2', 1)], next: 'c1' }, 42);
    expect(ids(state)).toEqual(['2', '1']);
    expect(state.next).toBe('c1');
    expect(state.seq).toBe(42);
  });
});

describe('widget board store: pages', () => {
  it('appends the next page without listing a thread twice', () => {
    const first = fromSnapshot({ threads: [thread('5', 1), thread('4', 2)], next: 'c1' }, 1);
    // Thread 4 is on the next page too: it moved while the viewer was reading.
    const next = appendPage(first, { threads: [thread('4', 2), thread('3', 3), thread('2', 4)], next: null });
    expect(ids(next)).toEqual(['5', '4', '3', '2']);
    expect(next.next).toBeNull();
  });
});

describe('widget board store: upsert', () => {
  const loaded = fromSnapshot({ threads: [thread('3', 1), thread('2', 5), thread('1', 9)], next: null }, 7);

  it('puts a new thread on top', () => {
    expect(ids(upsertThread(loaded, thread('4', 0)))).toEqual(['4', '3', '2', '1']);
  });

  it('moves a thread with new activity up and replaces its data', () => {
    const next = upsertThread(loaded, thread('1', 0, { replyCount: 1 }));
    expect(ids(next)).toEqual(['1', '3', '2']);
    expect(next.threads[0]?.replyCount).toBe(1);
  });

  it('drops a thread that became hidden', () => {
    expect(ids(upsertThread(loaded, thread('2', 5, { status: 'hidden' })))).toEqual(['3', '1']);
  });

  it('keeps the viewer’s own thread held for review in its place, as the server lists it for them', () => {
    const held = upsertThread(loaded, thread('4', 3, { status: 'hidden' }), true);
    expect(ids(held)).toEqual(['3', '4', '2', '1']);
    expect(held.threads[1]?.status).toBe('hidden');
    // Approved, it is listed like any other.
    expect(ids(upsertThread(held, thread('4', 3)))).toEqual(['3', '4', '2', '1']);
  });

  it('leaves a thread that sorts after the loaded page to "Load more"', () => {
    const partial = fromSnapshot({ threads: [...loaded.threads], next: 'cursor' }, 7);
    expect(upsertThread(partial, thread('0', 60))).toBe(partial);
    // Without more pages, it belongs at the end.
    expect(ids(upsertThread(loaded, thread('0', 60)))).toEqual(['3', '2', '1', '0']);
  });

  it('keeps the last loaded thread in place when it changes without moving', () => {
    const partial = fromSnapshot({ threads: [thread('3', 1), thread('2', 5), thread('1', 9)], next: 'cursor' }, 7);
    const edited = upsertThread(partial, thread('1', 9, { title: 'Edited' }));
    expect(ids(edited)).toEqual(['3', '2', '1']);
    expect(edited.threads[2]?.title).toBe('Edited');
  });

  it('removes a listed thread that moved past the loaded page (unpinned)', () => {
    const pinned = fromSnapshot({ threads: [thread('9', 99, { pinned: true }), thread('3', 1)], next: 'cursor' }, 1);
    expect(ids(upsertThread(pinned, thread('9', 99)))).toEqual(['3']);
  });
});

describe('widget board store: events', () => {
  const loaded = fromSnapshot({ threads: [thread('2', 5), thread('1', 9)], next: null }, 10);

  it('applies thread.created and records its seq', () => {
    const t = thread('3', 0);
    const next = applyBoardEvent(loaded, 11, {
      kind: 'thread.created',
      thread: t,
      post: post('300', '3', { root: true }),
    });
    expect(ids(next)).toEqual(['3', '2', '1']);
    expect(next.seq).toBe(11);
  });

  it('ignores an event at or before the last applied seq', () => {
    const replay = applyBoardEvent(loaded, 10, { kind: 'thread.removed', threadId: '2' });
    expect(replay).toBe(loaded);
  });

  it('updates the thread from post events', () => {
    const t = thread('1', 0, { replyCount: 1, staffReplied: true });
    const next = applyBoardEvent(loaded, 11, { kind: 'post.created', post: post('11', '1'), thread: t });
    expect(ids(next)).toEqual(['1', '2']);
    expect(next.threads[0]?.staffReplied).toBe(true);
  });

  it('removes a thread on thread.removed', () => {
    expect(ids(applyBoardEvent(loaded, 11, { kind: 'thread.removed', threadId: '2' }))).toEqual(['1']);
  });

  it('sets the thread score only for a vote on its opening post', () => {
    const root = applyBoardEvent(loaded, 11, { kind: 'vote.changed', postId: '200', threadId: '2', score: 3 });
    expect(root.threads.find((t) => t.id === '2')?.score).toBe(3);
    const reply = applyBoardEvent(loaded, 11, { kind: 'vote.changed', postId: '201', threadId: '2', score: 5 });
    expect(reply.threads.find((t) => t.id === '2')?.score).toBe(0);
    expect(reply.seq).toBe(11);
  });

  it('shows the accepted state from thread.updated', () => {
    const t = thread('2', 0, { acceptedPostId: '21', status: 'answered' });
    const next = applyBoardEvent(loaded, 11, { kind: 'thread.updated', thread: t });
    expect(next.threads[0]).toEqual(t);
  });
});

describe('widget board store: sorts and filters', () => {
  const votes = { sort: 'votes', filter: 'all' } as const;
  const unanswered = { sort: 'activity', filter: 'unanswered' } as const;

  it('orders by votes, then newest id among equal scores, pinned still first', () => {
    const state = fromSnapshot(
      {
        threads: [
          thread('1', 1, { score: 3 }),
          thread('2', 2, { score: 5 }),
          thread('3', 3, { score: 3 }),
          thread('4', 4, { pinned: true }),
        ],
        next: null,
      },
      1,
      votes,
    );
    expect(ids(state)).toEqual(['4', '2', '3', '1']);
  });

  it('orders newest by creation, whatever the later activity', () => {
    const created = (id: string, minutesAgo: number, activeMinutesAgo: number) =>
      thread(id, activeMinutesAgo, { createdAt: thread(id, minutesAgo).createdAt });
    const state = fromSnapshot(
      { threads: [created('1', 50, 0), created('2', 10, 10), created('3', 30, 1)], next: null },
      1,
      { sort: 'newest', filter: 'all' },
    );
    expect(ids(state)).toEqual(['2', '3', '1']);
  });

  it('moves a thread whose opening post got votes, from the thread the event carries', () => {
    const state = fromSnapshot(
      { threads: [thread('1', 1, { score: 2 }), thread('2', 2, { score: 1 })], next: null },
      1,
      votes,
    );
    const voted = thread('2', 2, { score: 4 });
    const next = applyBoardEvent(state, 2, {
      kind: 'vote.changed',
      postId: voted.rootPostId,
      threadId: '2',
      score: 4,
      thread: voted,
    });
    expect(ids(next)).toEqual(['2', '1']);
    // An event without the thread (from before events carried it) still moves a loaded one.
    const back = applyBoardEvent(next, 3, { kind: 'vote.changed', postId: voted.rootPostId, threadId: '2', score: 0 });
    expect(ids(back)).toEqual(['1', '2']);
  });

  it('takes in a thread voted up from beyond the loaded page, in its place', () => {
    const state = fromSnapshot(
      { threads: [thread('1', 1, { score: 9 }), thread('2', 2, { score: 5 })], next: 'c1' },
      1,
      votes,
    );
    const risen = thread('7', 9, { score: 6 });
    const next = applyBoardEvent(state, 2, {
      kind: 'vote.changed',
      postId: risen.rootPostId,
      threadId: '7',
      score: 6,
      thread: risen,
    });
    expect(ids(next)).toEqual(['1', '7', '2']);
  });

  it('drops a thread from the unanswered list once it is answered, and takes it back when that is undone', () => {
    const state = fromSnapshot({ threads: [thread('1', 1), thread('2', 2)], next: null }, 1, unanswered);
    const answered = applyBoardEvent(state, 2, {
      kind: 'thread.updated',
      thread: thread('2', 0, { answered: true, acceptedPostId: '9', status: 'answered' }),
    });
    expect(ids(answered)).toEqual(['1']);
    const undone = applyBoardEvent(answered, 3, { kind: 'thread.updated', thread: thread('2', 0) });
    expect(ids(undone)).toEqual(['2', '1']);
  });

  it('keeps a new discussion out of a questions-only list', () => {
    const state = fromSnapshot({ threads: [thread('1', 1)], next: null }, 1, { sort: 'activity', filter: 'questions' });
    const next = applyBoardEvent(state, 2, {
      kind: 'thread.created',
      thread: thread('2', 0, { kind: 'discussion' }),
      post: post('20', '2', { root: true }),
    });
    expect(ids(next)).toEqual(['1']);
  });
});

describe('widget board store: product releases', () => {
  it('flags every accepted answer it lists on board.released, and only those, once', () => {
    const loaded = fromSnapshot(
      {
        threads: [thread('3', 1, { acceptedPostId: '31' }), thread('2', 5), thread('1', 9, { acceptedPostId: '11' })],
        next: null,
      },
      7,
    );
    const released = applyBoardEvent(loaded, 8, {
      kind: 'board.released',
      name: 'v2',
      releasedAt: '2026-11-24T12:00:00.000Z',
    });
    expect(released.threads.map((t) => [t.id, t.answerStale])).toEqual([
      ['3', true],
      ['2', false],
      ['1', true],
    ]);
    expect(released.seq).toBe(8);
    expect(
      applyBoardEvent(released, 8, { kind: 'board.released', name: 'v2', releasedAt: '2026-11-24T12:00:00.000Z' }),
    ).toBe(released);
    // A confirmation arrives as the thread's update: no longer stale.
    const confirmed = applyBoardEvent(released, 9, {
      kind: 'thread.updated',
      thread: thread('3', 1, { acceptedPostId: '31', answerStale: false }),
    });
    expect(confirmed.threads.find((t) => t.id === '3')?.answerStale).toBe(false);
  });
});
