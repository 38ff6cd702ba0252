import type { ThreadView } from '@booth/shared';
import { socketUrl } from '@booth/shared/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BoardController } from '../../widget/src/board-controller.js';
import type { TokenStore } from '../../widget/src/guest-tokens.js';
import { loadTranslator } from '../../widget/src/i18n/translator.js';
import { FakeSocket, fakeHost } from './widget-fake-socket.js';
import { member, post, thread } from './widget-fixtures.js';

const flush = () => vi.advanceTimersByTimeAsync(0);
const site = { name: 'Demo', guestsAllowed: true, answerBadge: false };

function memoryTokens(initial: Record<string, string> = {}): TokenStore & { saved: Record<string, string> } {
  const saved = { ...initial };
  return {
    saved,
    get: (key) => saved[key] ?? null,
    set: (key, token) => {
      saved[key] = token;
    },
    clear: (key) => {
      delete saved[key];
    },
  };
}

const english = await loadTranslator('en');

function board(config = { ssoToken: '' }, tokens = memoryTokens()) {
  const controller = new BoardController(
    fakeHost as unknown as ConstructorParameters<typeof BoardController>[0],
    () => ({ site: 'demo', board: 'shoes', server: 'https://booth.test', ...config }),
    {
      tokens,
      connection: { createSocket: (url) => new FakeSocket(url) as unknown as WebSocket },
      translator: () => english,
    },
  );
  controller.connection.hostConnected();
  controller.hostConnected();
  return { controller, tokens, socket: () => FakeSocket.all.at(-1) as FakeSocket };
}

/** Opens the socket and answers hello and subscribe. */
async function handshake(socket: FakeSocket, subscribe: unknown, me = member('5')): Promise<void> {
  socket.open();
  await flush();
  socket.answer('hello', { me, site });
  await flush();
  socket.answer('subscribe', subscribe);
  await flush();
}

const snapshot = (threads: ThreadView[], seq: number) => ({
  mode: 'snapshot',
  board: 'shoes',
  seq,
  threads,
  next: null,
});

beforeEach(() => {
  vi.useFakeTimers();
  FakeSocket.all = [];
});
afterEach(() => {
  vi.useRealTimers();
});

describe('widget board controller', () => {
  it('derives the socket URL from the server origin', () => {
    expect(socketUrl('https://booth.example.com', { site: 'demo' })).toBe('wss://booth.example.com/ws?site=demo');
    expect(socketUrl('http://localhost:3000/', { site: 'a b' })).toBe('ws://localhost:3000/ws?site=a%20b');
    expect(socketUrl('', { site: 'demo' })).toBeNull();
  });

  it('says hello with the stored guest token, subscribes, and applies live events', async () => {
    const { controller, socket } = board(undefined, memoryTokens({ demo: 'guest-token' }));
    await handshake(socket(), snapshot([thread('1', 5)], 7));
    expect(socket().sent.find((f) => f.type === 'hello')?.guest).toBe('guest-token');
    expect(socket().sent.find((f) => f.type === 'subscribe')).toMatchObject({ board: 'shoes' });
    expect(socket().sent.find((f) => f.type === 'subscribe')?.since).toBeUndefined();
    expect(controller.loaded).toBe(true);
    expect(controller.me?.id).toBe('5');

    const created = thread('2', 0);
    socket().push({
      type: 'event',
      board: 'shoes',
      seq: 8,
      event: { kind: 'thread.created', thread: created, post: post('200', '2') },
    });
    // The board's live part loads on demand: the event is applied once it is in.
    await vi.waitFor(() => expect(controller.board.seq).toBe(8));
    expect(controller.board.threads.map((t) => t.id)).toEqual(['2', '1']);
    expect(controller.announcement).toBe('New question: Thread 2');
  });

  it('applies the events that arrive while its live part loads, in the order they came', async () => {
    const { controller, socket } = board();
    await handshake(socket(), snapshot([thread('1', 5)], 7));
    // Both before the part is in: applied out of order, the older one would be taken for a replay and dropped.
    socket().push({
      type: 'event',
      board: 'shoes',
      seq: 8,
      event: { kind: 'thread.created', thread: thread('2', 0), post: post('200', '2') },
    });
    socket().push({ type: 'event', board: 'shoes', seq: 9, event: { kind: 'thread.removed', threadId: '1' } });
    await vi.waitFor(() => expect(controller.board.seq).toBe(9));
    expect(controller.board.threads.map((t) => t.id)).toEqual(['2']);
  });

  it('resumes from the last applied event after a drop', async () => {
    const { controller, socket } = board();
    await handshake(socket(), snapshot([thread('1', 5)], 7));
    socket().push({ type: 'event', board: 'shoes', seq: 8, event: { kind: 'thread.removed', threadId: '1' } });
    await vi.waitFor(() => expect(controller.board.seq).toBe(8));
    socket().drop();
    await vi.advanceTimersByTimeAsync(1000);
    await handshake(socket(), { mode: 'resume', board: 'shoes', seq: 8 });
    expect(socket().sent.find((f) => f.type === 'subscribe')?.since).toBe(8);
    expect(controller.board.seq).toBe(8);
    expect(controller.board.threads).toEqual([]);
  });

  it('reconnects an SSO sign-in with the session token the server handed back, not the used SSO token', async () => {
    const { controller, socket } = board({ ssoToken: 'page-jwt' });
    socket().open();
    await flush();
    expect(socket().sent.at(-1)).toMatchObject({ type: 'hello', sso: 'page-jwt' });
    socket().answer('hello', { me: member('6'), site, session: 's1.6.99.sig' });
    await flush();
    socket().answer('subscribe', snapshot([], 1));
    await flush();
    socket().drop();
    await vi.advanceTimersByTimeAsync(1000);
    socket().open();
    await flush();
    const hello = socket().sent.find((f) => f.type === 'hello');
    expect(hello).toMatchObject({ session: 's1.6.99.sig' });
    expect(hello?.sso).toBeUndefined();
    // A session that ran out falls back to the host page's token.
    socket().push({ type: 'error', id: hello?.id ?? null, error: { code: 'invalid_token', message: 'Expired.' } });
    await flush();
    expect(socket().sent.at(-1)).toMatchObject({ type: 'hello', sso: 'page-jwt' });
    socket().answer('hello', { me: member('6'), site, session: 's1.6.199.sig' });
    await flush();
    expect(controller.me?.id).toBe('6');
  });

  it('reads as a visitor when the stored guest token is refused, and forgets it', async () => {
    const { controller, tokens, socket } = board(undefined, memoryTokens({ demo: 'stale' }));
    socket().open();
    await flush();
    const hello = socket().sent.at(-1);
    socket().push({ type: 'error', id: hello?.id ?? null, error: { code: 'invalid_token', message: 'Nope.' } });
    await flush();
    expect(socket().sent.at(-1)).toMatchObject({ type: 'hello' });
    expect(socket().sent.at(-1)?.guest).toBeUndefined();
    socket().answer('hello', { me: null, site });
    await flush();
    expect(tokens.saved).toEqual({});
    expect(controller.me).toBeNull();
    expect(controller.needsName).toBe(true);
  });

  it('signs a member in with the session a magic link left, and forgets it once refused', async () => {
    const { controller, tokens, socket } = board(undefined, memoryTokens({ demo: 's1.5.99.sig' }));
    socket().open();
    await flush();
    const hello = socket().sent.at(-1);
    expect(hello).toMatchObject({ type: 'hello', session: 's1.5.99.sig' });
    expect(hello?.guest).toBeUndefined();
    socket().push({ type: 'error', id: hello?.id ?? null, error: { code: 'invalid_token', message: 'Expired.' } });
    await flush();
    // Asked once more as a reader, not again with the refused session.
    expect(socket().sent.filter((f) => f.type === 'hello')).toHaveLength(2);
    expect(socket().sent.at(-1)).toEqual({ type: 'hello', id: expect.any(String) });
    socket().answer('hello', { me: null, site });
    await flush();
    expect(tokens.saved).toEqual({});
    expect(controller.me).toBeNull();
  });

  it('keeps the session a magic link put in the address, and takes it out of the address', async () => {
    const replaced: string[] = [];
    const href = 'https://shop.example/p/boots#booth-thread=42&booth-session=s1.5.99.sig-_x';
    vi.stubGlobal('location', { hash: '#booth-thread=42&booth-session=s1.5.99.sig-_x', href });
    vi.stubGlobal('history', {
      state: null,
      replaceState: (_s: unknown, _t: string, url: string) => replaced.push(url),
    });
    try {
      const { tokens, socket } = board(undefined, memoryTokens({ demo: 'g1.5.guest' }));
      socket().open();
      await flush();
      expect(tokens.saved).toEqual({ demo: 's1.5.99.sig-_x' });
      expect(replaced).toEqual(['https://shop.example/p/boots#booth-thread=42']);
      expect(socket().sent.at(-1)).toMatchObject({ type: 'hello', session: 's1.5.99.sig-_x' });
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('joins as a guest before the first write and keeps the token', async () => {
    const { controller, tokens, socket } = board();
    await handshake(socket(), snapshot([], 1), null as never);
    const joined = controller.loadWrites().then((w) => w.ensureIdentity('Robin'));
    // Joining is a write: the frame goes out once the writes' chunk is in.
    await vi.waitFor(() => socket().answer('guest.join', { me: member('9'), guestToken: 'fresh' }));
    await joined;
    expect(tokens.saved).toEqual({ demo: 'fresh' });
    expect(controller.me?.id).toBe('9');
  });

  it('identifies again when the SSO token changes', async () => {
    const config = { ssoToken: '' };
    const { controller, socket } = board(config);
    await handshake(socket(), snapshot([], 1), null as never);
    config.ssoToken = 'jwt';
    controller.identityChanged();
    await flush();
    expect(socket().sent.at(-1)).toMatchObject({ type: 'hello', sso: 'jwt' });
    socket().answer('hello', { me: member('3', 'staff'), site });
    await flush();
    expect(controller.isStaff()).toBe(true);
  });

  it('shows the viewer signed out while a new sign-in is rate limited, and tries again when allowed', async () => {
    const config = { ssoToken: 'first' };
    const { controller, socket } = board(config);
    await handshake(socket(), snapshot([], 1), member('3'));
    config.ssoToken = 'second';
    controller.identityChanged();
    await flush();
    const refused = socket().sent.at(-1);
    socket().push({
      type: 'error',
      id: refused?.id ?? null,
      error: { code: 'rate_limited', message: 'Too many sign-ins.', retryAfterMs: 2000 },
    });
    await flush();
    expect(controller.me).toBeNull();
    await vi.advanceTimersByTimeAsync(2000);
    expect(socket().sent.at(-1)).toMatchObject({ type: 'hello', sso: 'second' });
    expect(socket().sent.at(-1)?.id).not.toBe(refused?.id);
    socket().answer('hello', { me: member('4'), site });
    await flush();
    expect(controller.me?.id).toBe('4');
  });
});

describe('widget board controller: held posts and names', () => {
  it('keeps a thread held for review in its author’s list, where a reload finds it too', async () => {
    const { controller, socket } = board();
    await handshake(socket(), snapshot([thread('1', 5)], 7));
    const held = thread('2', 0, { status: 'hidden', author: member('5') });
    const created = controller
      .loadWrites()
      .then((w) => w.createThread('question', 'Held?', 'Waiting.', 'key_00000001'));
    // The writes come in a chunk of their own: the frame goes out once it is in.
    await vi.waitFor(() =>
      socket().answer('thread.create', { thread: held, post: post('200', '2', { root: true, status: 'pending' }) }),
    );
    await created;
    expect(controller.board.threads.map((t) => [t.id, t.status])).toEqual([
      ['2', 'hidden'],
      ['1', 'open'],
    ]);
    expect(controller.thread?.posts.map((p) => p.status)).toEqual(['pending']);
  });

  it('renames a guest and shows the new name on their threads and posts at once', async () => {
    const guest = { ...member('5'), guest: true };
    const { controller, socket } = board();
    const mine = thread('1', 5, { author: guest });
    await handshake(socket(), snapshot([mine, thread('2', 9)], 7), guest);
    const opening = controller.openThread('1');
    // The open thread's part comes in a chunk of its own: the frame goes out once it is in.
    await vi.waitFor(() =>
      socket().answer('thread.open', {
        thread: mine,
        posts: [post('100', '1', { root: true, author: guest }), post('101', '1')],
        myVotes: {},
      }),
    );
    await opening;

    const renamed = controller.loadWrites().then((w) => w.rename('Robin Green', 'key_00000002'));
    const frame = await vi.waitFor(() => socket().answer('guest.rename', { me: { ...guest, name: 'Robin Green' } }));
    await renamed;
    expect(frame).toMatchObject({ name: 'Robin Green', key: 'key_00000002' });
    expect(controller.me?.name).toBe('Robin Green');
    expect(controller.board.threads.map((t) => t.author.name)).toEqual(['Robin Green', 'Member 1']);
    expect(controller.thread?.thread.author.name).toBe('Robin Green');
    expect(controller.thread?.posts.map((p) => p.author.name)).toEqual(['Robin Green', 'Member 2']);
  });
});

describe('widget board controller: the open thread', () => {
  it('applies live replies to the open thread, and to a new thread shown before the thread’s part loaded', async () => {
    const { controller, socket } = board();
    await handshake(socket(), snapshot([thread('1', 0)], 7));
    const opening = controller.openThread('1');
    expect(controller.openingThreadId).toBeNull(); // the part is still loading
    await vi.waitFor(() => expect(controller.openingThreadId).toBe('1'));
    socket().answer('thread.open', {
      thread: thread('1', 0),
      posts: [post('100', '1', { root: true })],
      next: null,
      myVotes: {},
    });
    await opening;
    expect(controller.openingThreadId).toBeNull();
    socket().push({
      type: 'event',
      board: 'shoes',
      seq: 8,
      event: { kind: 'post.created', thread: thread('1', 0, { replyCount: 1 }), post: post('101', '1') },
    });
    await vi.waitFor(() => expect(controller.thread?.posts.map((p) => p.id)).toEqual(['100', '101']));
    expect(controller.thread?.thread.replyCount).toBe(1);
    // An event the board had already seen is not applied twice.
    socket().push({
      type: 'event',
      board: 'shoes',
      seq: 8,
      event: { kind: 'post.removed', thread: thread('1', 0), postId: '101' },
    });
    expect(controller.thread?.posts.map((p) => p.id)).toEqual(['100', '101']);
    controller.closeThread();
    expect(controller.thread).toBeNull();

    // A fresh board: the viewer's own new thread is open before the thread's part was ever loaded.
    const fresh = board();
    await handshake(fresh.socket(), snapshot([], 3));
    const created = fresh.controller
      .loadWrites()
      .then((w) => w.createThread('discussion', 'Fresh', 'Body.', 'key_00000003'));
    await vi.waitFor(() =>
      fresh.socket().answer('thread.create', { thread: thread('5', 0), post: post('500', '5', { root: true }) }),
    );
    await created;
    fresh.socket().push({
      type: 'event',
      board: 'shoes',
      seq: 4,
      event: { kind: 'post.created', thread: thread('5', 1), post: post('501', '5') },
    });
    await vi.waitFor(() => expect(fresh.controller.thread?.posts.map((p) => p.id)).toEqual(['500', '501']));
  });
});

describe('widget board controller: sign-in during the handshake', () => {
  it('identifies again when the SSO token arrives while the first hello is on its way', async () => {
    const config = { ssoToken: '' };
    const { controller, socket } = board(config);
    socket().open();
    await flush();
    config.ssoToken = 'late-jwt';
    controller.identityChanged(); // not open yet: the handshake must notice by itself
    socket().answer('hello', { me: null, site });
    await flush();
    socket().answer('subscribe', snapshot([], 1));
    await flush();
    expect(socket().sent.at(-1)).toMatchObject({ type: 'hello', sso: 'late-jwt' });
    socket().answer('hello', { me: member('4'), site });
    await flush();
    expect(controller.me?.id).toBe('4');
    expect(controller.connection.status).toBe('open');
  });

  it('shows a signed-in member their bell, kept live by the server, and none to a guest', async () => {
    const { controller, socket } = board({ ssoToken: 'sso' });
    await handshake(socket(), snapshot([], 1));
    // The board is live before the bell answers.
    expect(controller.connection.status).toBe('open');
    expect(controller.notices).toBeNull();
    const threads = [{ threadId: '9', board: 'shoes', title: 'Do they fit?', unread: 2 }];
    socket().answer('notices.list', { threads });
    await flush();
    expect(controller.notices).toEqual(threads);
    socket().push({ type: 'notices', threads: [] });
    expect(controller.notices).toEqual([]);

    const guest = board(undefined, memoryTokens({ demo: 'guest-token' }));
    await handshake(guest.socket(), snapshot([], 1), { ...member('6'), guest: true });
    expect(guest.socket().sent.some((f) => f.type === 'notices.list')).toBe(false);
    expect(guest.controller.notices).toBeNull();
  });
  it('loads the board anew in another sort and filter, and pages and resumes in it', async () => {
    const { controller, socket } = board();
    await handshake(socket(), snapshot([thread('1', 5), thread('2', 1)], 7));
    const listing = { sort: 'votes', filter: 'unanswered' } as const;
    const changed = controller.changeListing(listing);
    expect(controller.listingChanging).toBe(true);
    // A fresh snapshot of the new listing, not a resume of the old one.
    const frame = socket()
      .sent.filter((f) => f.type === 'subscribe')
      .at(-1);
    expect(frame).toMatchObject({ sort: 'votes', filter: 'unanswered' });
    expect(frame?.since).toBeUndefined();
    socket().answer('subscribe', {
      ...snapshot([thread('1', 5, { score: 1 }), thread('3', 9, { score: 4 })], 9),
      next: 'c2',
    });
    await changed;
    expect(controller.listingChanging).toBe(false);
    expect(controller.board.listing).toEqual(listing);
    expect(controller.board.threads.map((t) => t.id)).toEqual(['3', '1']);
    // The next page is asked for in the listing its cursor came from.
    void controller.loadMore();
    expect(
      socket()
        .sent.filter((f) => f.type === 'threads.page')
        .at(-1),
    ).toMatchObject({
      after: 'c2',
      sort: 'votes',
      filter: 'unanswered',
    });
  });
});
