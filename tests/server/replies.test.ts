import { beforeAll, describe, expect, it } from 'vitest';
import { answer, ask, expectRefused, freshBoard, useBoardApp, type Visitor } from '../helpers/actors.js';
import { TestClient } from '../helpers/ws-client.js';

let asker: Visitor;
let helper: Visitor;

const app = useBoardApp();

beforeAll(async () => {
  asker = await app.guest('Asker');
  helper = await app.guest('Helper');
});

const replyTo = (client: TestClient, threadId: string, parentId?: string | null) =>
  client.request({
    type: 'post.create',
    key: TestClient.key(),
    threadId,
    body: 'A reply',
    ...(parentId !== undefined ? { parentId } : {}),
  });

describe('post.create', () => {
  it('adds a reply and counts it on the thread', async () => {
    const { thread } = await ask(asker.client, freshBoard());
    const { post } = await answer(helper.client, thread.id, 'Try **size L**.');
    expect(post).toEqual({
      id: expect.stringMatching(/^[1-9]\d*$/),
      threadId: thread.id,
      parentId: null,
      root: false,
      author: helper.me,
      html: '<p>Try <strong>size L</strong>.</p>',
      source: 'Try **size L**.',
      status: 'visible',
      score: 0,
      createdAt: expect.any(String),
      editedAt: null,
    });
    const opened = await asker.client.ok({ type: 'thread.open', threadId: thread.id });
    expect(opened.thread.replyCount).toBe(1);
    expect(Date.parse(opened.thread.lastActivityAt)).toBeGreaterThanOrEqual(Date.parse(thread.lastActivityAt));
    expect(opened.posts.map((p) => p.id)).toContain(post.id);
  });

  it('nests one level: replies to a reply join that reply, replies to the question are top level', async () => {
    const { thread, post: root } = await ask(asker.client, freshBoard());
    const top = await answer(helper.client, thread.id, 'Top level');
    const nested = await answer(asker.client, thread.id, 'Nested', top.post.id);
    const deeper = await answer(helper.client, thread.id, 'Reply to nested', nested.post.id);
    const toRoot = await answer(helper.client, thread.id, 'To the question', root.id);
    expect([nested.post.parentId, deeper.post.parentId, toRoot.post.parentId]).toEqual([
      top.post.id,
      top.post.id,
      null,
    ]);
    const explicitNull = await replyTo(helper.client, thread.id, null);
    expect(explicitNull.ok && explicitNull.result.post.parentId).toBeNull();
  });

  it('refuses a parent from another thread or one that was deleted', async () => {
    const one = await ask(asker.client, freshBoard());
    const two = await ask(asker.client, freshBoard());
    const elsewhere = await answer(helper.client, two.thread.id);
    await expectRefused(replyTo(helper.client, one.thread.id, elsewhere.post.id), 'not_found');
    const gone = await answer(helper.client, one.thread.id);
    await helper.client.ok({ type: 'post.delete', key: TestClient.key(), postId: gone.post.id });
    await expectRefused(replyTo(asker.client, one.thread.id, gone.post.id), 'not_found');
    await expectRefused(replyTo(asker.client, one.thread.id, '999999999'), 'not_found');
  });

  it('refuses a thread that does not exist or was removed', async () => {
    await expectRefused(replyTo(helper.client, '999999999'), 'not_found');
    const { thread, post } = await ask(asker.client, freshBoard());
    await asker.client.ok({ type: 'post.delete', key: TestClient.key(), postId: post.id });
    await expectRefused(replyTo(helper.client, thread.id), 'not_found');
  });

  it('closes a locked thread to customers but not to staff', async () => {
    const { thread } = await ask(asker.client, freshBoard());
    await app.t.database.db.updateTable('threads').set({ locked: true }).where('id', '=', thread.id).execute();
    await expectRefused(replyTo(helper.client, thread.id), 'thread_locked');
    await expectRefused(replyTo(asker.client, thread.id), 'thread_locked');
    const staff = await app.staff();
    const { post } = await answer(staff.client, thread.id, 'Locked, but here is the answer.');
    expect(post.author.role).toBe('staff');
  });

  it('marks the thread once staff have replied, and shows the staff badge', async () => {
    const { thread } = await ask(asker.client, freshBoard());
    await answer(helper.client, thread.id, 'Customer guess');
    expect((await asker.client.ok({ type: 'thread.open', threadId: thread.id })).thread.staffReplied).toBe(false);
    const staff = await app.staff('agent-2', 'Kim at Acme');
    const { post } = await answer(staff.client, thread.id, 'Official answer');
    expect(post.author).toEqual({ ...staff.me, role: 'staff', guest: false });
    const opened = await asker.client.ok({ type: 'thread.open', threadId: thread.id });
    expect(opened.thread.staffReplied).toBe(true);
    expect(opened.posts.map((p) => p.author.role)).toEqual(['customer', 'customer', 'staff']);
    const row = await app.t.database.db
      .selectFrom('threads')
      .select('first_staff_reply_at')
      .where('id', '=', thread.id)
      .executeTakeFirstOrThrow();
    expect(row.first_staff_reply_at?.toISOString()).toBe(post.createdAt);
  });

  it('refuses an empty body', async () => {
    const { thread } = await ask(asker.client, freshBoard());
    const reply = await helper.client.request({
      type: 'post.create',
      key: TestClient.key(),
      threadId: thread.id,
      body: ' \n ',
    });
    expect(reply.ok ? 'accepted' : reply.error.message).toMatch(/^body:/);
  });
});
