import { LIMITS } from '@booth/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { answer, ask, expectRefused, freshBoard, useBoardApp, type Visitor } from '../helpers/actors.js';
import { unsafeParts } from '../helpers/html-inspect.js';
import { TestClient } from '../helpers/ws-client.js';

let robin: Visitor;

const app = useBoardApp();

beforeAll(async () => {
  robin = await app.guest('Robin');
});

describe('thread.create', () => {
  it('opens a question with its opening post', async () => {
    const board = freshBoard();
    const before = Date.now();
    const { thread, post } = await ask(robin.client, board, {
      title: '  Is the tent waterproof?  ',
      body: 'Planning a **rainy** trip.\n\nThanks!',
    });
    expect(thread).toEqual({
      id: expect.stringMatching(/^[1-9]\d*$/),
      board,
      kind: 'question',
      title: 'Is the tent waterproof?',
      excerpt: 'Planning a rainy trip. Thanks!',
      author: robin.me,
      status: 'open',
      pinned: false,
      locked: false,
      rootPostId: post.id,
      acceptedPostId: null,
      answered: false,
      staffReplied: false,
      replyCount: 0,
      score: 0,
      // The asker follows their own question and waits for its answer.
      waiting: 1,
      createdAt: expect.any(String),
      lastActivityAt: thread.createdAt,
      answerStale: false,
    });
    expect(Date.parse(thread.createdAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(post).toEqual({
      id: expect.stringMatching(/^[1-9]\d*$/),
      threadId: thread.id,
      parentId: null,
      root: true,
      author: robin.me,
      html: '<p>Planning a <strong>rainy</strong> trip.</p>\n<p>Thanks!</p>',
      source: 'Planning a **rainy** trip.\n\nThanks!',
      status: 'visible',
      score: 0,
      createdAt: thread.createdAt,
      editedAt: null,
    });
  });

  it('opens a discussion', async () => {
    const { thread } = await ask(robin.client, freshBoard(), { kind: 'discussion', title: 'Show your campsite' });
    expect(thread).toMatchObject({ kind: 'discussion', status: 'open', title: 'Show your campsite' });
  });

  it('creates the board on first use, once, even when two people start it at the same moment', async () => {
    const board = freshBoard();
    const sam = await app.guest('Sam');
    await Promise.all([ask(robin.client, board), ask(sam.client, board)]);
    const boards = await app.t.database.db
      .selectFrom('boards')
      .select(['slug', 'last_seq'])
      .where('site_id', '=', app.site.id)
      .where('slug', '=', board)
      .execute();
    expect(boards).toEqual([{ slug: board, last_seq: '2' }]);
  });

  it('stores the markdown and serves only sanitized HTML', async () => {
    const body = '<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)> https://shop.example';
    const { post } = await ask(robin.client, freshBoard(), { body });
    expect(post.source).toBe(body);
    expect(unsafeParts(post.html)).toEqual([]);
    expect(post.html).toContain('rel="nofollow ugc noopener"');
    const row = await app.t.database.db
      .selectFrom('posts')
      .select(['source', 'html'])
      .where('id', '=', post.id)
      .executeTakeFirst();
    expect(row).toEqual({ source: body, html: post.html });
  });

  it('refuses a title that is too short after trimming, naming the field', async () => {
    const reply = await robin.client.request({
      type: 'thread.create',
      key: TestClient.key(),
      board: 'b',
      kind: 'question',
      title: '  ab ',
      body: 'body',
    });
    const error = await expectRefused(Promise.resolve(reply), 'invalid_message');
    expect(error.message).toMatch(/^title:/);
  });
});

describe('thread.open', () => {
  it('returns the thread, its visible posts in order and my votes', async () => {
    const { thread, post } = await ask(robin.client, freshBoard());
    const sam = await app.guest('Sam');
    const first = await answer(sam.client, thread.id, 'First reply');
    const second = await answer(sam.client, thread.id, 'Second reply');
    await robin.client.ok({ type: 'vote', key: TestClient.key(), postId: second.post.id, value: 1 });
    const opened = await robin.client.ok({ type: 'thread.open', threadId: thread.id });
    expect(opened.thread).toMatchObject({ id: thread.id, replyCount: 2 });
    expect(opened.posts.map((p) => [p.id, p.root])).toEqual([
      [post.id, true],
      [first.post.id, false],
      [second.post.id, false],
    ]);
    expect(opened.myVotes).toEqual({ [second.post.id]: 1 });
    expect((await sam.client.ok({ type: 'thread.open', threadId: thread.id })).myVotes).toEqual({});
  });

  it('works for a reader without identity', async () => {
    const { thread } = await ask(robin.client, freshBoard());
    const reader = await app.reader();
    const opened = await reader.ok({ type: 'thread.open', threadId: thread.id });
    expect(opened).toMatchObject({ thread: { id: thread.id }, myVotes: {} });
  });

  it('answers not_found for an id that does not exist', async () => {
    await expectRefused(robin.client.request({ type: 'thread.open', threadId: '999999999' }), 'not_found');
  });
});

describe('subscribe and threads.page', () => {
  it('snapshots the newest activity first, pinned threads on top', async () => {
    const board = freshBoard();
    const a = await ask(robin.client, board, { title: 'Thread A' });
    const b = await ask(robin.client, board, { title: 'Thread B' });
    await ask(robin.client, board, { title: 'Thread C' });
    await answer(robin.client, a.thread.id);
    await app.t.database.db.updateTable('threads').set({ pinned: true }).where('id', '=', b.thread.id).execute();
    const snap = await robin.client.ok({ type: 'subscribe', board });
    expect(snap).toMatchObject({ mode: 'snapshot', board, seq: 4, next: null });
    if (snap.mode !== 'snapshot') throw new Error('expected a snapshot');
    expect(snap.threads.map((th) => th.title)).toEqual(['Thread B', 'Thread A', 'Thread C']);
  });

  it('snapshots an empty board that nobody wrote on yet', async () => {
    const snap = await robin.client.ok({ type: 'subscribe', board: freshBoard() });
    expect(snap).toEqual({ mode: 'snapshot', board: snap.board, seq: 0, threads: [], next: null });
  });

  it('pages through more than one page without duplicates or gaps', async () => {
    const board = freshBoard();
    const created: string[] = [];
    for (let i = 0; i < LIMITS.pageSize + 5; i++) {
      created.push((await ask(robin.client, board, { title: `Question ${i}` })).thread.id);
    }
    const snap = await robin.client.ok({ type: 'subscribe', board });
    if (snap.mode !== 'snapshot' || !snap.next) throw new Error('expected a snapshot with a next page');
    expect(snap.threads).toHaveLength(LIMITS.pageSize);
    const page2 = await robin.client.ok({ type: 'threads.page', board, after: snap.next });
    expect(page2.next).toBeNull();
    const seen = [...snap.threads, ...page2.threads].map((th) => th.id);
    expect(seen).toEqual([...created].reverse());
  });

  it('refuses a malformed cursor and an unknown board', async () => {
    const board = freshBoard();
    await ask(robin.client, board);
    const bad = await expectRefused(
      robin.client.request({ type: 'threads.page', board, after: 'bm9wZQ' }),
      'invalid_message',
    );
    expect(bad.message).toMatch(/^after:/);
    await expectRefused(robin.client.request({ type: 'threads.page', board: freshBoard(), after: '' }), 'not_found');
  });

  it('does not list a removed thread', async () => {
    const board = freshBoard();
    const kept = await ask(robin.client, board, { title: 'Kept' });
    const removed = await ask(robin.client, board, { title: 'Removed' });
    await robin.client.ok({ type: 'post.delete', key: TestClient.key(), postId: removed.post.id });
    const snap = await robin.client.ok({ type: 'subscribe', board });
    expect(snap.mode === 'snapshot' && snap.threads.map((th) => th.id)).toEqual([kept.thread.id]);
  });
});

describe('ping', () => {
  it('answers with the server time', async () => {
    const { now } = await robin.client.ok({ type: 'ping' });
    expect(Math.abs(Date.parse(now) - Date.now())).toBeLessThan(5000);
  });
});
