/**
 * A long thread opens with a page of posts sized for a screen and pages on by a signed keyset
 * cursor: every visible post exactly once, in the order written, hidden ones never, and posts
 * written while the reader scrolls served once, in their place. A link to a late post opens
 * the thread with every page up to it.
 */
import { LIMITS, type PostPage, type PostView } from '@booth/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { answer, ask, eventOfKind, expectRefused, freshBoard, useBoardApp, type Visitor } from '../helpers/actors.js';
import { getJson } from '../helpers/http-client.js';
import { TestClient } from '../helpers/ws-client.js';

const app = useBoardApp();
const PAGE = LIMITS.threadPageSize;
/** Replies written to the long thread: with its opening post, 100 posts. */
const REPLIES = 99;

let staff: Visitor;
let board: string;
let threadId: string;
/** Every post of the long thread in the order written, the opening post first. */
let written: PostView[];
/** Posts staff hid: one the first page would end on, and two on later pages. */
let hiddenIds: string[];

beforeAll(async () => {
  staff = await app.staff();
  board = freshBoard('long');
  const created = await ask(staff.client, board, { kind: 'discussion', title: 'Sizing notes, all of them' });
  threadId = created.thread.id;
  written = [created.post];
  for (let i = 1; i <= REPLIES; i++) written.push((await answer(staff.client, threadId, `Note number ${i}.`)).post);
  hiddenIds = [written[PAGE - 1], written[47], written[88]].map((p) => p?.id as string);
  for (const postId of hiddenIds) {
    await staff.client.ok({ type: 'staff.post.action', key: TestClient.key(), postId, action: 'hide' });
  }
});

const visibleIds = () => written.map((p) => p.id).filter((id) => !hiddenIds.includes(id));

/** Pages from `next` to the thread's end; returns each page's post ids. */
async function pageOn(client: TestClient, next: string | null): Promise<string[][]> {
  const pages: string[][] = [];
  for (let cursor = next; cursor !== null; ) {
    const page: PostPage = await client.ok({ type: 'thread.more', threadId, after: cursor });
    pages.push(page.posts.map((p) => p.id));
    cursor = page.next;
  }
  return pages;
}

describe('a long thread', () => {
  it('opens with its first page of posts and a cursor to the next', async () => {
    const reader = await app.reader();
    const opened = await reader.ok({ type: 'thread.open', threadId });
    expect(opened.posts.map((p) => p.id)).toEqual(visibleIds().slice(0, PAGE));
    expect(opened.posts[0]?.root).toBe(true);
    expect(opened.next).toEqual(expect.any(String));

    const http = await getJson<{ posts: PostView[]; next: string }>(
      `${app.t.baseUrl}/api/threads/${threadId}?site=${app.site.public_key}`,
    );
    expect(http.body.posts.map((p) => p.id)).toEqual(visibleIds().slice(0, PAGE));
    const after = encodeURIComponent(http.body.next);
    const second = await getJson<PostPage>(
      `${app.t.baseUrl}/api/threads/${threadId}?site=${app.site.public_key}&after=${after}`,
    );
    expect(second.body.posts.map((p) => p.id)).toEqual(visibleIds().slice(PAGE, 2 * PAGE));
  });

  it('pages to its end with every visible post exactly once, in order, and hidden ones never', async () => {
    for (const client of [await app.reader(), (await app.guest('Long Reader')).client]) {
      const opened = await client.ok({ type: 'thread.open', threadId });
      const pages = [opened.posts.map((p) => p.id), ...(await pageOn(client, opened.next))];
      expect(pages.every((page) => page.length > 0 && page.length <= PAGE)).toBe(true);
      expect(pages.flat()).toEqual(visibleIds());
      for (const id of hiddenIds) expect(pages.flat()).not.toContain(id);
    }
  });

  it('serves a post written while the reader scrolls once, in its place at the end', async () => {
    const reader = await app.reader();
    await reader.ok({ type: 'subscribe', board });
    const opened = await reader.ok({ type: 'thread.open', threadId });
    const writer = await app.guest('Late Writer');
    const { post: late } = await answer(writer.client, threadId, 'One more note, written while you read.');
    // The reader hears of it live, before its page is loaded.
    expect((await eventOfKind(reader, 'post.created', board)).event.post.id).toBe(late.id);

    const ids = [...opened.posts.map((p) => p.id), ...(await pageOn(reader, opened.next)).flat()];
    expect(ids).toEqual([...visibleIds(), late.id]);
    written.push(late);
  });

  it('refuses a cursor that was altered, belongs to another thread or to a board listing', async () => {
    const reader = await app.reader();
    const { next } = await reader.ok({ type: 'thread.open', threadId });
    const cursor = next as string;
    const [payload, signature] = cursor.split('.') as [string, string];
    const flipped = `${payload.slice(0, -2)}${payload.at(-2) === 'A' ? 'B' : 'A'}${payload.at(-1)}.${signature}`;
    const other = await ask(staff.client, board, { title: 'Another thread of the board' });
    const listing = await reader.ok({ type: 'subscribe', board: freshBoard('listing') });
    const boardCursor = listing.mode === 'snapshot' ? listing.next : null;
    const forged = `${Buffer.from(JSON.stringify([threadId, '1'])).toString('base64url')}.${signature}`;

    for (const after of [flipped, forged, 'not-a-cursor', '', `${cursor}.x`, boardCursor ?? 'x.y']) {
      await expectRefused(reader.request({ type: 'thread.more', threadId, after }), 'invalid_message');
    }
    const elsewhere = await expectRefused(
      reader.request({ type: 'thread.more', threadId: other.thread.id, after: cursor }),
      'invalid_message',
    );
    expect(elsewhere.message).toMatch(/another thread/);
    const http = await getJson<{ error: { code: string } }>(
      `${app.t.baseUrl}/api/threads/${threadId}?site=${app.site.public_key}&after=${encodeURIComponent(flipped)}`,
    );
    expect([http.status, http.body.error.code]).toEqual([400, 'invalid_message']);
  });

  it('pages on only for a reader who may read the thread', async () => {
    const reader = await app.reader();
    const { thread } = await ask(staff.client, board, { title: 'A thread about to be hidden' });
    for (let i = 0; i < PAGE; i++) await answer(staff.client, thread.id, `Reply ${i} to hide.`);
    const { next } = await reader.ok({ type: 'thread.open', threadId: thread.id });
    await staff.client.ok({ type: 'staff.thread.action', key: TestClient.key(), threadId: thread.id, action: 'hide' });
    await expectRefused(
      reader.request({ type: 'thread.more', threadId: thread.id, after: next as string }),
      'not_found',
    );
  });
});

describe('a link to a late post', () => {
  it('opens the thread with every page up to that post, and pages on from there', async () => {
    const reader = await app.reader();
    const target = visibleIds()[75] as string;
    const opened = await reader.ok({ type: 'thread.open', threadId, until: target });
    const ids = opened.posts.map((p) => p.id);
    expect(ids).toEqual(visibleIds().slice(0, 76));
    expect(ids.at(-1)).toBe(target);
    expect([...ids, ...(await pageOn(reader, opened.next)).flat()]).toEqual(visibleIds());
  });

  it('fills a short link out to a whole page', async () => {
    const reader = await app.reader();
    const opened = await reader.ok({ type: 'thread.open', threadId, until: visibleIds()[2] as string });
    expect(opened.posts.map((p) => p.id)).toEqual(visibleIds().slice(0, PAGE));
  });

  it('opens at the first page when the linked post is hidden or in another thread', async () => {
    const reader = await app.reader();
    const elsewhere = await ask(staff.client, freshBoard(), { title: 'A thread somewhere else' });
    for (const until of [hiddenIds[2] as string, elsewhere.post.id]) {
      const opened = await reader.ok({ type: 'thread.open', threadId, until });
      expect(opened.posts.map((p) => p.id)).toEqual(visibleIds().slice(0, PAGE));
    }
  });
});
