import { CLOSE_CODES } from '@booth/shared';
import { Connection, type ConnectionOptions, RequestError } from '@booth/shared/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeSocket, type Frame, fakeHost } from './widget-fake-socket.js';

const flush = () => vi.advanceTimersByTimeAsync(0);

function connect(options: Partial<ConnectionOptions> = {}) {
  const events: unknown[] = [];
  const connection = new Connection(fakeHost as unknown as ConstructorParameters<typeof Connection>[0], {
    url: () => 'ws://booth.test/ws?site=demo',
    // The handshake says hello and waits for the answer, as the board does.
    handshake: async () => {
      await connection.request({ type: 'hello' }, { handshake: true });
    },
    onEvent: (message) => events.push(message),
    onResync: () => {},
    createSocket: (url) => new FakeSocket(url) as unknown as WebSocket,
    ...options,
  });
  connection.hostConnected();
  return { connection, events, socket: () => FakeSocket.all.at(-1) as FakeSocket };
}

/** Opens the current socket and completes the handshake. */
async function ready(socket: FakeSocket): Promise<void> {
  socket.open();
  await flush();
  socket.answer('hello', { me: null, site: { name: 'Demo', guestsAllowed: true, answerBadge: false } });
  await flush();
}

beforeEach(() => {
  vi.useFakeTimers();
  FakeSocket.all = [];
});
afterEach(() => {
  vi.useRealTimers();
});

describe('protocol client connection', () => {
  it('sends queued requests after the handshake and settles them by id', async () => {
    const { connection, socket } = connect();
    const page = connection.request({ type: 'threads.page', board: 'b', after: 'c' });
    expect(connection.status).toBe('connecting');
    await ready(socket());
    expect(connection.status).toBe('open');
    expect(socket().sent.map((f) => f.type)).toEqual(['hello', 'threads.page']);
    socket().answer('threads.page', { threads: [], next: null });
    await expect(page).resolves.toEqual({ threads: [], next: null });
  });

  it('rejects with the server error, retry time included', async () => {
    const { connection, socket } = connect();
    await ready(socket());
    const vote = connection.write({ type: 'vote', postId: '5', value: 1 });
    const frame = socket().sent.at(-1) as Frame;
    socket().push({
      type: 'error',
      id: frame.id,
      error: { code: 'rate_limited', message: 'Slow down.', retryAfterMs: 3000 },
    });
    const error = await vote.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestError);
    expect(error).toMatchObject({ code: 'rate_limited', retryAfterMs: 3000, message: 'Slow down.' });
  });

  it('gives every write a valid idempotency key, or the one it is given', async () => {
    const { connection, socket } = connect();
    await ready(socket());
    void connection.write({ type: 'vote', postId: '5', value: 1 });
    void connection.write({ type: 'vote', postId: '5', value: 0 }, 'my-key-123');
    const [first, second] = socket().sent.filter((f) => f.type === 'vote');
    expect(first?.key).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(second?.key).toBe('my-key-123');
  });

  it('re-sends a write that was in flight when the socket dropped, with the same key', async () => {
    const { connection, socket } = connect();
    await ready(socket());
    const reply = connection.write({ type: 'post.create', threadId: '1', body: 'Hi' });
    const before = socket().sent.at(-1) as Frame;
    socket().drop();
    expect(connection.status).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(1000);
    expect(FakeSocket.all).toHaveLength(2);
    await ready(socket());
    const after = socket().sent.at(-1) as Frame;
    expect(after.type).toBe('post.create');
    expect(after.key).toBe(before.key);
    socket().answer('post.create', { post: { id: '9' } });
    await expect(reply).resolves.toEqual({ post: { id: '9' } });
  });

  it('backs off between failed attempts', async () => {
    const { socket } = connect();
    socket().drop();
    await vi.advanceTimersByTimeAsync(500);
    socket().drop();
    await vi.advanceTimersByTimeAsync(1000);
    socket().drop();
    // The third retry waits at least 1 s (2 s with up to half of it taken off as jitter).
    await vi.advanceTimersByTimeAsync(900);
    expect(FakeSocket.all).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(1200);
    expect(FakeSocket.all).toHaveLength(4);
  });

  it('comes back quickly after a shutdown bye', async () => {
    const { connection, socket } = connect();
    await ready(socket());
    socket().push({ type: 'bye', reason: 'shutdown', message: 'The server is restarting. Reconnecting…' });
    socket().drop(CLOSE_CODES.shutdown);
    expect(connection.notice).toBe('The server is restarting. Reconnecting…');
    await vi.advanceTimersByTimeAsync(1500);
    expect(FakeSocket.all).toHaveLength(2);
  });

  it('stops on a policy close and fails what waits', async () => {
    const { connection, socket } = connect();
    await ready(socket());
    socket().drop(CLOSE_CODES.policy);
    expect(connection.status).toBe('stopped');
    await expect(connection.request({ type: 'ping' })).rejects.toMatchObject({ code: 'unavailable' });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeSocket.all).toHaveLength(1);
  });

  it('stops and shows why after being cut off for invalid frames, instead of reconnecting in a loop', async () => {
    const { connection, socket } = connect();
    await ready(socket());
    const message = 'This page sent too many messages the server could not read.';
    socket().push({ type: 'bye', reason: 'policy', message });
    socket().drop(CLOSE_CODES.policy);
    expect(connection.status).toBe('stopped');
    expect(connection.notice).toBe(message);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeSocket.all).toHaveLength(1);
  });

  it.each([
    ['busy', CLOSE_CODES.busy],
    ['timeout', CLOSE_CODES.timeout],
  ] as const)('reconnects with backoff after a %s close', async (reason, code) => {
    const { connection, socket } = connect();
    await ready(socket());
    socket().push({ type: 'bye', reason, message: 'Retrying…' });
    socket().drop(code);
    expect(connection.status).toBe('reconnecting');
    expect(connection.notice).toBe('Retrying…');
    await vi.advanceTimersByTimeAsync(100);
    expect(FakeSocket.all).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(FakeSocket.all).toHaveLength(2);
  });

  it('times out a request without an answer', async () => {
    const { connection, socket } = connect({ requestTimeoutMs: 1000 });
    await ready(socket());
    const page = connection.request({ type: 'thread.open', threadId: '1' });
    const outcome = page.catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1001);
    expect(await outcome).toMatchObject({ code: 'unavailable' });
  });

  it('drops a socket whose ping gets no answer, then reconnects', async () => {
    const { connection, socket } = connect({ pingIntervalMs: 1000, requestTimeoutMs: 500 });
    await ready(socket());
    await vi.advanceTimersByTimeAsync(1000);
    expect(socket().sent.at(-1)?.type).toBe('ping');
    await vi.advanceTimersByTimeAsync(500);
    expect(connection.status).toBe('reconnecting');
  });

  it('hands live events to the board', async () => {
    const { events, socket } = connect();
    await ready(socket());
    const event = { type: 'event', board: 'b', seq: 3, event: { kind: 'thread.removed', threadId: '1' } } as const;
    socket().push(event);
    expect(events).toEqual([event]);
  });
});

describe('protocol client frame validation', () => {
  it('drops frames that are not JSON or not of the protocol, and keeps working', async () => {
    const { connection, events, socket } = connect();
    await ready(socket());
    const page = connection.request({ type: 'threads.page', board: 'b', after: 'c' });
    const frame = socket().sent.at(-1) as Frame;
    socket().onmessage?.({ data: '{not json' });
    socket().onmessage?.({
      data: JSON.stringify({ type: 'event', board: 'b', seq: -1, event: { kind: 'thread.removed', threadId: '1' } }),
    });
    socket().onmessage?.({
      data: JSON.stringify({ type: 'event', board: 'b', seq: 3, event: { kind: 'thread.created' } }),
    });
    socket().onmessage?.({
      data: JSON.stringify({ type: 'error', id: frame.id, error: { code: 'no_such_code', message: 'x' } }),
    });
    socket().onmessage?.({ data: JSON.stringify({ type: 'surprise', id: frame.id }) });
    expect(events).toEqual([]);
    socket().push({ type: 'event', board: 'b', seq: 4, event: { kind: 'thread.removed', threadId: '1' } });
    expect(events).toHaveLength(1);
    socket().answer('threads.page', { threads: [], next: null });
    await expect(page).resolves.toEqual({ threads: [], next: null });
  });

  it('hands staff-only events to onStaffEvent, never to onEvent', async () => {
    const staff: unknown[] = [];
    const { events, socket } = connect({ onStaffEvent: (message) => staff.push(message) });
    await ready(socket());
    socket().onmessage?.({
      data: JSON.stringify({ type: 'event', board: 'b', seq: 5, event: { kind: 'queue.changed', queue: 'pending' } }),
    });
    expect(events).toEqual([]);
    expect(staff).toHaveLength(1);
  });

  it('hands a member their bell, and drops a bell frame of the wrong shape', async () => {
    const bells: unknown[] = [];
    const { socket } = connect({ onNotices: (threads) => bells.push(threads) });
    await ready(socket());
    socket().onmessage?.({ data: JSON.stringify({ type: 'notices', threads: [{ threadId: '7', unread: 'many' }] }) });
    const threads = [{ threadId: '7', board: 'b', title: 'Does it fit?', unread: 2 }];
    socket().push({ type: 'notices', threads });
    expect(bells).toEqual([threads]);
  });
});
