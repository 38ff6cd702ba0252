import { afterAll, describe, expect, it } from 'vitest';
import {
  ask,
  connectMember,
  connectStaff,
  createOpenSite,
  freshBoard,
  PERMISSIVE_POLICY,
  useBoardApp,
  type Visitor,
} from '../helpers/actors.js';
import { TestClient } from '../helpers/ws-client.js';

// Hostile-input suite: one member posting from many sockets at the same instant. Every write of
// one member takes the same locks in the same order (see server/src/domain/write.ts), so these
// are stored one after another instead of deadlocking. PGlite runs one transaction at a time, so
// there this passes trivially; on the real Postgres it reproduces the deadlock without the fix.

const app = useBoardApp();
const opened: TestClient[] = [];
afterAll(async () => {
  await Promise.all(opened.map((client) => client.close()));
});

/** The same signed-in member on `count` sockets. */
async function sameMemberOn(count: number, sub: string): Promise<Visitor[]> {
  const visitors: Visitor[] = [];
  for (let n = 0; n < count; n++) {
    const visitor = await connectMember(app.t, app.site, { sub, name: `Tab Opener ${sub}` });
    opened.push(visitor.client);
    visitors.push(visitor);
  }
  return visitors;
}

/** The socket of the first visitor in a list. */
function firstOf(visitors: Visitor[]): TestClient {
  const first = visitors[0];
  if (!first) throw new Error('no visitors');
  return first.client;
}

async function postCount(threadId: string): Promise<number> {
  const row = await app.t.database.db
    .selectFrom('posts')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('thread_id', '=', threadId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Sends one reply per socket without waiting between them, then awaits every answer. */
function replyAtOnce(visitors: Visitor[], threadId: string, tag: string) {
  return Promise.all(
    visitors.map((v, n) =>
      v.client.request({ type: 'post.create', key: TestClient.key(), threadId, body: `${tag} reply number ${n}` }),
    ),
  );
}

describe('concurrent writes', () => {
  it('stores all ten replies of one member sent from ten sockets to one thread at once', async () => {
    const tabs = await sameMemberOn(10, 'tabs-1');
    const { thread } = await ask(firstOf(tabs), freshBoard('race'));
    const replies = await replyAtOnce(tabs, thread.id, 'same member');
    expect(replies.map((r) => (r.ok ? 'stored' : r.error.code))).toEqual(Array(10).fill('stored'));
    // The opening post plus ten replies.
    expect(await postCount(thread.id)).toBe(11);
  });

  it('stores the replies of ten members sent to one thread at once', async () => {
    const people: Visitor[] = [];
    for (let n = 0; n < 10; n++) {
      const person = await connectMember(app.t, app.site, { sub: `crowd-${n}`, name: `Crowd Member ${n}` });
      opened.push(person.client);
      people.push(person);
    }
    const { thread } = await ask(firstOf(people), freshBoard('crowd'));
    const replies = await replyAtOnce(people, thread.id, 'many members');
    expect(replies.map((r) => (r.ok ? 'stored' : r.error.code))).toEqual(Array(10).fill('stored'));
    expect(await postCount(thread.id)).toBe(11);
  });

  it('keeps one member writing threads, replies, edits and votes at once free of deadlocks', async () => {
    const tabs = await sameMemberOn(6, 'tabs-2');
    const others = await sameMemberOn(2, 'tabs-3');
    const board = freshBoard('mixed');
    const { thread, post } = await ask(firstOf(tabs), board);
    const { post: theirs } = await firstOf(others).ok({
      type: 'post.create',
      key: TestClient.key(),
      threadId: thread.id,
      body: 'A reply worth a vote',
    });
    const writes = [
      ...tabs.map((v, n) =>
        n % 3 === 0
          ? v.client.request({ type: 'post.create', key: TestClient.key(), threadId: thread.id, body: `mixed ${n}` })
          : n % 3 === 1
            ? v.client.request({
                type: 'thread.create',
                key: TestClient.key(),
                board,
                kind: 'discussion',
                title: `Parallel thread ${n}`,
                body: `Parallel body ${n}`,
              })
            : v.client.request({ type: 'vote', key: TestClient.key(), postId: theirs.id, value: 1 }),
      ),
      tabs[1]?.client.request({
        type: 'post.edit',
        key: TestClient.key(),
        postId: post.id,
        body: 'Edited while others post',
      }),
      ...others.map((v, n) =>
        v.client.request({ type: 'post.create', key: TestClient.key(), threadId: thread.id, body: `other ${n}` }),
      ),
    ];
    const replies = await Promise.all(writes);
    expect(replies.map((r) => (r?.ok ? 'ok' : r?.error.code))).toEqual(Array(writes.length).fill('ok'));
  });

  it('lets staff approve a held post while its author replies in the same thread from many sockets', async () => {
    const site = await createOpenSite(app.t.database, {}, { ...PERMISSIVE_POLICY, premoderateFirstPosts: true });
    const staff = await connectStaff(app.t, site);
    opened.push(staff.client);
    const { thread } = await ask(staff.client, freshBoard('held'));
    const author: Visitor[] = [];
    for (let n = 0; n < 6; n++) {
      const tab = await connectMember(app.t, site, { sub: 'held-author', name: 'Held Author' });
      opened.push(tab.client);
      author.push(tab);
    }
    const { post: held } = await firstOf(author).ok({
      type: 'post.create',
      key: TestClient.key(),
      threadId: thread.id,
      body: 'My first reply waits for review',
    });
    expect(held.status).toBe('pending');
    const [approval, ...replies] = await Promise.all([
      staff.client.request({ type: 'staff.post.action', key: TestClient.key(), postId: held.id, action: 'approve' }),
      ...author.map((v, n) =>
        v.client.request({ type: 'post.create', key: TestClient.key(), threadId: thread.id, body: `eager ${n}` }),
      ),
    ]);
    expect(approval?.ok ? 'ok' : approval?.error.code).toBe('ok');
    expect(replies.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual(Array(6).fill('ok'));
  });

  it('lets staff move a thread while people edit, reply to and vote on its posts', async () => {
    const staff = await connectStaff(app.t, app.site, 'mover', 'Mover from Support');
    opened.push(staff.client);
    const author = await sameMemberOn(3, 'moved-author');
    const voters = await sameMemberOn(3, 'moved-voter');
    const { thread, post } = await ask(firstOf(author), freshBoard('before-move'));
    const writes = await Promise.all([
      staff.client.request({
        type: 'staff.thread.move',
        key: TestClient.key(),
        threadId: thread.id,
        board: freshBoard('after-move'),
      }),
      ...author.map((v, n) =>
        n === 0
          ? v.client.request({
              type: 'post.edit',
              key: TestClient.key(),
              postId: post.id,
              body: 'Edited during a move',
            })
          : v.client.request({
              type: 'post.create',
              key: TestClient.key(),
              threadId: thread.id,
              body: `during move ${n}`,
            }),
      ),
      ...voters.map((v) => v.client.request({ type: 'vote', key: TestClient.key(), postId: post.id, value: 1 })),
    ]);
    expect(writes.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual(Array(7).fill('ok'));
    const boards = await app.t.database.db
      .selectFrom('posts')
      .select('board_id')
      .distinct()
      .where('thread_id', '=', thread.id)
      .execute();
    // Every post went with its thread, the replies written during the move included.
    expect(boards).toHaveLength(1);
  });
});
