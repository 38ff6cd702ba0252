import type { BoardEvent, EventMessage } from '@booth/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  answer,
  ask,
  eventMatching,
  eventOfKind,
  flush,
  freshBoard,
  useBoardApp,
  type Visitor,
} from '../helpers/actors.js';
import { TestClient } from '../helpers/ws-client.js';

const app = useBoardApp();
let writer: Visitor;
let watcher: Visitor;

beforeAll(async () => {
  writer = await app.guest('Writer');
  watcher = await app.guest('Watcher');
});

/** Subscribes both people to a fresh board and returns its slug and the event id they start from. */
async function watchedBoard(): Promise<{ board: string; from: number }> {
  const board = freshBoard();
  const snap = await watcher.client.ok({ type: 'subscribe', board });
  await writer.client.ok({ type: 'subscribe', board });
  return { board, from: snap.seq };
}

const onBoard = (client: TestClient, board: string) => client.events.filter((e) => e.board === board);

describe('live events', () => {
  it('show every kind of change to another subscriber, in order, with gapless event ids', async () => {
    const { board, from } = await watchedBoard();
    const { thread, post: question } = await ask(writer.client, board, { title: 'Live question' });
    const created = await eventOfKind(watcher.client, 'thread.created', board);
    expect(created.event).toEqual({ kind: 'thread.created', thread, post: question });

    const { post: reply } = await answer(watcher.client, thread.id, 'Live reply');
    const replied = await eventOfKind(writer.client, 'post.created', board);
    expect(replied.event).toMatchObject({ post: reply, thread: { id: thread.id, replyCount: 1 } });

    const edited = await watcher.client.ok({
      type: 'post.edit',
      key: TestClient.key(),
      postId: reply.id,
      body: 'Live reply, edited',
    });
    expect((await eventOfKind(writer.client, 'post.updated', board)).event).toMatchObject({
      post: edited.post,
      thread: { id: thread.id },
    });

    const voted = await writer.client.ok({ type: 'vote', key: TestClient.key(), postId: reply.id, value: 1 });
    expect((await eventOfKind(watcher.client, 'vote.changed', board)).event).toEqual({
      kind: 'vote.changed',
      postId: reply.id,
      threadId: thread.id,
      score: voted.score,
    });

    const accepted = await writer.client.ok({
      type: 'thread.accept',
      key: TestClient.key(),
      threadId: thread.id,
      postId: reply.id,
    });
    const updated = await eventOfKind(watcher.client, 'thread.updated', board);
    expect(updated.event).toEqual({ kind: 'thread.updated', thread: accepted.thread });
    expect(accepted.thread).toMatchObject({ status: 'answered', acceptedPostId: reply.id });

    await watcher.client.ok({ type: 'post.delete', key: TestClient.key(), postId: reply.id });
    const removed = await eventOfKind(writer.client, 'post.removed', board);
    expect(removed.event).toMatchObject({ postId: reply.id, thread: { replyCount: 0, acceptedPostId: null } });

    await writer.client.ok({ type: 'post.delete', key: TestClient.key(), postId: question.id });
    expect((await eventOfKind(watcher.client, 'thread.removed', board)).event).toEqual({
      kind: 'thread.removed',
      threadId: thread.id,
    });

    const kinds: BoardEvent['kind'][] = [
      'thread.created',
      'post.created',
      'post.updated',
      'vote.changed',
      'thread.updated',
      'post.removed',
      'thread.removed',
    ];
    for (const client of [watcher.client, writer.client]) {
      await flush(client);
      const seen = onBoard(client, board);
      expect(seen.map((e) => e.event.kind)).toEqual(kinds);
      expect(seen.map((e) => e.seq)).toEqual(kinds.map((_, i) => from + i + 1));
    }
  });

  it('deliver the same event, byte for byte, to every subscriber', async () => {
    const { board } = await watchedBoard();
    const third = await app.guest('Third');
    await third.client.ok({ type: 'subscribe', board });
    await ask(writer.client, board);
    const events = await Promise.all(
      [watcher, writer, third].map((v) => eventOfKind(v.client, 'thread.created', board)),
    );
    expect(new Set(events.map((e) => JSON.stringify(e))).size).toBe(1);
  });

  it('mark staff posts in the event, so every page can show the badge', async () => {
    const { board } = await watchedBoard();
    const staff = await app.staff('agent-live', 'Kim at Acme');
    const { thread } = await ask(writer.client, board);
    await answer(staff.client, thread.id, 'Official answer');
    const event = await eventOfKind(watcher.client, 'post.created', board);
    expect(event.event.post.author).toEqual(staff.me);
    expect(event.event.post.author.role).toBe('staff');
    expect(event.event.thread.staffReplied).toBe(true);
  });

  it('stay on their board', async () => {
    const { board } = await watchedBoard();
    const elsewhere = freshBoard();
    const other = await app.guest('Elsewhere');
    await other.client.ok({ type: 'subscribe', board: elsewhere });
    await ask(writer.client, board);
    await eventOfKind(watcher.client, 'thread.created', board);
    await flush(other.client);
    expect(other.client.events).toEqual([]);
  });

  it('reach every board a socket follows, each with its own event ids', async () => {
    const one = freshBoard();
    const two = freshBoard();
    await watcher.client.ok({ type: 'subscribe', board: one });
    await watcher.client.ok({ type: 'subscribe', board: two });
    await ask(writer.client, one);
    await ask(writer.client, two);
    await ask(writer.client, two);
    await eventMatching(watcher.client, (e) => e.board === two && e.seq === 2);
    await flush(watcher.client);
    expect(onBoard(watcher.client, one).map((e) => e.seq)).toEqual([1]);
    expect(onBoard(watcher.client, two).map((e) => e.seq)).toEqual([1, 2]);
  });

  it('stop after unsubscribe', async () => {
    const board = freshBoard();
    const leaver = await app.guest('Leaver');
    await leaver.client.ok({ type: 'subscribe', board });
    await watcher.client.ok({ type: 'subscribe', board });
    expect(await leaver.client.ok({ type: 'unsubscribe', board })).toEqual({ board });
    await ask(writer.client, board);
    // The hub hands an event to all subscribers of a board at once; once the watcher has it,
    // a ping round trip shows whether the leaver was sent it too.
    await eventOfKind(watcher.client, 'thread.created', board);
    await flush(leaver.client);
    expect(onBoard(leaver.client, board)).toEqual([]);
  });

  it('are not doubled by subscribing twice', async () => {
    const board = freshBoard();
    const eager = await app.guest('Eager');
    await eager.client.ok({ type: 'subscribe', board });
    await eager.client.ok({ type: 'subscribe', board });
    await ask(writer.client, board);
    await eventOfKind(eager.client, 'thread.created', board);
    await flush(eager.client);
    expect(onBoard(eager.client, board)).toHaveLength(1);
  });

  it('stop when the socket closes, without disturbing the others', async () => {
    const board = freshBoard();
    const leaving = await app.guest('Leaving');
    await leaving.client.ok({ type: 'subscribe', board });
    await watcher.client.ok({ type: 'subscribe', board });
    await leaving.client.close();
    await ask(writer.client, board);
    const event = await eventOfKind(watcher.client, 'thread.created', board);
    expect(event.seq).toBe(1);
    expect(app.t.app.hub.subscriptionCount).toBeGreaterThan(0);
  });

  it('keep up with a burst of writes from several people', async () => {
    const { board } = await watchedBoard();
    const people = await Promise.all([1, 2, 3].map((i) => app.guest(`Burst ${i}`)));
    const { thread } = await ask(writer.client, board);
    await Promise.all(
      people.flatMap((p) => [1, 2, 3, 4].map((n) => answer(p.client, thread.id, `Reply ${n} from ${p.me.name}`))),
    );
    const last = await eventMatching(watcher.client, (e) => e.board === board && e.seq === 13);
    const seen: EventMessage[] = onBoard(watcher.client, board);
    expect(seen.map((e) => e.seq)).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
    expect(last.event.kind === 'post.created' && last.event.thread.replyCount).toBe(12);
  });
});
