import type { EventMessage, ServerMessage } from '@booth/shared';
import { Connection } from '@booth/shared/client';
import { beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { answer, ask, eventMatching, flush, freshBoard, useBoardApp, type Visitor } from '../helpers/actors.js';
import { TEST_ORIGIN } from '../helpers/test-app.js';
import { TestClient } from '../helpers/ws-client.js';

const app = useBoardApp();
let writer: Visitor;

beforeAll(async () => {
  writer = await app.guest('Writer');
});

/** Four events on a fresh board, written while nobody listens; returns the board. */
async function fourChangesWhileAway(): Promise<string> {
  const board = freshBoard();
  const { thread } = await ask(writer.client, board, { title: 'Batched while away' });
  const { post } = await answer(writer.client, thread.id, 'First reply');
  await writer.client.ok({ type: 'post.edit', key: TestClient.key(), postId: post.id, body: 'First reply, edited' });
  await answer(writer.client, thread.id, 'Second reply');
  return board;
}

const kindsAndSeqs = (events: EventMessage[]) => events.map((e) => `${e.seq}:${e.event.kind}`);
const EXPECTED = ['1:thread.created', '2:post.created', '3:post.updated', '4:post.created'];

describe('events coalesced per socket', () => {
  it('sends the events a socket gets within one turn as one batch frame, in order', async () => {
    const board = await fourChangesWhileAway();
    const back = await app.reader();
    await back.ok({ type: 'subscribe', board, since: 0 });
    await eventMatching(back, (e) => e.board === board && e.seq === 4);
    await flush(back);

    // The replay is read in one round, so it leaves the node in one frame.
    const batches = back.frames.filter((f): f is Extract<ServerMessage, { type: 'batch' }> => f.type === 'batch');
    expect(batches).toHaveLength(1);
    expect(kindsAndSeqs(batches[0]?.frames ?? [])).toEqual(EXPECTED);
    expect(back.frames.some((f) => f.type === 'event')).toBe(false);
    expect(kindsAndSeqs(back.events)).toEqual(EXPECTED);

    // A single live event goes out as a plain event frame, after the batch.
    const { thread } = await ask(writer.client, board, { title: 'Live again' });
    const live = await eventMatching(back, (e) => e.seq === 5);
    expect(live.event).toMatchObject({ kind: 'thread.created', thread: { id: thread.id } });
    expect(back.frames.at(-1)).toMatchObject({ type: 'event', seq: 5 });
  });

  it("the shared client hands a batch's events to the front end one by one, in order, and resumes after them", async () => {
    const board = await fourChangesWhileAway();
    const frames: string[] = [];
    const sockets: WebSocket[] = [];
    const events: EventMessage[] = [];
    let subscribed = 0;
    let connection: Connection | undefined;
    connection = new Connection(
      { addController: () => {}, requestUpdate: () => {} },
      {
        url: () => app.t.wsUrl(app.site),
        handshake: async () => {
          await connection?.request({ type: 'hello' }, { handshake: true });
          // Resumes from the last event it applied, as the widget does after a drop.
          const since = events.at(-1)?.seq ?? 0;
          await connection?.request({ type: 'subscribe', board, since }, { handshake: true });
          subscribed += 1;
        },
        onEvent: (message) => events.push(message),
        onResync: () => {},
        createSocket: (url) => {
          const socket = new WebSocket(url, { origin: TEST_ORIGIN });
          socket.on('message', (data) => frames.push(data.toString()));
          sockets.push(socket);
          return socket as unknown as globalThis.WebSocket;
        },
      },
    );
    connection.hostConnected();
    try {
      const witness = await app.reader();
      await witness.ok({ type: 'subscribe', board, since: 0 });
      await eventMatching(witness, (e) => e.seq === 4);
      await waitUntil(() => events.length >= 4);
      expect(kindsAndSeqs(events)).toEqual(EXPECTED);
      expect(events).toEqual(witness.events);
      expect(frames.filter((f) => f.startsWith('{"type":"batch"'))).toHaveLength(1);

      // After a drop it resumes after the last event of the batch: nothing again, nothing lost.
      const before = subscribed;
      sockets.at(-1)?.terminate();
      await waitUntil(() => subscribed > before);
      await answer(writer.client, (await ask(writer.client, board, { title: 'After the drop' })).thread.id, 'Reply');
      await waitUntil(() => events.length >= 6);
      expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
      await witness.close();
    } finally {
      connection.hostDisconnected();
    }
  });
});

/** Polls a fact the test cannot be told of (the client calls back on its own schedule). */
async function waitUntil(fact: () => boolean, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!fact()) {
    if (Date.now() > until) throw new Error('timed out waiting for the client');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
