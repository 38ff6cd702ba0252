import { LIMITS, type PostView, type ThreadPage, type ThreadView } from '@booth/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SiteRow } from '../../server/src/db/database.js';
import { answer, ask, freshBoard, useBoardApp, type Visitor } from '../helpers/actors.js';
import { getJson, type HttpResponse } from '../helpers/http-client.js';
import { TestClient } from '../helpers/ws-client.js';

/** The server's clock, moved by the tests so that several threads share one instant. */
let clock = Date.parse('2026-11-23T09:00:00.000Z');
const app = useBoardApp({ live: { now: () => new Date(clock) } });
let writer: Visitor;

beforeAll(async () => {
  writer = await app.guest('Writer');
});

const listUrl = (board: string, query: Record<string, string> = {}, site: Pick<SiteRow, 'public_key'> = app.site) =>
  `${app.t.baseUrl}/api/boards/${encodeURIComponent(board)}/threads?${new URLSearchParams({ site: site.public_key, ...query })}`;
const threadUrl = (id: string, site: Pick<SiteRow, 'public_key'> = app.site) =>
  `${app.t.baseUrl}/api/threads/${id}?site=${site.public_key}`;

/** Follows `next` cursors to the end of a board's listing. */
async function readAllPages(board: string): Promise<{ pages: ThreadPage[]; ids: string[] }> {
  const pages: ThreadPage[] = [];
  let after: string | null = null;
  do {
    const res: HttpResponse<ThreadPage> = await getJson<ThreadPage>(listUrl(board, after ? { after } : {}));
    expect(res.status).toBe(200);
    pages.push(res.body);
    after = res.body.next;
  } while (after && pages.length < 50);
  return { pages, ids: pages.flatMap((p) => p.threads.map((t) => t.id)) };
}

describe('GET /api/boards/:board/threads', () => {
  let board: string;
  let expected: string[];

  beforeAll(async () => {
    // 47 threads: runs of them share one timestamp, so paging must break ties by id.
    board = freshBoard();
    const made: Array<{ id: string; at: number }> = [];
    for (let i = 0; i < 47; i++) {
      if (i % 5 === 0) clock += 1000;
      made.push({ id: (await ask(writer.client, board, { title: `Question number ${i}` })).thread.id, at: clock });
    }
    // A reply moves an old thread to the top; a pinned one goes above everything.
    clock += 1000;
    await answer(writer.client, made[3]!.id, 'Bumped');
    await app.t.database.db.updateTable('threads').set({ pinned: true }).where('id', '=', made[10]!.id).execute();
    const bumped = made[3]!;
    bumped.at = clock;
    expected = [
      made[10]!.id,
      ...made
        .filter((m) => m !== made[10])
        .sort((a, b) => b.at - a.at || Number(b.id) - Number(a.id))
        .map((m) => m.id),
    ];
  });

  it('pages through every thread once, in listing order, with full pages', async () => {
    const { pages, ids } = await readAllPages(board);
    expect(pages.map((p) => p.threads.length)).toEqual([LIMITS.pageSize, LIMITS.pageSize, 7]);
    expect(pages.at(-1)?.next).toBeNull();
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expected);
  });

  it('gives the same pages as the WebSocket listing', async () => {
    const snap = await writer.client.ok({ type: 'subscribe', board });
    if (snap.mode !== 'snapshot' || !snap.next) throw new Error('expected a snapshot with more pages');
    const first = await getJson<ThreadPage>(listUrl(board));
    expect(first.body).toEqual({ threads: snap.threads, next: snap.next });
    const second = await writer.client.ok({ type: 'threads.page', board, after: snap.next });
    expect((await getJson<ThreadPage>(listUrl(board, { after: snap.next }))).body).toEqual(second);
  });

  it('does not skip or repeat when threads are added while paging', async () => {
    const first = await getJson<ThreadPage>(listUrl(board));
    clock += 1000;
    const late = await ask(writer.client, board, { title: 'Arrived during paging' });
    const rest = await getJson<ThreadPage>(listUrl(board, { after: first.body.next as string }));
    const ids = [...first.body.threads, ...rest.body.threads].map((t) => t.id);
    expect(ids).not.toContain(late.thread.id);
    expect(ids).toEqual(expected.slice(0, 40));
    expect((await readAllPages(board)).ids).toEqual([expected[0], late.thread.id, ...expected.slice(1)]);
  });

  it('shows the thread as the widget does', async () => {
    const { body } = await getJson<ThreadPage>(listUrl(board));
    const pinned = body.threads[0] as ThreadView;
    expect(pinned).toMatchObject({ id: expected[0], board, pinned: true, author: writer.me, kind: 'question' });
    expect(Object.keys(pinned).sort()).toEqual(
      [
        'id',
        'board',
        'kind',
        'title',
        'excerpt',
        'author',
        'status',
        'pinned',
        'locked',
        'rootPostId',
        'acceptedPostId',
        'answered',
        'staffReplied',
        'replyCount',
        'score',
        'waiting',
        'createdAt',
        'lastActivityAt',
        'answerStale',
      ].sort(),
    );
  });

  it('answers an empty page for a board nobody wrote on, without creating it', async () => {
    const slug = freshBoard();
    expect((await getJson(listUrl(slug))).body).toEqual({ threads: [], next: null });
    const boards = await app.t.database.db.selectFrom('boards').select('id').where('slug', '=', slug).execute();
    expect(boards).toEqual([]);
  });

  it("keeps each site's boards apart", async () => {
    const other = await app.otherSite();
    expect((await getJson(listUrl(board, {}, other))).body).toEqual({ threads: [], next: null });
  });

  it.each([
    ['a malformed cursor', () => listUrl('b', { after: 'not-a-cursor' }), 'after'],
    ['a cursor with bad characters', () => listUrl('b', { after: 'abc+/=' }), 'after'],
    ['an overlong cursor', () => listUrl('b', { after: 'a'.repeat(201) }), 'after'],
    ['a bad board slug', () => listUrl('-bad slug'), 'board'],
    ['an unknown parameter', () => listUrl('b', { limit: '1000' }), 'limit'],
    ['a malformed site key', () => `${app.t.baseUrl}/api/boards/b/threads?site=a%20b`, 'site'],
    ['no site key', () => `${app.t.baseUrl}/api/boards/b/threads`, 'site'],
  ])('refuses %s with 400 invalid_message naming the parameter', async (_name, url, field) => {
    const res = await getJson<{ error: { code: string; message: string } }>(url());
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_message');
    expect(res.body.error.message.startsWith(`${field}:`), res.body.error.message).toBe(true);
  });

  it('refuses an unknown site with 404 unknown_site', async () => {
    const res = await getJson(listUrl('b', {}, { public_key: 'site_doesnotexist' }));
    expect(res).toMatchObject({ status: 404, body: { error: { code: 'unknown_site' } } });
  });
});

describe('GET /api/threads/:thread', () => {
  it('returns the thread with its visible posts', async () => {
    const { thread, post } = await ask(writer.client, freshBoard(), { body: 'Question **body**' });
    const helper = await app.guest('Helper');
    const kept = await answer(helper.client, thread.id, 'Kept reply');
    const gone = await answer(helper.client, thread.id, 'Deleted reply');
    await helper.client.ok({ type: 'post.delete', key: TestClient.key(), postId: gone.post.id });
    const res = await getJson<{ thread: ThreadView; posts: PostView[] }>(threadUrl(thread.id));
    expect(res.status).toBe(200);
    expect(res.body.thread).toMatchObject({ id: thread.id, replyCount: 1 });
    expect(res.body.posts).toEqual([post, kept.post]);
    expect(Object.keys(res.body).sort()).toEqual(['next', 'posts', 'thread']);
  });

  it('answers 404 not_found for an unknown, removed or foreign thread', async () => {
    const { thread, post } = await ask(writer.client, freshBoard());
    await writer.client.ok({ type: 'post.delete', key: TestClient.key(), postId: post.id });
    const other = await app.otherSite();
    const live = await ask(writer.client, freshBoard());
    for (const url of [threadUrl('999999999'), threadUrl(thread.id), threadUrl(live.thread.id, other)]) {
      const res = await getJson(url);
      expect(res).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
    }
  });

  it.each(['abc', '0', '-1', '1.5', '1'.repeat(19)])('refuses the thread id %s with 400', async (id) => {
    const res = await getJson(threadUrl(id));
    expect(res).toMatchObject({ status: 400, body: { error: { code: 'invalid_message' } } });
  });

  it('refuses an unknown site with 404 unknown_site', async () => {
    const res = await getJson(threadUrl('1', { public_key: 'site_doesnotexist' }));
    expect(res).toMatchObject({ status: 404, body: { error: { code: 'unknown_site' } } });
  });
});

describe('other HTTP routes', () => {
  it('answer unknown paths and methods with the typed 404', async () => {
    const res = await getJson(`${app.t.baseUrl}/api/nothing-here`);
    expect(res).toEqual({
      status: 404,
      headers: expect.anything(),
      body: { error: { code: 'not_found', message: expect.any(String) } },
    });
  });
});
