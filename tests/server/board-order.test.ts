import {
  BOARD_FILTERS,
  BOARD_SORTS,
  type BoardFilter,
  type BoardListing,
  type BoardSort,
  LIMITS,
  type ThreadPage,
} from '@booth/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { answer, ask, expectRefused, freshBoard, useBoardApp, type Visitor } from '../helpers/actors.js';
import { getJson } from '../helpers/http-client.js';
import { signSso } from '../helpers/test-app.js';
import { TestClient } from '../helpers/ws-client.js';

/** The server's clock, moved by the tests so that runs of threads share one instant. */
let clock = Date.parse('2026-11-20T08:00:00.000Z');
const app = useBoardApp({ live: { now: () => new Date(clock) } });

/** What the test knows of each thread it made, kept apart from what the server says. */
interface Made {
  id: string;
  pinned: boolean;
  createdAt: number;
  lastActivityAt: number;
  score: number;
  question: boolean;
  answered: boolean;
}

const THREADS = 50;
let board: string;
let made: Made[] = [];
let asker: Visitor;

/** The order this file expects, written out on its own: pinned, then the sort's key, then the id, all descending. */
function expectedOrder({ sort, filter }: BoardListing): string[] {
  const key = (m: Made) => (sort === 'votes' ? m.score : sort === 'newest' ? m.createdAt : m.lastActivityAt);
  const shown = made.filter((m) =>
    filter === 'all'
      ? true
      : filter === 'questions'
        ? m.question
        : filter === 'answered'
          ? m.question && m.answered
          : m.question && !m.answered,
  );
  return shown
    .sort((a, b) => Number(b.pinned) - Number(a.pinned) || key(b) - key(a) || Number(BigInt(b.id) - BigInt(a.id)))
    .map((m) => m.id);
}

/** Reads every page of a listing over the socket, following `next` from the subscribe snapshot. */
async function pagesOverSocket(client: TestClient, listing: BoardListing): Promise<ThreadPage[]> {
  const snap = await client.ok({ type: 'subscribe', board, ...listing });
  if (snap.mode !== 'snapshot') throw new Error('expected a snapshot');
  const pages: ThreadPage[] = [{ threads: snap.threads, next: snap.next }];
  for (let after = snap.next; after !== null && pages.length < 20; ) {
    const page = await client.ok({ type: 'threads.page', board, after, ...listing });
    pages.push(page);
    after = page.next;
  }
  return pages;
}

const listUrl = (query: Record<string, string>) =>
  `${app.t.baseUrl}/api/boards/${board}/threads?${new URLSearchParams({ site: app.site.public_key, ...query })}`;

/** A staff member signed in with a token issued at the server's (moved) clock. */
async function staffMember(): Promise<Visitor> {
  const client = await app.reader();
  const claims = { sub: 'agent-1', name: 'Sam from Support', role: 'staff' };
  const { me } = await client.ok({ type: 'hello', sso: await signSso(app.site, claims, { now: new Date(clock) }) });
  if (!me) throw new Error('the staff sign-in was refused');
  return { client, me, guestToken: null };
}

beforeAll(async () => {
  board = freshBoard();
  asker = await app.guest('Asker');
  const [voterA, voterB, helper, staff] = await Promise.all([
    app.guest('Voter A'),
    app.guest('Voter B'),
    app.guest('Helper'),
    staffMember(),
  ]);
  made = [];
  for (let i = 0; i < THREADS; i++) {
    // Runs of four threads share one instant, so every time order has ties to break by id.
    if (i % 4 === 0) clock += 60_000;
    const question = i % 4 !== 3;
    const { thread } = await ask(asker.client, board, {
      kind: question ? 'question' : 'discussion',
      title: `Topic number ${i} about boots`,
    });
    made.push({
      id: thread.id,
      pinned: false,
      createdAt: clock,
      lastActivityAt: clock,
      score: 0,
      question,
      answered: false,
    });
    // Scores 0, 1 and 2 over and over: many threads share each score.
    const voters = [voterA, voterB].slice(0, i % 3);
    for (const voter of voters) {
      await voter.client.ok({ type: 'vote', key: TestClient.key(), postId: thread.rootPostId, value: 1 });
    }
    (made[i] as Made).score = voters.length;
  }
  // Answers come later, all at one instant: an accepted reply moves its thread's last activity.
  clock += 60_000;
  for (const [i, m] of made.entries()) {
    if (!m.question) continue;
    if (i % 5 === 0) {
      const { post } = await answer(helper.client, m.id, 'Try half a size up.');
      await asker.client.ok({ type: 'thread.accept', key: TestClient.key(), threadId: m.id, postId: post.id });
      Object.assign(m, { answered: true, lastActivityAt: clock });
    } else if (i % 7 === 1) {
      // Marked answered by staff without a reply: answered, last activity unchanged.
      await staff.client.ok({
        type: 'staff.thread.action',
        key: TestClient.key(),
        threadId: m.id,
        action: 'mark_answered',
      });
      m.answered = true;
    }
  }
  const pinned = made[17] as Made;
  await staff.client.ok({ type: 'staff.thread.action', key: TestClient.key(), threadId: pinned.id, action: 'pin' });
  pinned.pinned = true;
}, 60_000);

const LISTINGS = BOARD_SORTS.flatMap((sort) => BOARD_FILTERS.map((filter) => ({ sort, filter })));

describe('board sorts and filters', () => {
  it('has ties in every order and threads in every filter', () => {
    for (const sort of BOARD_SORTS) expect(expectedOrder({ sort, filter: 'all' })).toHaveLength(THREADS);
    expect(new Set(made.map((m) => m.createdAt)).size).toBeLessThan(THREADS / 2);
    expect(new Set(made.map((m) => m.score))).toEqual(new Set([0, 1, 2]));
    for (const filter of BOARD_FILTERS) expect(expectedOrder({ sort: 'votes', filter }).length).toBeGreaterThan(5);
  });

  it.each(LISTINGS)('pages through $sort / $filter over the socket: each thread once, in order', async (listing) => {
    const client = await app.reader();
    try {
      const pages = await pagesOverSocket(client, listing);
      const ids = pages.flatMap((p) => p.threads.map((t) => t.id));
      expect(ids).toEqual(expectedOrder(listing));
      expect(pages.slice(0, -1).every((p) => p.threads.length === LIMITS.pageSize)).toBe(true);
      expect(pages.at(-1)?.next).toBeNull();
    } finally {
      client.close();
    }
  });

  it('lists the threads it shows with their answered state', async () => {
    const client = await app.reader();
    const pages = await pagesOverSocket(client, { sort: 'newest', filter: 'all' });
    client.close();
    const byId = new Map(made.map((m) => [m.id, m]));
    for (const t of pages.flatMap((p) => p.threads)) {
      expect(t.answered).toBe(byId.get(t.id)?.answered);
      expect(t.score).toBe(byId.get(t.id)?.score);
    }
  });

  it.each([
    ['votes', 'answered'],
    ['newest', 'questions'],
    ['activity', 'unanswered'],
  ] as [BoardSort, BoardFilter][])('pages $0 / $1 over HTTP as over the socket', async (sort, filter) => {
    const ids: string[] = [];
    let after: string | null = null;
    for (let n = 0; n < 20; n++) {
      const res: { status: number; body: ThreadPage } = await getJson<ThreadPage>(
        listUrl({ sort, filter, ...(after ? { after } : {}) }),
      );
      expect(res.status).toBe(200);
      ids.push(...res.body.threads.map((t) => t.id));
      after = res.body.next;
      if (after === null) break;
    }
    expect(ids).toEqual(expectedOrder({ sort, filter }));
  });

  it('keeps the order boards had when the request names none', async () => {
    const client = await app.reader();
    const snap = await client.ok({ type: 'subscribe', board });
    client.close();
    if (snap.mode !== 'snapshot') throw new Error('expected a snapshot');
    expect(snap.threads.map((t) => t.id)).toEqual(expectedOrder({ sort: 'activity', filter: 'all' }).slice(0, 20));
  });

  it('refuses a cursor that was altered, with invalid_message', async () => {
    const client = await app.reader();
    const snap = await client.ok({ type: 'subscribe', board, sort: 'votes', filter: 'all' });
    if (snap.mode !== 'snapshot' || snap.next === null) throw new Error('expected more pages');
    const [payload, signature] = snap.next.split('.') as [string, string];
    const fields = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown[];
    // The same cursor with a higher score: it would skip threads if it were believed.
    fields[3] = 100;
    const raised = `${Buffer.from(JSON.stringify(fields)).toString('base64url')}.${signature}`;
    const flipped = `${payload}.${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;
    // The last character carries 2 bits of the signature: the other spellings of those bytes are refused too.
    const respelled = `${payload}.${signature.slice(0, -1)}${signature.endsWith('A') ? 'B' : 'A'}`;
    for (const after of [raised, flipped, respelled, payload]) {
      const error = await expectRefused(
        client.request({ type: 'threads.page', board, after, sort: 'votes', filter: 'all' }),
        'invalid_message',
      );
      expect(error.message).toBe('after: is not a valid page cursor');
    }
    const res = await getJson<{ error: { code: string } }>(listUrl({ sort: 'votes', after: raised }));
    expect(res).toMatchObject({ status: 400, body: { error: { code: 'invalid_message' } } });
    client.close();
  });

  it('refuses a cursor of another order or filter, with invalid_message', async () => {
    const client = await app.reader();
    const snap = await client.ok({ type: 'subscribe', board, sort: 'newest', filter: 'questions' });
    if (snap.mode !== 'snapshot' || snap.next === null) throw new Error('expected more pages');
    for (const listing of [
      { sort: 'votes', filter: 'questions' },
      { sort: 'newest', filter: 'all' },
      {},
    ] as Partial<BoardListing>[]) {
      const error = await expectRefused(
        client.request({ type: 'threads.page', board, after: snap.next, ...listing }),
        'invalid_message',
      );
      expect(error.message).toMatch(/^after: is a page cursor of another order or filter/);
    }
    client.close();
  });

  it.each([
    ['an unknown sort', { sort: 'oldest' }],
    ['an unknown filter', { filter: 'mine' }],
  ])('refuses %s with invalid_message, over the socket and over HTTP', async (_name, listing) => {
    const client = await app.reader();
    await expectRefused(client.request({ type: 'subscribe', board, ...listing } as never), 'invalid_message');
    client.close();
    const res = await getJson(listUrl(listing as Record<string, string>));
    expect(res).toMatchObject({ status: 400, body: { error: { code: 'invalid_message' } } });
  });
});

describe('live updates in a sorted, filtered list', () => {
  it('tells a list sorted by votes where a thread moved, with the thread', async () => {
    const reader = await app.reader();
    await reader.ok({ type: 'subscribe', board, sort: 'votes', filter: 'all' });
    const voter = await app.guest('Late voter');
    const last = made.at(-1) as Made;
    const { thread } = await reader.ok({ type: 'thread.open', threadId: last.id });
    await voter.client.ok({ type: 'vote', key: TestClient.key(), postId: thread.rootPostId, value: 1 });
    await reader.until('the vote event', () => reader.events.some((e) => e.event.kind === 'vote.changed'));
    const event = reader.events.find((e) => e.event.kind === 'vote.changed')?.event;
    expect(event).toMatchObject({
      threadId: last.id,
      score: last.score + 1,
      thread: { id: last.id, score: last.score + 1 },
    });
    reader.close();
    voter.client.close();
  });
});
