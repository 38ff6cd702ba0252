import type { ResultMap } from '@booth/shared';
import { describe, expect, it } from 'vitest';
import type { SiteRow } from '../../server/src/db/database.js';
import { saveSitePolicy } from '../../server/src/domain/policy/site-policies.js';
import { DELETED_MEMBER_NAME } from '../../server/src/domain/privacy/erase-member.js';
import {
  answer,
  ask,
  connectGuest,
  freshBoard,
  PERMISSIVE_POLICY,
  useBoardApp,
  type Visitor,
} from '../helpers/actors.js';
import { getJson } from '../helpers/http-client.js';
import { signSso, type TestApp } from '../helpers/test-app.js';
import { TestClient } from '../helpers/ws-client.js';

/** The two-node case is in board-page-cache.test.ts, on the cluster the board's pages are tested on. */

/**
 * The server's clock never moves here, so a kept first page never expires: every change these
 * tests see on the next read reached the cache by being dropped, not by its safety-net TTL.
 */
const FIXED_NOW = () => new Date('2026-11-23T09:00:00.000Z');

type FirstPage = Pick<ResultMap['thread.open'], 'thread' | 'posts' | 'next'>;

async function threadPage(node: Pick<TestApp, 'baseUrl'>, site: Pick<SiteRow, 'public_key'>, threadId: string) {
  return getJson<FirstPage>(`${node.baseUrl}/api/threads/${threadId}?site=${site.public_key}`);
}

async function firstPage(node: Pick<TestApp, 'baseUrl'>, site: Pick<SiteRow, 'public_key'>, threadId: string) {
  const res = await threadPage(node, site, threadId);
  expect(res.status).toBe(200);
  return res.body;
}

/** Signs in staff through the site's SSO with a token issued at the server's clock. */
async function staffOf(node: Pick<TestApp, 'wsUrl'>, site: SiteRow, sub: string): Promise<Visitor> {
  const client = await TestClient.connect(node.wsUrl(site));
  const sso = await signSso(site, { sub, name: `Staff ${sub}`, role: 'staff' }, { now: FIXED_NOW() });
  const { me } = await client.ok({ type: 'hello', sso });
  if (!me) throw new Error('the SSO token was not accepted');
  return { client, me, guestToken: null };
}

const bodies = (page: FirstPage) => page.posts.map((p) => p.source);

describe('the thread first page kept on a node', () => {
  const app = useBoardApp({ live: { now: FIXED_NOW } });
  const read = (threadId: string) => firstPage(app.t, app.site, threadId);

  it("is served from memory until the thread's board changes: a write behind Booth's back shows only after the next board event", async () => {
    const writer = await app.guest('Kept Writer');
    const { thread } = await ask(writer.client, freshBoard(), { title: 'Kept question' });
    expect((await read(thread.id)).thread.title).toBe('Kept question');
    // Not a use case: no board event, no "listing changed"; the kept page does not see it.
    await app.t.database.db
      .updateTable('threads')
      .set({ title: 'Changed behind' })
      .where('id', '=', thread.id)
      .execute();
    expect((await read(thread.id)).thread.title).toBe('Kept question');
    await answer(writer.client, thread.id, 'A reply is a board event.');
    const after = await read(thread.id);
    expect(after.thread.title).toBe('Changed behind');
    expect(bodies(after)).toEqual(['I usually wear a medium.', 'A reply is a board event.']);
  });

  it('shows each change on the next read: reply, edit, vote, accept, stale flag and its release, lock, pin, post hide and restore, delete', async () => {
    const board = freshBoard();
    const asker = await app.guest('Asker');
    const { thread } = await ask(asker.client, board, { title: 'Does it fit?' });
    const staff = await staffOf(app.t, app.site, 'thread-cache-staff');
    await read(thread.id);

    const { post: reply } = await answer(staff.client, thread.id, 'It fits.');
    expect(bodies(await read(thread.id))).toEqual(['I usually wear a medium.', 'It fits.']);

    await staff.client.ok({ type: 'post.edit', key: TestClient.key(), postId: reply.id, body: 'It fits well.' });
    expect(bodies(await read(thread.id))).toEqual(['I usually wear a medium.', 'It fits well.']);

    await asker.client.ok({ type: 'vote', key: TestClient.key(), postId: reply.id, value: 1 });
    expect((await read(thread.id)).posts[1]?.score).toBe(1);

    await asker.client.ok({ type: 'thread.accept', key: TestClient.key(), threadId: thread.id, postId: reply.id });
    expect((await read(thread.id)).thread.acceptedPostId).toBe(reply.id);

    await staff.client.ok({ type: 'staff.release.record', key: TestClient.key(), board, name: 'v2 shipped' });
    expect((await read(thread.id)).thread.answerStale).toBe(true);
    await staff.client.ok({ type: 'staff.answer.confirm', key: TestClient.key(), threadId: thread.id });
    expect((await read(thread.id)).thread.answerStale).toBe(false);

    const act = (action: 'lock' | 'unlock' | 'pin' | 'unpin') =>
      staff.client.ok({ type: 'staff.thread.action', key: TestClient.key(), threadId: thread.id, action });
    await act('lock');
    expect((await read(thread.id)).thread.locked).toBe(true);
    await act('unlock');
    expect((await read(thread.id)).thread.locked).toBe(false);
    await act('pin');
    expect((await read(thread.id)).thread.pinned).toBe(true);

    const postAction = (action: 'hide' | 'restore') =>
      staff.client.ok({ type: 'staff.post.action', key: TestClient.key(), postId: reply.id, action });
    await postAction('hide');
    expect(bodies(await read(thread.id))).toEqual(['I usually wear a medium.']);
    await postAction('restore');
    expect(bodies(await read(thread.id))).toEqual(['I usually wear a medium.', 'It fits well.']);

    await staff.client.ok({ type: 'post.delete', key: TestClient.key(), postId: reply.id });
    const deleted = (await read(thread.id)).posts.find((p) => p.id === reply.id);
    expect(deleted === undefined || deleted.status === 'deleted').toBe(true);
    expect(deleted?.source ?? '').toBe('');
  });

  it("shows a move to another board, a hidden thread as not found (while staff still open it), and the author's new name and erasure", async () => {
    const asker = await app.guest('Mover');
    const { thread } = await ask(asker.client, freshBoard(), { title: 'To be moved' });
    const staff = await staffOf(app.t, app.site, 'thread-cache-mover');
    expect((await read(thread.id)).thread.author.name).toBe('Mover');

    const target = freshBoard('moved');
    await staff.client.ok({ type: 'staff.thread.move', key: TestClient.key(), threadId: thread.id, board: target });
    expect((await read(thread.id)).thread.board).toBe(target);

    await asker.client.ok({ type: 'guest.rename', key: TestClient.key(), name: 'Renamed Mover' });
    expect((await read(thread.id)).thread.author.name).toBe('Renamed Mover');

    await staff.client.ok({ type: 'staff.thread.action', key: TestClient.key(), threadId: thread.id, action: 'hide' });
    expect((await threadPage(app.t, app.site, thread.id)).status).toBe(404);
    const reader = await app.reader();
    const refused = await reader.request({ type: 'thread.open', threadId: thread.id });
    expect(refused.ok ? 'opened' : refused.error.code).toBe('not_found');
    expect((await staff.client.ok({ type: 'staff.thread.open', threadId: thread.id })).thread.status).toBe('hidden');
    await staff.client.ok({
      type: 'staff.thread.action',
      key: TestClient.key(),
      threadId: thread.id,
      action: 'restore',
    });
    expect((await read(thread.id)).thread.status).toBe('open');

    await staff.client.ok({ type: 'staff.member.erase', key: TestClient.key(), memberId: asker.me.id });
    expect((await read(thread.id)).thread.author.name).toBe(DELETED_MEMBER_NAME);
  });

  it("keeps every reader's own part out of it: votes, follow state and held posts stay with their reader", async () => {
    const site = await app.otherSite();
    const saved = await saveSitePolicy(app.t.database.db, site.id, {
      ...PERMISSIVE_POLICY,
      premoderateFirstPosts: true,
    });
    if (!saved.ok) throw new Error(saved.error.message);
    const staff = await staffOf(app.t, site, 'thread-cache-private');
    const { thread, post: question } = await ask(staff.client, freshBoard(), { title: 'Whose votes?' });
    const voter = await staffOf(app.t, site, 'thread-cache-voter');
    await voter.client.ok({ type: 'vote', key: TestClient.key(), postId: question.id, value: 1 });
    const author = await connectGuest(app.t, site, 'Held Author');
    const { post: held } = await answer(author.client, thread.id, 'Held for review.');
    expect(held.status).toBe('pending');

    // The reader who is not signed in fills the cache, over HTTP and on a socket.
    const anonymous = await firstPage(app.t, site, thread.id);
    expect(anonymous.posts.map((p) => p.id)).toEqual([question.id]);
    const reader = await TestClient.connect(app.t.wsUrl(site));
    const opened = await reader.ok({ type: 'thread.open', threadId: thread.id });
    expect(opened).toMatchObject({ myVotes: {}, following: false });
    expect(opened.posts.map((p) => p.id)).toEqual([question.id]);

    // Signed-in readers still get their own part; nobody else gets it from the kept page.
    const own = await author.client.ok({ type: 'thread.open', threadId: thread.id });
    expect(own.posts.map((p) => [p.id, p.status])).toEqual([
      [question.id, 'visible'],
      [held.id, 'pending'],
    ]);
    expect((await voter.client.ok({ type: 'thread.open', threadId: thread.id })).myVotes).toEqual({ [question.id]: 1 });
    expect((await firstPage(app.t, site, thread.id)).posts.map((p) => p.id)).toEqual([question.id]);
    const again = await reader.ok({ type: 'thread.open', threadId: thread.id });
    expect(again.posts.map((p) => p.id)).toEqual([question.id]);
    expect(again.myVotes).toEqual({});
  });
});
