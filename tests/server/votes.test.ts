import { beforeAll, describe, expect, it } from 'vitest';
import { answer, ask, expectRefused, freshBoard, useBoardApp, type Visitor } from '../helpers/actors.js';
import { TestClient } from '../helpers/ws-client.js';

let author: Visitor;
let voter: Visitor;

const app = useBoardApp();

beforeAll(async () => {
  author = await app.guest('Author');
  voter = await app.guest('Voter');
});

const vote = (client: TestClient, postId: string, value: -1 | 0 | 1) =>
  client.request({ type: 'vote', key: TestClient.key(), postId, value });

async function storedVotes(postId: string) {
  return app.t.database.db.selectFrom('votes').select(['member_id', 'value']).where('post_id', '=', postId).execute();
}

async function storedScore(postId: string): Promise<number> {
  const row = await app.t.database.db
    .selectFrom('posts')
    .select('score')
    .where('id', '=', postId)
    .executeTakeFirstOrThrow();
  return row.score;
}

describe('vote', () => {
  it('sets, changes and clears a vote, keeping the score in step', async () => {
    const { thread } = await ask(author.client, freshBoard());
    const { post } = await answer(author.client, thread.id);
    expect(await vote(voter.client, post.id, 1)).toEqual({ ok: true, result: { postId: post.id, score: 1, value: 1 } });
    expect(await storedVotes(post.id)).toEqual([{ member_id: voter.me.id, value: 1 }]);
    expect(await vote(voter.client, post.id, 1)).toEqual({ ok: true, result: { postId: post.id, score: 1, value: 1 } });
    expect(await vote(voter.client, post.id, -1)).toEqual({
      ok: true,
      result: { postId: post.id, score: -1, value: -1 },
    });
    expect(await storedVotes(post.id)).toEqual([{ member_id: voter.me.id, value: -1 }]);
    expect(await vote(voter.client, post.id, 0)).toEqual({ ok: true, result: { postId: post.id, score: 0, value: 0 } });
    expect(await storedVotes(post.id)).toEqual([]);
    expect(await storedScore(post.id)).toBe(0);
  });

  it('adds up votes of several members', async () => {
    const { thread } = await ask(author.client, freshBoard());
    const { post } = await answer(author.client, thread.id);
    const others = await Promise.all(['One', 'Two', 'Three'].map((name) => app.guest(`Voter ${name}`)));
    await vote(others[0]!.client, post.id, 1);
    await vote(others[1]!.client, post.id, 1);
    const last = await vote(others[2]!.client, post.id, -1);
    expect(last.ok && last.result.score).toBe(1);
    expect(await storedScore(post.id)).toBe(1);
  });

  it('counts every vote when many arrive at once', async () => {
    const { thread } = await ask(author.client, freshBoard());
    const { post } = await answer(author.client, thread.id);
    const crowd = await Promise.all(Array.from({ length: 8 }, (_, i) => app.guest(`Crowd ${i}`)));
    const replies = await Promise.all(crowd.map((v) => vote(v.client, post.id, 1)));
    expect(replies.every((r) => r.ok)).toBe(true);
    expect(replies.map((r) => (r.ok ? r.result.score : 0)).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(await storedScore(post.id)).toBe(8);
    expect(await storedVotes(post.id)).toHaveLength(8);
  });

  it('scores the question itself on the thread', async () => {
    const board = freshBoard();
    const { thread, post } = await ask(author.client, board);
    await vote(voter.client, post.id, 1);
    const opened = await voter.client.ok({ type: 'thread.open', threadId: thread.id });
    expect(opened.thread.score).toBe(1);
    expect(opened.myVotes).toEqual({ [post.id]: 1 });
    const snap = await voter.client.ok({ type: 'subscribe', board });
    expect(snap.mode === 'snapshot' && snap.threads[0]?.score).toBe(1);
  });

  it('does not change the thread score for a vote on a reply', async () => {
    const { thread } = await ask(author.client, freshBoard());
    const { post } = await answer(author.client, thread.id);
    await vote(voter.client, post.id, 1);
    expect((await voter.client.ok({ type: 'thread.open', threadId: thread.id })).thread.score).toBe(0);
  });

  it('refuses a vote on your own post', async () => {
    const { thread, post } = await ask(author.client, freshBoard());
    await expectRefused(vote(author.client, post.id, 1), 'forbidden');
    const reply = await answer(author.client, thread.id);
    await expectRefused(vote(author.client, reply.post.id, -1), 'forbidden');
    expect(await storedVotes(post.id)).toEqual([]);
  });

  it('refuses a vote on a deleted or unknown post', async () => {
    const { thread } = await ask(author.client, freshBoard());
    const { post } = await answer(author.client, thread.id);
    await author.client.ok({ type: 'post.delete', key: TestClient.key(), postId: post.id });
    await expectRefused(vote(voter.client, post.id, 1), 'not_found');
    await expectRefused(vote(voter.client, '999999999', 1), 'not_found');
  });

  it('needs an identity', async () => {
    const { post } = await ask(author.client, freshBoard());
    const reader = await app.reader();
    await expectRefused(vote(reader, post.id, 1), 'auth_required');
  });
});
