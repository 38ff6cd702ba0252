/**
 * A post or thread the spam policy or pre-moderation holds stays with its author: after a reload
 * their thread view and board list still show it, marked pending, and nobody else's do.
 */
import type { ThreadPage } from '@booth/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { saveSitePolicy } from '../../server/src/domain/policy/site-policies.js';
import {
  answer,
  ask,
  eventOfKind,
  expectRefused,
  freshBoard,
  PERMISSIVE_POLICY,
  reconnectGuest,
  useBoardApp,
  type Visitor,
} from '../helpers/actors.js';
import { getJson } from '../helpers/http-client.js';
import { TestClient } from '../helpers/ws-client.js';

const app = useBoardApp();
let staff: Visitor;

beforeAll(async () => {
  // Pre-moderation holds every post of a new member; staff are exempt.
  const saved = await saveSitePolicy(app.t.database.db, app.site.id, {
    ...PERMISSIVE_POLICY,
    premoderateFirstPosts: true,
  });
  if (!saved.ok) throw new Error(saved.error.message);
  staff = await app.staff();
});

/** The author's widget after a reload: a new socket that says hello with the stored guest token. */
async function reload(author: Visitor): Promise<TestClient> {
  return (await reconnectGuest(app.t, app.site, author.guestToken as string)).client;
}

/** Everyone who must not see the author's held posts: another guest, a signed-in customer, a reader. */
async function others(): Promise<TestClient[]> {
  return [
    (await app.guest('Another Guest')).client,
    (await app.member({ sub: `shopper-${TestClient.key()}`, name: 'Signed In Shopper' })).client,
    await app.reader(),
  ];
}

async function snapshotIds(client: TestClient, board: string): Promise<string[]> {
  const snapshot = await client.ok({ type: 'subscribe', board });
  return snapshot.mode === 'snapshot' ? snapshot.threads.map((t) => t.id) : [];
}

async function postIds(client: TestClient, threadId: string): Promise<string[]> {
  return (await client.ok({ type: 'thread.open', threadId })).posts.map((p) => p.id);
}

describe('a held reply', () => {
  it('comes back to its author on thread.open after a reload, marked pending, and to nobody else', async () => {
    const { thread, post: question } = await ask(staff.client, freshBoard(), { title: 'Which size for a 42?' });
    const author = await app.guest('Held Replier');
    const { post: held } = await answer(author.client, thread.id, 'I wear a 42 and took the M.');
    expect(held.status).toBe('pending');

    const opened = await (await reload(author)).ok({ type: 'thread.open', threadId: thread.id });
    expect(opened.posts.map((p) => [p.id, p.status])).toEqual([
      [question.id, 'visible'],
      [held.id, 'pending'],
    ]);
    expect(opened.posts[1]).toMatchObject({ author: { id: author.me.id }, html: held.html, source: held.source });
    // The thread's counters still leave it out, as they did when it was posted.
    expect(opened.thread.replyCount).toBe(0);

    for (const client of await others()) expect(await postIds(client, thread.id)).toEqual([question.id]);
    const http = await getJson<{ posts: { id: string }[] }>(
      `${app.t.baseUrl}/api/threads/${thread.id}?site=${app.site.public_key}`,
    );
    expect(http.body.posts.map((p) => p.id)).toEqual([question.id]);
  });

  it('leaves its author too once staff reject it', async () => {
    const board = freshBoard();
    const { thread, post: question } = await ask(staff.client, board, { title: 'Does it shrink?' });
    const author = await app.guest('Rejected Replier');
    await author.client.ok({ type: 'subscribe', board });
    const { post: held } = await answer(author.client, thread.id, 'Mine did, a little.');
    await staff.client.ok({ type: 'staff.post.action', key: TestClient.key(), postId: held.id, action: 'reject' });
    // Live, on the page the author has open…
    const removed = await eventOfKind(author.client, 'post.removed');
    expect(removed.event).toMatchObject({ postId: held.id, thread: { id: thread.id, replyCount: 0 } });
    // …and after a reload.
    expect(await postIds(await reload(author), thread.id)).toEqual([question.id]);
  });
});

describe('a held thread', () => {
  it('comes back to its author in the board snapshot and on thread.open, and to nobody else', async () => {
    const board = freshBoard();
    const visible = await ask(staff.client, board, { title: 'Care instructions' });
    const author = await app.guest('Held Asker');
    const { thread, post: root } = await ask(author.client, board, { title: 'Can I wash it at 60?' });
    expect([thread.status, root.status]).toEqual(['hidden', 'pending']);

    const client = await reload(author);
    const snapshot = await client.ok({ type: 'subscribe', board });
    expect(snapshot.mode === 'snapshot' && snapshot.threads.map((t) => [t.id, t.status])).toEqual([
      [thread.id, 'hidden'],
      [visible.thread.id, 'open'],
    ]);
    const opened = await client.ok({ type: 'thread.open', threadId: thread.id });
    expect(opened.thread).toMatchObject({ id: thread.id, status: 'hidden', title: 'Can I wash it at 60?' });
    expect(opened.posts.map((p) => [p.id, p.status])).toEqual([[root.id, 'pending']]);

    for (const other of await others()) {
      expect(await snapshotIds(other, board)).toEqual([visible.thread.id]);
      await expectRefused(other.request({ type: 'thread.open', threadId: thread.id }), 'not_found');
    }
  });

  it('leaves its author once staff reject it, and lists as usual once approved', async () => {
    const board = freshBoard();
    const author = await app.guest('Twice Held Asker');
    await author.client.ok({ type: 'subscribe', board });
    const rejected = await ask(author.client, board, { title: 'First try' });
    const approved = await ask(author.client, board, { title: 'Second try' });
    const act = (postId: string, action: 'approve' | 'reject') =>
      staff.client.ok({ type: 'staff.post.action', key: TestClient.key(), postId, action });
    await act(rejected.post.id, 'reject');
    await act(approved.post.id, 'approve');
    // Both decisions reach the author's open page live.
    expect((await eventOfKind(author.client, 'thread.removed')).event.threadId).toBe(rejected.thread.id);
    expect((await eventOfKind(author.client, 'thread.created')).event.thread).toMatchObject({
      id: approved.thread.id,
      status: 'open',
    });

    const client = await reload(author);
    const snapshot = await client.ok({ type: 'subscribe', board });
    expect(snapshot.mode === 'snapshot' && snapshot.threads.map((t) => [t.id, t.status])).toEqual([
      [approved.thread.id, 'open'],
    ]);
    await expectRefused(client.request({ type: 'thread.open', threadId: rejected.thread.id }), 'not_found');
  });

  it('takes its place in its author’s pages, so paging lists every thread once', async () => {
    const board = freshBoard();
    const older: string[] = [];
    for (let i = 0; i < 10; i++) older.push((await ask(staff.client, board, { title: `Older ${i}` })).thread.id);
    const author = await app.guest('Paging Asker');
    const held = (await ask(author.client, board, { title: 'Held in the middle' })).thread.id;
    const newer: string[] = [];
    for (let i = 0; i < 15; i++) newer.push((await ask(staff.client, board, { title: `Newer ${i}` })).thread.id);
    const newestFirst = [...[...newer].reverse(), ...[...older].reverse()];

    async function allPages(client: TestClient): Promise<string[][]> {
      const first = await client.ok({ type: 'subscribe', board });
      if (first.mode !== 'snapshot') throw new Error('expected a snapshot');
      const pages: ThreadPage[] = [first];
      for (let next = first.next; next !== null; ) {
        const page = await client.ok({ type: 'threads.page', board, after: next });
        pages.push(page);
        next = page.next;
      }
      return pages.map((p) => p.threads.map((t) => t.id));
    }

    const authorPages = await allPages(await reload(author));
    expect(authorPages.map((p) => p.length)).toEqual([20, 6]);
    expect(authorPages.flat()).toEqual([...newestFirst.slice(0, 15), held, ...newestFirst.slice(15)]);
    const strangerPages = await allPages((await app.guest('Paging Stranger')).client);
    expect(strangerPages.map((p) => p.length)).toEqual([20, 5]);
    expect(strangerPages.flat()).toEqual(newestFirst);
  });
});
