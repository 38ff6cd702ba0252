import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  answer,
  ask,
  expectRefused,
  flush,
  freshBoard,
  reconnectGuest,
  useBoardApp,
  type Visitor,
} from '../helpers/actors.js';
import { TestClient } from '../helpers/ws-client.js';

const app = useBoardApp();
let asker: Visitor;
let helper: Visitor;

beforeAll(async () => {
  asker = await app.guest('Asker');
  helper = await app.guest('Helper');
});

const createThread = (client: TestClient, board: string, key: string, title = 'Retried question') =>
  client.request({ type: 'thread.create', key, board, kind: 'question', title, body: 'Body' });

const createReply = (client: TestClient, threadId: string, key: string, body = 'Retried reply') =>
  client.request({ type: 'post.create', key, threadId, body });

/** Rows of `table` whose `column` equals `value`, counted in the database itself. */
async function countRows(table: 'threads' | 'posts' | 'events' | 'idempotency_keys', column: string, value: string) {
  const { rows } = await sql<{
    n: string;
  }>`select count(*) as n from ${sql.table(table)} where ${sql.ref(column)} = ${value}`.execute(app.t.database.db);
  return Number(rows[0]?.n);
}

async function boardId(slug: string): Promise<string> {
  const row = await app.t.database.db
    .selectFrom('boards')
    .select('id')
    .where('site_id', '=', app.site.id)
    .where('slug', '=', slug)
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Asks on a fresh board, then replies there as the helper with a fresh key: the write the tests repeat. */
async function firstReply(body: string) {
  const board = freshBoard();
  const { thread } = await ask(asker.client, board);
  const key = TestClient.key();
  const first = await createReply(helper.client, thread.id, key, body);
  if (!first.ok) throw new Error(first.error.code);
  return { board, thread, key, first };
}

describe('a retried write', () => {
  it('creates one thread and gets the same reply on the same socket', async () => {
    const board = freshBoard();
    const key = TestClient.key();
    const first = await createThread(asker.client, board, key);
    const second = await createThread(asker.client, board, key);
    expect(first.ok).toBe(true);
    expect(second).toEqual(first);
    const id = await boardId(board);
    expect(await countRows('threads', 'board_id', id)).toBe(1);
    expect(await countRows('posts', 'board_id', id)).toBe(1);
    expect(await countRows('events', 'board_id', id)).toBe(1);
    expect(await countRows('idempotency_keys', 'key', key)).toBe(1);
  });

  it('gets the first reply even after the thread changed since', async () => {
    const board = freshBoard();
    const key = TestClient.key();
    const first = await createThread(asker.client, board, key, 'Original title');
    if (!first.ok) throw new Error(first.error.code);
    await answer(helper.client, first.result.thread.id);
    const retry = await createThread(asker.client, board, key, 'Original title');
    expect(retry).toEqual(first);
  });

  it('after a dropped connection, creates nothing new when the same guest retries on a new socket', async () => {
    const board = freshBoard();
    const { thread } = await ask(asker.client, board);
    const key = TestClient.key();
    const dropping = await reconnectGuest(app.t, app.site, helper.guestToken as string);
    const first = await createReply(dropping.client, thread.id, key);
    await dropping.client.close();
    const again = await reconnectGuest(app.t, app.site, helper.guestToken as string);
    const retry = await createReply(again.client, thread.id, key);
    expect(retry).toEqual(first);
    expect(await countRows('posts', 'thread_id', thread.id)).toBe(2);
    expect((await again.client.ok({ type: 'thread.open', threadId: thread.id })).thread.replyCount).toBe(1);
  });

  it('announces the change once', async () => {
    const board = freshBoard();
    const watcher = await app.guest('Watcher');
    await watcher.client.ok({ type: 'subscribe', board });
    const key = TestClient.key();
    await createThread(asker.client, board, key);
    await createThread(asker.client, board, key);
    await ask(asker.client, board, { title: 'A later question' });
    const onBoard = () => watcher.client.events.filter((e) => e.board === board);
    await watcher.client.until('two events on the board', () => onBoard().length >= 2);
    await flush(watcher.client);
    expect(onBoard().map((e) => e.seq)).toEqual([1, 2]);
  });

  it('creates one row when retries race on two sockets', async () => {
    const { thread } = await ask(asker.client, freshBoard());
    const sockets = await Promise.all(
      [1, 2, 3].map(() => reconnectGuest(app.t, app.site, helper.guestToken as string)),
    );
    const key = TestClient.key();
    const replies = await Promise.all(sockets.map((s) => createReply(s.client, thread.id, key)));
    expect(replies.every((r) => r.ok)).toBe(true);
    const ids = new Set(replies.map((r) => (r.ok ? r.result.post.id : null)));
    expect(ids.size).toBe(1);
    expect(await countRows('posts', 'thread_id', thread.id)).toBe(2);
    expect(await countRows('idempotency_keys', 'key', key)).toBe(1);
  });

  it('counts a retried vote once', async () => {
    const { thread } = await ask(asker.client, freshBoard());
    const { post } = await answer(helper.client, thread.id);
    const key = TestClient.key();
    const vote = () => asker.client.request({ type: 'vote', key, postId: post.id, value: 1 });
    const [a, b] = await Promise.all([vote(), vote()]);
    expect(a).toEqual({ ok: true, result: { postId: post.id, score: 1, value: 1 } });
    expect(b).toEqual(a);
  });
});

describe('an idempotency key', () => {
  it('used again for another kind of request is a conflict, and changes nothing', async () => {
    const board = freshBoard();
    const key = TestClient.key();
    const created = await createThread(asker.client, board, key);
    if (!created.ok) throw new Error(created.error.code);
    const error = await expectRefused(createReply(asker.client, created.result.thread.id, key), 'conflict');
    expect(error.message).toMatch(/idempotency key/i);
    expect(await countRows('posts', 'thread_id', created.result.thread.id)).toBe(1);
    await expectRefused(asker.client.request({ type: 'post.delete', key, postId: created.result.post.id }), 'conflict');
    expect((await asker.client.ok({ type: 'thread.open', threadId: created.result.thread.id })).thread.id).toBe(
      created.result.thread.id,
    );
  });

  it('retried with the same content, in another key order on a new socket, gets the stored reply and writes nothing', async () => {
    const { board, thread, key, first } = await firstReply('Same reply');
    const again = await reconnectGuest(app.t, app.site, helper.guestToken as string);
    const retry = JSON.stringify({ body: 'Same reply', threadId: thread.id, key, id: 'retry-1', type: 'post.create' });
    again.client.sendRaw(retry);
    expect(await again.client.reply('retry-1')).toEqual({ type: 'result', id: 'retry-1', result: first.result });
    expect(await countRows('posts', 'thread_id', thread.id)).toBe(2);
    expect(await countRows('events', 'board_id', await boardId(board))).toBe(2);
    expect(await countRows('idempotency_keys', 'key', key)).toBe(1);
    await again.client.close();
  });

  it('used again for the same kind of request with different content is a conflict, and changes nothing', async () => {
    const { board, thread, key, first } = await firstReply('First reply');
    const events = await countRows('events', 'board_id', await boardId(board));
    const error = await expectRefused(createReply(helper.client, thread.id, key, 'A different reply'), 'conflict');
    expect(error.message).toMatch(/idempotency key.*different content/i);
    expect(await countRows('posts', 'thread_id', thread.id)).toBe(2);
    expect(await countRows('events', 'board_id', await boardId(board))).toBe(events);
    const opened = await helper.client.ok({ type: 'thread.open', threadId: thread.id });
    expect(opened.posts.map((p) => p.source)).toEqual([expect.any(String), 'First reply']);
    // The first write's retry is still answered.
    expect(await createReply(helper.client, thread.id, key, 'First reply')).toEqual(first);
  });

  it('claimed before fingerprints were kept is matched on request type alone', async () => {
    const { thread, key, first } = await firstReply('Older reply');
    await app.t.database.db
      .updateTable('idempotency_keys')
      .set({ request_fingerprint: null })
      .where('key', '=', key)
      .execute();
    expect(await createReply(helper.client, thread.id, key, 'Other content')).toEqual(first);
    expect(await countRows('posts', 'thread_id', thread.id)).toBe(2);
  });

  it('belongs to one member: another member using it writes their own row', async () => {
    const board = freshBoard();
    const key = TestClient.key();
    const mine = await createThread(asker.client, board, key, 'Mine');
    const theirs = await createThread(helper.client, board, key, 'Theirs');
    expect(mine.ok && theirs.ok && mine.result.thread.id !== theirs.result.thread.id).toBe(true);
    expect(await countRows('threads', 'board_id', await boardId(board))).toBe(2);
  });

  it('is not spent by a refused write, so the retry can succeed', async () => {
    const { thread } = await ask(asker.client, freshBoard());
    const key = TestClient.key();
    await app.t.database.db.updateTable('threads').set({ locked: true }).where('id', '=', thread.id).execute();
    await expectRefused(createReply(helper.client, thread.id, key), 'thread_locked');
    expect(await countRows('idempotency_keys', 'key', key)).toBe(0);
    await app.t.database.db.updateTable('threads').set({ locked: false }).where('id', '=', thread.id).execute();
    const retry = await createReply(helper.client, thread.id, key);
    expect(retry.ok).toBe(true);
    expect(await countRows('idempotency_keys', 'key', key)).toBe(1);
  });
});
