import type { AuditEntry } from '@booth/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SiteRow } from '../../server/src/db/database.js';
import {
  answer,
  ask,
  eventMatching,
  eventOfKind,
  expectRefused,
  flush,
  freshBoard,
  useBoardApp,
  type Visitor,
} from '../helpers/actors.js';
import { signSso } from '../helpers/test-app.js';
import { TestClient } from '../helpers/ws-client.js';

/** The server's clock, moved by the tests: confirmations are stamped with it. */
let clock = Date.parse('2026-11-20T08:00:00.000Z');
const app = useBoardApp({ live: { now: () => new Date(clock) } });

let asker: Visitor;
let helper: Visitor;
let staff: TestClient;

/** A staff member signed in with a token issued at the server's (moved) clock. */
async function connectStaff(sub = 'agent-1', site: SiteRow = app.site): Promise<TestClient> {
  const client = await TestClient.connect(app.t.wsUrl(site));
  const claims = { sub, name: 'Sam from Support', role: 'staff' };
  const { me } = await client.ok({ type: 'hello', sso: await signSso(site, claims, { now: new Date(clock) }) });
  if (!me) throw new Error('the staff sign-in was refused');
  return client;
}

beforeAll(async () => {
  asker = await app.guest('Asker');
  helper = await app.guest('Helper');
  staff = await connectStaff();
});

/** A question on `board` with a reply by the helper that the asker accepted. */
async function acceptedQuestion(board: string) {
  const { thread } = await ask(asker.client, board);
  const { post: reply } = await answer(helper.client, thread.id);
  await asker.client.ok({ type: 'thread.accept', key: TestClient.key(), threadId: thread.id, postId: reply.id });
  return { thread, reply };
}

const record = (board: string, name: string, client = staff) =>
  client.request({ type: 'staff.release.record', key: TestClient.key(), board, name });

const confirm = (threadId: string, client = staff) =>
  client.request({ type: 'staff.answer.confirm', key: TestClient.key(), threadId });

async function stored(threadId: string) {
  return app.t.database.db
    .selectFrom('threads')
    .select(['answer_stale', 'answer_checked_at'])
    .where('id', '=', threadId)
    .executeTakeFirstOrThrow();
}

/** The newest audit entries about `targetId`, newest first. */
async function auditOf(targetId: string): Promise<AuditEntry[]> {
  const { entries } = await staff.ok({ type: 'staff.audit' });
  return entries.filter((e) => e.target.id === targetId);
}

/** The listed threads of a board, as a new visitor's snapshot shows them. */
async function listed(board: string) {
  const reader = await app.reader();
  const snapshot = await reader.ok({ type: 'subscribe', board });
  await reader.close();
  if (snapshot.mode !== 'snapshot') throw new Error('expected a snapshot');
  return new Map(snapshot.threads.map((t) => [t.id, t]));
}

describe('a product release', () => {
  it('flags the accepted answers of its board, live and in every listing, and nothing else', async () => {
    const board = freshBoard('product');
    const other = freshBoard('other');
    const first = await acceptedQuestion(board);
    const second = await acceptedQuestion(board);
    const { thread: open } = await ask(asker.client, board);
    const elsewhere = await acceptedQuestion(other);
    const watcher = await app.reader();
    await watcher.ok({ type: 'subscribe', board });

    clock += 60_000;
    const recorded = await record(board, 'v2 shipped');
    expect(recorded.ok && recorded.result).toMatchObject({
      release: { board, name: 'v2 shipped', releasedAt: new Date(clock).toISOString() },
      stale: 2,
    });

    const event = await eventOfKind(watcher, 'board.released', board);
    expect(event.event).toEqual({
      kind: 'board.released',
      name: 'v2 shipped',
      releasedAt: new Date(clock).toISOString(),
    });
    const threads = await listed(board);
    expect(threads.get(first.thread.id)?.answerStale).toBe(true);
    expect(threads.get(second.thread.id)?.answerStale).toBe(true);
    expect(threads.get(open.id)?.answerStale).toBe(false);
    expect((await listed(other)).get(elsewhere.thread.id)?.answerStale).toBe(false);
    const opened = await asker.client.ok({ type: 'thread.open', threadId: first.thread.id });
    expect(opened.thread.answerStale).toBe(true);

    const [entry] = (await staff.ok({ type: 'staff.audit' })).entries;
    expect(entry).toMatchObject({
      action: 'board.release',
      target: { type: 'board', label: board },
      details: { release: 'v2 shipped', stale: 2 },
    });
    await watcher.close();
  });

  it('puts the flagged answers in the re-check queue, checked longest ago first, with the release', async () => {
    const board = freshBoard('queue');
    clock += 60_000;
    const older = await acceptedQuestion(board);
    clock += 60_000;
    const newer = await acceptedQuestion(board);
    clock += 60_000;
    await record(board, 'v3');
    const { items, releases } = await staff.ok({ type: 'staff.recheck' });
    const mine = items.filter((item) => item.thread.board === board);
    expect(mine.map((item) => item.thread.id)).toEqual([older.thread.id, newer.thread.id]);
    expect(mine[0]).toMatchObject({
      checkedAt: new Date(clock - 120_000).toISOString(),
      release: { board, name: 'v3', releasedAt: new Date(clock).toISOString() },
      thread: { answerStale: true, acceptedPostId: older.reply.id },
    });
    expect(releases[0]).toMatchObject({ board, name: 'v3' });
  });

  it('leaves answers accepted after it alone', async () => {
    const board = freshBoard('after');
    await acceptedQuestion(board);
    await record(board, 'v4');
    const later = await acceptedQuestion(board);
    expect((await stored(later.thread.id)).answer_stale).toBe(false);
    expect((await listed(board)).get(later.thread.id)?.answerStale).toBe(false);
  });
});

describe('re-checking an answer', () => {
  it('confirming re-stamps it as checked now, takes it off the queue, reaches the widget live and is audited', async () => {
    const board = freshBoard('confirm');
    const { thread, reply } = await acceptedQuestion(board);
    await record(board, 'v2');
    const watcher = await app.reader();
    await watcher.ok({ type: 'subscribe', board });
    clock += 3_600_000;

    const confirmed = await confirm(thread.id);
    expect(confirmed.ok && confirmed.result.thread).toMatchObject({ acceptedPostId: reply.id, answerStale: false });
    expect(await stored(thread.id)).toEqual({ answer_stale: false, answer_checked_at: new Date(clock) });
    const live = await eventMatching(
      watcher,
      (m) => m.event.kind === 'thread.updated' && m.event.thread.id === thread.id,
    );
    expect(live.event).toMatchObject({ thread: { answerStale: false } });
    const { items } = await staff.ok({ type: 'staff.recheck' });
    expect(items.some((item) => item.thread.id === thread.id)).toBe(false);
    expect((await auditOf(thread.id))[0]).toMatchObject({
      action: 'answer.confirm',
      details: { postId: reply.id, wasStale: true },
    });
    await watcher.close();
  });

  it('accepting another reply replaces it: no longer stale, audited as a replacement', async () => {
    const board = freshBoard('replace');
    const { thread, reply } = await acceptedQuestion(board);
    const { post: better } = await answer(helper.client, thread.id, 'Since v2 the sizes run true.');
    await record(board, 'v2');
    clock += 60_000;
    const watcher = await app.reader();
    await watcher.ok({ type: 'subscribe', board });

    const accepted = await staff.ok({
      type: 'staff.thread.accept',
      key: TestClient.key(),
      threadId: thread.id,
      postId: better.id,
    });
    expect(accepted.thread).toMatchObject({ acceptedPostId: better.id, answerStale: false });
    expect(await stored(thread.id)).toEqual({ answer_stale: false, answer_checked_at: new Date(clock) });
    const live = await eventMatching(
      watcher,
      (m) => m.event.kind === 'thread.updated' && m.event.thread.id === thread.id,
    );
    expect(live.event).toMatchObject({ thread: { acceptedPostId: better.id, answerStale: false } });
    expect((await auditOf(thread.id))[0]).toMatchObject({
      action: 'answer.replace',
      details: { postId: better.id, previousPostId: reply.id },
    });
    await watcher.close();
  });

  it('a new staff answer, accepted, replaces it too', async () => {
    const board = freshBoard('staff-answer');
    const { thread } = await acceptedQuestion(board);
    await record(board, 'v2');
    const { post } = await answer(staff, thread.id, 'Official: since v2, order your usual size.');
    const accepted = await staff.ok({
      type: 'staff.thread.accept',
      key: TestClient.key(),
      threadId: thread.id,
      postId: post.id,
    });
    expect(accepted.thread).toMatchObject({ acceptedPostId: post.id, answerStale: false, staffReplied: true });
    expect((await auditOf(thread.id))[0]).toMatchObject({ action: 'answer.replace', details: { postId: post.id } });
  });

  it('accepting on a fresh answer stays an ordinary acceptance in the audit log', async () => {
    const board = freshBoard('plain');
    const { thread } = await ask(asker.client, board);
    const { post } = await answer(helper.client, thread.id);
    await staff.ok({ type: 'staff.thread.accept', key: TestClient.key(), threadId: thread.id, postId: post.id });
    expect((await auditOf(thread.id))[0]).toMatchObject({ action: 'thread.accept' });
  });
});

describe('refusals', () => {
  it('only staff record releases and confirm answers', async () => {
    const board = freshBoard('customers');
    const { thread } = await acceptedQuestion(board);
    await expectRefused(record(board, 'v9', asker.client), 'forbidden');
    await record(board, 'v2');
    await expectRefused(confirm(thread.id, asker.client), 'forbidden');
    await expectRefused(asker.client.request({ type: 'staff.recheck' }), 'forbidden');
    expect((await stored(thread.id)).answer_stale).toBe(true);
  });

  it('staff of another site reach neither its boards nor its threads', async () => {
    const board = freshBoard('foreign');
    const { thread } = await acceptedQuestion(board);
    await record(board, 'v2');
    const elsewhere = await app.otherSite();
    const outsider = await connectStaff('outsider', elsewhere);
    await expectRefused(record(board, 'v3', outsider), 'not_found');
    await expectRefused(confirm(thread.id, outsider), 'not_found');
    const { items } = await outsider.ok({ type: 'staff.recheck' });
    expect(items).toEqual([]);
    expect((await stored(thread.id)).answer_stale).toBe(true);
  });

  it('refuses an unknown board, a thread without an accepted answer, and a malformed release name', async () => {
    await expectRefused(record(freshBoard('never-seen'), 'v2'), 'not_found');
    const { thread } = await ask(asker.client, freshBoard('unanswered'));
    await expectRefused(confirm(thread.id), 'conflict');
    const board = freshBoard('names');
    await ask(asker.client, board);
    await expectRefused(record(board, '   '), 'invalid_message');
    await expectRefused(record(board, 'v2\nshipped'), 'invalid_message');
    await expectRefused(record(board, 'x'.repeat(121)), 'invalid_message');
    await flush(staff);
  });
});
