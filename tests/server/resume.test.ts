import { type EventMessage, LIMITS } from '@booth/shared';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { answer, ask, eventMatching, flush, freshBoard, useBoardApp, type Visitor } from '../helpers/actors.js';
import { TestClient } from '../helpers/ws-client.js';

const app = useBoardApp();
let writer: Visitor;

beforeAll(async () => {
  writer = await app.guest('Writer');
});

const seqs = (events: EventMessage[], board: string) => events.filter((e) => e.board === board).map((e) => e.seq);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Makes six changes of different kinds on a board; returns the thread. */
async function sixChanges(board: string) {
  const { thread } = await ask(writer.client, board, { title: 'While you were away' });
  const helper = await app.guest('Helper');
  const { post } = await answer(helper.client, thread.id, 'Reply one');
  await helper.client.ok({ type: 'post.edit', key: TestClient.key(), postId: post.id, body: 'Reply one, edited' });
  await writer.client.ok({ type: 'vote', key: TestClient.key(), postId: post.id, value: 1 });
  await writer.client.ok({ type: 'thread.accept', key: TestClient.key(), threadId: thread.id, postId: post.id });
  await answer(helper.client, thread.id, 'Reply two');
  return thread;
}

/** Appends `count` events to a board's log as if that many votes had happened. */
async function appendEvents(board: string, count: number, postId: string, threadId: string): Promise<number> {
  const db = app.t.database.db;
  const { id, last_seq } = await db
    .selectFrom('boards')
    .select(['id', 'last_seq'])
    .where('site_id', '=', app.site.id)
    .where('slug', '=', board)
    .executeTakeFirstOrThrow();
  const from = Number(last_seq);
  await sql`insert into events (board_id, seq, kind, payload)
    select ${id}, g, 'vote.changed',
      jsonb_build_object('kind', 'vote.changed', 'postId', ${postId}::text, 'threadId', ${threadId}::text, 'score', g)
    from generate_series(${from + 1}::bigint, ${from + count}::bigint) as g`.execute(db);
  await db
    .updateTable('boards')
    .set({ last_seq: from + count })
    .where('id', '=', id)
    .execute();
  return from + count;
}

describe('resuming a subscription', () => {
  it('replays exactly the events missed while disconnected, in order, then goes live', async () => {
    const board = freshBoard();
    const witness = await app.guest('Witness');
    await witness.client.ok({ type: 'subscribe', board });
    const away = await app.reader();
    const snap = await away.ok({ type: 'subscribe', board });
    expect(snap).toMatchObject({ mode: 'snapshot', seq: 0 });
    await away.close();

    const thread = await sixChanges(board);
    const back = await app.reader();
    expect(await back.ok({ type: 'subscribe', board, since: snap.seq })).toEqual({ mode: 'resume', board, seq: 0 });
    await eventMatching(back, (e) => e.board === board && e.seq === 6);
    await flush(back);
    expect(back.events.map((e) => e.event.kind)).toEqual([
      'thread.created',
      'post.created',
      'post.updated',
      'vote.changed',
      'thread.updated',
      'post.created',
    ]);
    expect(seqs(back.events, board)).toEqual(range(1, 6));
    // The replay is the very events live subscribers saw.
    await eventMatching(witness.client, (e) => e.board === board && e.seq === 6);
    expect(back.events).toEqual(witness.client.events.filter((e) => e.board === board));

    await answer(writer.client, thread.id, 'Now live again');
    await eventMatching(back, (e) => e.seq === 7);
    await flush(back);
    expect(seqs(back.events, board)).toEqual(range(1, 7));
  });

  it('picks up from the last event seen, not from the start', async () => {
    const board = freshBoard();
    const first = await app.reader();
    await first.ok({ type: 'subscribe', board });
    const thread = await sixChanges(board);
    await eventMatching(first, (e) => e.seq === 6);
    await first.close();
    await answer(writer.client, thread.id, 'Missed one');
    await answer(writer.client, thread.id, 'Missed two');
    const back = await app.reader();
    await back.ok({ type: 'subscribe', board, since: 6 });
    await eventMatching(back, (e) => e.seq === 8);
    await flush(back);
    expect(seqs(back.events, board)).toEqual([7, 8]);
  });

  it('loses nothing and doubles nothing when the connection drops in the middle of a stream', async () => {
    const board = freshBoard();
    const { thread } = await ask(writer.client, board);
    const reader = await app.reader();
    await reader.ok({ type: 'subscribe', board });
    const writes = (async () => {
      for (let i = 0; i < 15; i++) await answer(writer.client, thread.id, `Reply ${i}`);
    })();
    await eventMatching(reader, (e) => e.seq >= 3);
    reader.socket.terminate();
    const seen = [...reader.events];
    const last = Math.max(...seen.map((e) => e.seq));
    const back = await app.reader();
    await back.ok({ type: 'subscribe', board, since: last });
    await writes;
    await eventMatching(back, (e) => e.seq === 16);
    await flush(back);
    expect([...seqs(seen, board), ...seqs(back.events, board)]).toEqual(range(2, 16));
  });

  it('resumes with nothing to replay when nothing was missed', async () => {
    const board = freshBoard();
    await ask(writer.client, board);
    const back = await app.reader();
    expect(await back.ok({ type: 'subscribe', board, since: 1 })).toEqual({ mode: 'resume', board, seq: 1 });
    await flush(back);
    expect(back.events).toEqual([]);
  });

  it('sends a fresh snapshot to a client that claims events the board never had', async () => {
    const board = freshBoard();
    const { thread } = await ask(writer.client, board);
    const confused = await app.reader();
    const reply = await confused.ok({ type: 'subscribe', board, since: 50 });
    expect(reply).toMatchObject({ mode: 'snapshot', seq: 1, threads: [{ id: thread.id }] });
    await flush(confused);
    expect(confused.events).toEqual([]);
  });

  it(`replays up to ${LIMITS.resumeMaxEvents} missed events`, async () => {
    const board = freshBoard();
    const { thread, post } = await ask(writer.client, board);
    const last = await appendEvents(board, LIMITS.resumeMaxEvents, post.id, thread.id);
    const back = await app.reader();
    expect(await back.ok({ type: 'subscribe', board, since: 1 })).toMatchObject({ mode: 'resume', seq: 1 });
    await eventMatching(back, (e) => e.seq === last, 15_000);
    await flush(back);
    expect(seqs(back.events, board)).toEqual(range(2, last));
  });

  it('sends a fresh snapshot instead of a replay to a client too far behind', async () => {
    const board = freshBoard();
    const { thread, post } = await ask(writer.client, board, { title: 'Still here' });
    const last = await appendEvents(board, LIMITS.resumeMaxEvents + 1, post.id, thread.id);
    const back = await app.reader();
    const reply = await back.ok({ type: 'subscribe', board, since: 1 });
    expect(reply).toMatchObject({
      mode: 'snapshot',
      board,
      seq: last,
      threads: [{ id: thread.id, title: 'Still here' }],
    });
    await answer(writer.client, thread.id, 'After the snapshot');
    await eventMatching(back, (e) => e.seq === last + 1);
    await flush(back);
    expect(seqs(back.events, board)).toEqual([last + 1]);
  });
});
