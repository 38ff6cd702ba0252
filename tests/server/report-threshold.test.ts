import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteRow } from '../../server/src/db/database.js';
import {
  answer,
  ask,
  connectGuest,
  connectMember,
  eventOfKind,
  flush,
  freshBoard,
  type Visitor,
} from '../helpers/actors.js';
import { connectModerator, staffLogin } from '../helpers/staff-session.js';
import { createTestSite, startTestApp, type TestApp } from '../helpers/test-app.js';
import { isEvent, TestClient } from '../helpers/ws-client.js';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

const report = (v: Visitor, postId: string) =>
  v.client.ok({ type: 'post.report', key: TestClient.key(), postId, reason: 'Rude and off topic' });

async function postRow(postId: string) {
  return t.database.db
    .selectFrom('posts')
    .select(['status', 'hold_reason'])
    .where('id', '=', postId)
    .executeTakeFirstOrThrow();
}

async function members(s: SiteRow, count: number): Promise<Visitor[]> {
  const list: Visitor[] = [];
  for (let i = 0; i < count; i++) list.push(await connectMember(t, s, { sub: `reporter-${i}`, name: `Reporter ${i}` }));
  return list;
}

describe('reports past the threshold', () => {
  it('hide a reply pending review once three members reported it, and tell staff live', async () => {
    const s = await createTestSite(t.database);
    const board = freshBoard();
    const asker = await connectGuest(t, s, 'Asker');
    const { thread } = await ask(asker.client, board, { title: 'Sizing?', body: 'True to size?' });
    const author = await connectGuest(t, s, 'Rude Replier');
    const { post } = await answer(author.client, thread.id, 'What a stupid question.');
    await asker.client.ok({ type: 'subscribe', board });
    const moderator = await connectModerator(t, s, await staffLogin(t, s));
    await moderator.ok({ type: 'staff.subscribe' });

    const reporters = await members(s, 3);
    await report(reporters[0] as Visitor, post.id);
    await report(reporters[1] as Visitor, post.id);
    expect((await postRow(post.id)).status).toBe('visible');
    const held = moderator.waitFor(isEvent('post.held'));
    await report(reporters[2] as Visitor, post.id);

    expect(await postRow(post.id)).toEqual({ status: 'pending', hold_reason: 'reports: 3 members reported it' });
    expect((await held).event).toMatchObject({ post: { id: post.id, status: 'pending' } });
    const removed = await eventOfKind(asker.client, 'post.removed');
    expect(removed.event).toMatchObject({ postId: post.id, thread: { replyCount: 0 } });
    const opened = await asker.client.ok({ type: 'thread.open', threadId: thread.id });
    expect(opened.posts.map((p) => p.id)).not.toContain(post.id);
    const pending = await moderator.ok({ type: 'staff.pending' });
    expect(pending.items.map((i) => i.post.id)).toContain(post.id);
    const reports = await moderator.ok({ type: 'staff.reports' });
    expect(reports.items.find((i) => i.post.id === post.id)?.reports).toHaveLength(3);

    // Staff decide: approving brings it back for everyone.
    const back = asker.client.waitFor(isEvent('post.created'));
    await moderator.ok({ type: 'staff.post.action', key: TestClient.key(), postId: post.id, action: 'approve' });
    expect((await back).event).toMatchObject({ post: { id: post.id }, thread: { replyCount: 1 } });
    for (const v of [asker, author, ...reporters]) await v.client.close();
    await moderator.close();
  });

  it('take a reported question and its thread out of sight', async () => {
    const s = await createTestSite(t.database, { policy: { reportThreshold: 2 } });
    const board = freshBoard();
    const author = await connectGuest(t, s, 'Troll');
    const { thread, post } = await ask(author.client, board, { title: 'Flame bait', body: 'Your shoes are awful.' });
    const watcher = await connectGuest(t, s, 'Watcher');
    await watcher.client.ok({ type: 'subscribe', board });
    const reporters = await members(s, 2);
    for (const r of reporters) await report(r, post.id);
    await eventOfKind(watcher.client, 'thread.removed');
    const snapshot = await watcher.client.ok({ type: 'subscribe', board });
    expect(snapshot.mode === 'snapshot' ? snapshot.threads.map((th) => th.id) : ['resumed']).not.toContain(thread.id);
    const refused = await watcher.client.request({ type: 'thread.open', threadId: thread.id });
    expect(refused.ok ? 'opened' : refused.error.code).toBe('not_found');
    for (const v of [author, watcher, ...reporters]) await v.client.close();
  });

  it('count each member once, however often they report', async () => {
    const s = await createTestSite(t.database, { policy: { reportThreshold: 2 } });
    const author = await connectGuest(t, s, 'Author');
    const { post } = await ask(author.client, freshBoard(), { title: 'Plain question', body: 'Is it warm?' });
    const [reporter] = await members(s, 1);
    for (let i = 0; i < 3; i++) await report(reporter as Visitor, post.id);
    expect((await postRow(post.id)).status).toBe('visible');
    for (const v of [author, reporter as Visitor]) await v.client.close();
  });

  it('do not let throwaway guest names take a post down, though their reports reach staff', async () => {
    const s = await createTestSite(t.database, { policy: { reportThreshold: 2 } });
    const author = await connectGuest(t, s, 'Honest Author');
    const { post } = await ask(author.client, freshBoard(), { title: 'Good question', body: 'How long do they last?' });
    const guests = [await connectGuest(t, s, 'Throwaway A'), await connectGuest(t, s, 'Throwaway B')];
    for (const g of guests) await report(g, post.id);
    await flush(author.client);
    expect((await postRow(post.id)).status).toBe('visible');
    const open = await t.database.db
      .selectFrom('reports')
      .select('reporter_id')
      .where('post_id', '=', post.id)
      .where('status', '=', 'open')
      .execute();
    expect(open).toHaveLength(2);
    for (const v of [author, ...guests]) await v.client.close();
  });
});
