import type { ErrorCode, ResultMap } from '@booth/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SiteRow } from '../../server/src/db/database.js';
import { answer, ask, expectRefused, useBoardApp, type Visitor } from '../helpers/actors.js';
import { getJson } from '../helpers/http-client.js';
import { signSso } from '../helpers/test-app.js';
import { type Reply, TestClient } from '../helpers/ws-client.js';

const app = useBoardApp();
const BOARD = 'product-42';

/** Site A's content, which nobody on site B may reach by id. */
let asker: Visitor;
let question: Awaited<ReturnType<typeof ask>>;
let reply: Awaited<ReturnType<typeof answer>>;
let siteB: SiteRow;

beforeAll(async () => {
  asker = await app.guest('Asker on A');
  question = await ask(asker.client, BOARD, { title: 'A question on site A' });
  reply = await answer((await app.guest('Helper on A')).client, question.thread.id, 'A reply on site A');
  siteB = await app.otherSite({ name: 'Site B' });
});

/** What the tables hold for one thread, to prove a refused request changed nothing. */
async function snapshotOf(threadId: string) {
  const db = app.t.database.db;
  const [threads, posts, votes, events] = await Promise.all([
    db.selectFrom('threads').selectAll().where('id', '=', threadId).execute(),
    db.selectFrom('posts').selectAll().where('thread_id', '=', threadId).orderBy('id').execute(),
    db
      .selectFrom('votes')
      .selectAll()
      .where('post_id', 'in', db.selectFrom('posts').select('id').where('thread_id', '=', threadId))
      .execute(),
    db
      .selectFrom('events')
      .select('seq')
      .where('board_id', '=', db.selectFrom('threads').select('board_id').where('id', '=', threadId))
      .execute(),
  ]);
  return { threads, posts, votes, events: events.length };
}

const snapshotOfA = () => snapshotOf(question.thread.id);

describe('ids from another site', () => {
  const attempts: Array<[string, (c: TestClient) => Promise<Reply<keyof ResultMap>>]> = [
    ['thread.open', (c) => c.request({ type: 'thread.open', threadId: question.thread.id })],
    [
      'post.create',
      (c) => c.request({ type: 'post.create', key: TestClient.key(), threadId: question.thread.id, body: 'From B' }),
    ],
    [
      'post.create under a reply',
      (c) =>
        c.request({
          type: 'post.create',
          key: TestClient.key(),
          threadId: question.thread.id,
          parentId: reply.post.id,
          body: 'From B',
        }),
    ],
    [
      'vote on the question',
      (c) => c.request({ type: 'vote', key: TestClient.key(), postId: question.post.id, value: 1 }),
    ],
    ['vote on a reply', (c) => c.request({ type: 'vote', key: TestClient.key(), postId: reply.post.id, value: -1 })],
    [
      'post.edit',
      (c) => c.request({ type: 'post.edit', key: TestClient.key(), postId: reply.post.id, body: 'Defaced' }),
    ],
    ['post.delete', (c) => c.request({ type: 'post.delete', key: TestClient.key(), postId: question.post.id })],
    [
      'thread.accept',
      (c) =>
        c.request({
          type: 'thread.accept',
          key: TestClient.key(),
          threadId: question.thread.id,
          postId: reply.post.id,
        }),
    ],
  ];

  it.each(attempts)('are not found for %s by a guest of site B', async (_name, attempt) => {
    const before = await snapshotOfA();
    const guest = await app.guest('Guest on B', siteB);
    await expectRefused(attempt(guest.client), 'not_found');
    expect(await snapshotOfA()).toEqual(before);
  });

  it.each(attempts)('are not found for %s by staff of site B', async (_name, attempt) => {
    const before = await snapshotOfA();
    const staff = await app.staff('agent-b', 'Staff of B', siteB);
    await expectRefused(attempt(staff.client), 'not_found');
    expect(await snapshotOfA()).toEqual(before);
  });

  it('are not found on site B over HTTP either', async () => {
    const res = await getJson(`${app.t.baseUrl}/api/threads/${question.thread.id}?site=${siteB.public_key}`, null);
    expect(res).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
  });

  it('do not exist for a board of the same name on site B', async () => {
    const guest = await app.guest('Guest on B', siteB);
    const snap = await guest.client.ok({ type: 'subscribe', board: BOARD });
    expect(snap).toMatchObject({ mode: 'snapshot', seq: 0, threads: [] });
    const onB = await ask(guest.client, BOARD, { title: 'A question on site B' });
    expect(onB.thread.board).toBe(BOARD);
    const onA = await asker.client.ok({ type: 'subscribe', board: BOARD });
    expect(onA.mode === 'snapshot' && onA.threads.map((t) => t.id)).not.toContain(onB.thread.id);
  });

  it('do not leak live events across sites', async () => {
    const watcherOnB = await app.guest('Watcher on B', siteB);
    await watcherOnB.client.ok({ type: 'subscribe', board: BOARD });
    await answer(asker.client, question.thread.id, 'Another reply on A');
    await watcherOnB.client.ok({ type: 'ping' });
    expect(watcherOnB.client.events).toEqual([]);
  });
});

describe('identity across sites', () => {
  it("does not let site A's staff token sign in on site B", async () => {
    const client = await app.reader(siteB);
    const token = await signSso(app.site, { sub: 'agent-a', name: 'Staff of A', role: 'staff' });
    await expectRefused(client.request({ type: 'hello', sso: token }), 'invalid_token');
  });

  it('keeps staff of site B a stranger on site A', async () => {
    const staffB = await app.staff('agent-b2', 'Staff of B', siteB);
    const onA = await app.member({ sub: 'agent-b2', name: 'Staff of B' });
    expect(onA.me.role).toBe('customer');
    expect(onA.me.id).not.toBe(staffB.me.id);
    await expectRefused(
      onA.client.request({
        type: 'thread.accept',
        key: TestClient.key(),
        threadId: question.thread.id,
        postId: reply.post.id,
      }),
      'forbidden',
    );
  });
});

describe('who may change what on one site', () => {
  type Who = 'author' | 'other customer' | 'asker' | 'staff' | 'reader';
  const expectations: Array<[string, Who, ErrorCode | null]> = [
    ['edit a reply', 'author', null],
    ['edit a reply', 'other customer', 'forbidden'],
    ['edit a reply', 'staff', 'forbidden'],
    ['edit a reply', 'reader', 'auth_required'],
    ['delete a reply', 'other customer', 'forbidden'],
    ['delete a reply', 'staff', 'forbidden'],
    ['delete a reply', 'author', null],
    ['accept a reply', 'other customer', 'forbidden'],
    ['accept a reply', 'author', 'forbidden'],
    ['accept a reply', 'asker', null],
    ['accept a reply', 'staff', null],
    ['vote on a reply', 'author', 'forbidden'],
    ['vote on a reply', 'asker', null],
    ['vote on a reply', 'reader', 'auth_required'],
  ];

  it.each(expectations)('%s as %s → %s', async (action, who, expected) => {
    const { thread } = await ask(asker.client, BOARD, { title: `Who may ${action}?` });
    const author = await app.guest('Reply Author');
    const { post } = await answer(author.client, thread.id, 'The reply in question');
    const clients: Record<Who, () => Promise<TestClient>> = {
      author: async () => author.client,
      'other customer': async () => (await app.guest('Someone Else')).client,
      asker: async () => asker.client,
      staff: async () => (await app.staff()).client,
      reader: () => app.reader(),
    };
    const client = await clients[who]();
    const key = TestClient.key();
    const requests = {
      'edit a reply': () => client.request({ type: 'post.edit', key, postId: post.id, body: 'Changed' }),
      'delete a reply': () => client.request({ type: 'post.delete', key, postId: post.id }),
      'accept a reply': () => client.request({ type: 'thread.accept', key, threadId: thread.id, postId: post.id }),
      'vote on a reply': () => client.request({ type: 'vote', key, postId: post.id, value: 1 }),
    } as const;
    const result = await requests[action as keyof typeof requests]();
    expect(result.ok ? null : result.error.code).toBe(expected);
  });
});

describe('a hidden thread', () => {
  it('cannot be changed or voted on through its posts, and nothing about it goes live', async () => {
    const board = 'hidden-by-staff';
    const { thread, post: root } = await ask(asker.client, board, { title: 'Spam title' });
    const replier = await app.guest('Replier');
    const { post } = await answer(replier.client, thread.id, 'Spam reply');
    await app.t.database.db.updateTable('threads').set({ hidden: true }).where('id', '=', thread.id).execute();
    const watcher = await app.guest('Watcher');
    await watcher.client.ok({ type: 'subscribe', board });
    const before = await snapshotOf(thread.id);

    const key = () => TestClient.key();
    await expectRefused(
      asker.client.request({ type: 'post.edit', key: key(), postId: root.id, body: 'Spam, edited', title: 'New spam' }),
      'not_found',
    );
    await expectRefused(
      replier.client.request({ type: 'post.edit', key: key(), postId: post.id, body: 'Spam, edited' }),
      'not_found',
    );
    await expectRefused(replier.client.request({ type: 'post.delete', key: key(), postId: post.id }), 'not_found');
    await expectRefused(asker.client.request({ type: 'vote', key: key(), postId: post.id, value: 1 }), 'not_found');
    await expectRefused(replier.client.request({ type: 'vote', key: key(), postId: root.id, value: 1 }), 'not_found');

    await watcher.client.ok({ type: 'ping' });
    expect(watcher.client.events).toEqual([]);
    expect(await snapshotOf(thread.id)).toEqual(before);
  });
});
