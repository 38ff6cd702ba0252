import { beforeAll, describe, expect, it } from 'vitest';
import { answer, ask, expectRefused, freshBoard, useBoardApp, type Visitor } from '../helpers/actors.js';
import { unsafeParts } from '../helpers/html-inspect.js';
import { TestClient } from '../helpers/ws-client.js';

let author: Visitor;
let other: Visitor;
let staff: Visitor;

const app = useBoardApp();

beforeAll(async () => {
  author = await app.guest('Author');
  other = await app.guest('Other');
  staff = await app.staff();
});

const edit = (client: TestClient, postId: string, body: string, title?: string) =>
  client.request({ type: 'post.edit', key: TestClient.key(), postId, body, ...(title ? { title } : {}) });

const remove = (client: TestClient, postId: string) =>
  client.request({ type: 'post.delete', key: TestClient.key(), postId });

async function storedPost(postId: string) {
  return app.t.database.db
    .selectFrom('posts')
    .select(['status', 'source', 'edited_at'])
    .where('id', '=', postId)
    .executeTakeFirstOrThrow();
}

describe('post.edit', () => {
  it('lets the author rewrite a reply', async () => {
    const { thread } = await ask(author.client, freshBoard());
    const { post } = await answer(author.client, thread.id, 'First draft');
    const edited = await edit(author.client, post.id, 'Second *draft* <script>x</script>');
    if (!edited.ok) throw new Error(edited.error.code);
    expect(edited.result.post).toMatchObject({
      id: post.id,
      source: 'Second *draft* <script>x</script>',
      status: 'visible',
    });
    expect(edited.result.post.html).toBe('<p>Second <em>draft</em> &lt;script&gt;x&lt;/script&gt;</p>');
    expect(unsafeParts(edited.result.post.html)).toEqual([]);
    expect(edited.result.post.editedAt).not.toBeNull();
    const opened = await other.client.ok({ type: 'thread.open', threadId: thread.id });
    expect(opened.posts.find((p) => p.id === post.id)?.source).toBe('Second *draft* <script>x</script>');
  });

  it('changes the title and excerpt when the opening post is edited', async () => {
    const { thread, post } = await ask(author.client, freshBoard(), { title: 'Old title', body: 'Old body' });
    await edit(author.client, post.id, 'New **body**', 'New title');
    const opened = await author.client.ok({ type: 'thread.open', threadId: thread.id });
    expect(opened.thread).toMatchObject({ title: 'New title', excerpt: 'New body' });
    await edit(author.client, post.id, 'Body only');
    expect((await author.client.ok({ type: 'thread.open', threadId: thread.id })).thread).toMatchObject({
      title: 'New title',
      excerpt: 'Body only',
    });
  });

  it('refuses a title on a reply', async () => {
    const { thread } = await ask(author.client, freshBoard());
    const { post } = await answer(author.client, thread.id);
    const error = await expectRefused(edit(author.client, post.id, 'Body', 'A title'), 'invalid_message');
    expect(error.message).toMatch(/^title:/);
    expect((await storedPost(post.id)).edited_at).toBeNull();
  });

  it('refuses anyone but the author, staff included', async () => {
    const { thread, post: question } = await ask(author.client, freshBoard());
    const { post } = await answer(author.client, thread.id, 'Mine');
    for (const someone of [other, staff]) {
      await expectRefused(edit(someone.client, post.id, 'Hijacked'), 'forbidden');
      await expectRefused(edit(someone.client, question.id, 'Hijacked', 'Hijacked title'), 'forbidden');
    }
    expect(await storedPost(post.id)).toEqual({ status: 'visible', source: 'Mine', edited_at: null });
  });

  it('refuses an unknown or deleted post', async () => {
    await expectRefused(edit(author.client, '999999999', 'x'), 'not_found');
    const { thread } = await ask(author.client, freshBoard());
    const { post } = await answer(author.client, thread.id);
    await remove(author.client, post.id);
    await expectRefused(edit(author.client, post.id, 'Back from the dead'), 'not_found');
  });
});

describe('post.delete', () => {
  it('removes a reply: it leaves the thread, the count drops, the row stays as deleted', async () => {
    const { thread } = await ask(author.client, freshBoard());
    const { post } = await answer(author.client, thread.id, 'Regret');
    const kept = await answer(other.client, thread.id, 'Kept');
    expect(await remove(author.client, post.id)).toEqual({ ok: true, result: { postId: post.id } });
    const opened = await other.client.ok({ type: 'thread.open', threadId: thread.id });
    expect(opened.thread.replyCount).toBe(1);
    expect(opened.posts.map((p) => p.id)).not.toContain(post.id);
    expect(opened.posts.map((p) => p.id)).toContain(kept.post.id);
    expect(await storedPost(post.id)).toMatchObject({ status: 'deleted', source: 'Regret' });
  });

  it('removes the whole thread when the opening post is deleted', async () => {
    const board = freshBoard();
    const { thread, post } = await ask(author.client, board);
    await answer(other.client, thread.id);
    await remove(author.client, post.id);
    await expectRefused(other.client.request({ type: 'thread.open', threadId: thread.id }), 'not_found');
    const snap = await other.client.ok({ type: 'subscribe', board });
    expect(snap.mode === 'snapshot' && snap.threads).toEqual([]);
  });

  it('refuses anyone but the author, staff included', async () => {
    const { thread } = await ask(author.client, freshBoard());
    const { post } = await answer(author.client, thread.id);
    await expectRefused(remove(other.client, post.id), 'forbidden');
    await expectRefused(remove(staff.client, post.id), 'forbidden');
    expect((await storedPost(post.id)).status).toBe('visible');
  });

  it('refuses a second delete and an unknown post', async () => {
    const { thread } = await ask(author.client, freshBoard());
    const { post } = await answer(author.client, thread.id);
    await remove(author.client, post.id);
    await expectRefused(remove(author.client, post.id), 'not_found');
    await expectRefused(remove(author.client, '999999999'), 'not_found');
    expect((await other.client.ok({ type: 'thread.open', threadId: thread.id })).thread.replyCount).toBe(0);
  });
});
