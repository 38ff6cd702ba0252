import { beforeAll, describe, expect, it } from 'vitest';
import { answer, ask, expectRefused, freshBoard, useBoardApp, type Visitor } from '../helpers/actors.js';
import { TestClient } from '../helpers/ws-client.js';

let asker: Visitor;
let helper: Visitor;
let staff: Visitor;

const app = useBoardApp();

beforeAll(async () => {
  asker = await app.guest('Asker');
  helper = await app.guest('Helper');
  staff = await app.staff();
});

const accept = (client: TestClient, threadId: string, postId: string | null) =>
  client.request({ type: 'thread.accept', key: TestClient.key(), threadId, postId });

/** A question by the asker with one reply by the helper. */
async function answeredQuestion() {
  const { thread, post: question } = await ask(asker.client, freshBoard());
  const { post: reply } = await answer(helper.client, thread.id);
  return { thread, question, reply };
}

async function storedAnswer(threadId: string) {
  return app.t.database.db
    .selectFrom('threads')
    .select(['accepted_post_id', 'answered_at'])
    .where('id', '=', threadId)
    .executeTakeFirstOrThrow();
}

describe('thread.accept', () => {
  it('lets the asker accept a reply, marking the question answered', async () => {
    const { thread, reply } = await answeredQuestion();
    const result = await accept(asker.client, thread.id, reply.id);
    expect(result.ok && result.result.thread).toMatchObject({
      id: thread.id,
      acceptedPostId: reply.id,
      status: 'answered',
    });
    expect((await storedAnswer(thread.id)).accepted_post_id).toBe(reply.id);
  });

  it('lets the asker change and clear the accepted answer', async () => {
    const { thread, reply } = await answeredQuestion();
    const better = await answer(helper.client, thread.id, 'A better answer');
    await accept(asker.client, thread.id, reply.id);
    const answeredAt = (await storedAnswer(thread.id)).answered_at;
    const changed = await accept(asker.client, thread.id, better.post.id);
    expect(changed.ok && changed.result.thread.acceptedPostId).toBe(better.post.id);
    expect((await storedAnswer(thread.id)).answered_at).toEqual(answeredAt);
    const cleared = await accept(asker.client, thread.id, null);
    expect(cleared.ok && cleared.result.thread).toMatchObject({ acceptedPostId: null, status: 'open' });
    expect(await storedAnswer(thread.id)).toEqual({ accepted_post_id: null, answered_at: null });
  });

  it('lets staff accept on any question', async () => {
    const { thread, reply } = await answeredQuestion();
    const result = await accept(staff.client, thread.id, reply.id);
    expect(result.ok && result.result.thread.status).toBe('answered');
  });

  it('refuses another customer, even the one who wrote the reply', async () => {
    const { thread, reply } = await answeredQuestion();
    await expectRefused(accept(helper.client, thread.id, reply.id), 'forbidden');
    const bystander = await app.guest('Bystander');
    await expectRefused(accept(bystander.client, thread.id, reply.id), 'forbidden');
    expect((await storedAnswer(thread.id)).accepted_post_id).toBeNull();
  });

  it('works only on questions', async () => {
    const { thread } = await ask(asker.client, freshBoard(), { kind: 'discussion' });
    const { post } = await answer(helper.client, thread.id);
    await expectRefused(accept(asker.client, thread.id, post.id), 'conflict');
    await expectRefused(accept(staff.client, thread.id, post.id), 'conflict');
  });

  it('refuses the question itself as its answer', async () => {
    const { thread, question } = await answeredQuestion();
    await expectRefused(accept(asker.client, thread.id, question.id), 'conflict');
  });

  it('refuses a reply from another thread, a deleted reply and an unknown thread', async () => {
    const one = await answeredQuestion();
    const two = await answeredQuestion();
    await expectRefused(accept(asker.client, one.thread.id, two.reply.id), 'not_found');
    await helper.client.ok({ type: 'post.delete', key: TestClient.key(), postId: one.reply.id });
    await expectRefused(accept(asker.client, one.thread.id, one.reply.id), 'not_found');
    await expectRefused(accept(asker.client, '999999999', null), 'not_found');
  });

  it('clears the accepted answer when that reply is deleted', async () => {
    const { thread, reply } = await answeredQuestion();
    await accept(asker.client, thread.id, reply.id);
    await helper.client.ok({ type: 'post.delete', key: TestClient.key(), postId: reply.id });
    const opened = await asker.client.ok({ type: 'thread.open', threadId: thread.id });
    expect(opened.thread).toMatchObject({ acceptedPostId: null, status: 'open', replyCount: 0 });
  });
});
