/**
 * The people waiting for an answer: "I have this question too" reaches every open page of the
 * board live, staff can order the unanswered queue by it, and insights add it up.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteRow } from '../../server/src/db/database.js';
import { createOpenSite, eventMatching, flush, UNLIMITED_FRAMES } from '../helpers/actors.js';
import { signSso, startTestApp, type TestApp } from '../helpers/test-app.js';
import { TestClient } from '../helpers/ws-client.js';

const MIN = 60_000;
// A fixed instant, moved forward between questions so that their ages are known and distinct.
let clock = new Date('2026-03-10T10:00:00Z');
const later = (minutes: number) => {
  clock = new Date(clock.getTime() + minutes * MIN);
};

let t: TestApp;
let site: SiteRow;
const clients: TestClient[] = [];

beforeAll(async () => {
  t = await startTestApp({ live: { now: () => clock }, ws: UNLIMITED_FRAMES });
  site = await createOpenSite(t.database);
});

afterAll(async () => {
  for (const c of clients) await c.close();
  await t?.close();
});

async function person(sub: string, role?: 'staff'): Promise<TestClient> {
  const client = await TestClient.connect(t.wsUrl(site));
  clients.push(client);
  await client.ok({
    type: 'hello',
    sso: await signSso(site, { sub, name: sub, ...(role ? { role } : {}) }, { now: clock }),
  });
  return client;
}

async function ask(client: TestClient, board: string, title: string): Promise<string> {
  const { thread } = await client.ok({
    type: 'thread.create',
    key: TestClient.key(),
    board,
    kind: 'question',
    title,
    body: `${title} Details follow.`,
  });
  return thread.id;
}

function follow(client: TestClient, threadId: string) {
  return client.ok({ type: 'thread.follow', key: TestClient.key(), threadId });
}

describe('people waiting for an answer', () => {
  it('reaches every open page of the board when someone has the question too, or no longer has it', async () => {
    const asker = await person('w-asker');
    const threadId = await ask(asker, 'live', 'Can the tent stand snow load?');
    const reader = await TestClient.connect(t.wsUrl(site));
    clients.push(reader);
    await reader.ok({ type: 'subscribe', board: 'live' });

    const other = await person('w-other');
    expect((await follow(other, threadId)).waiting).toBe(2);
    const joined = await eventMatching(
      reader,
      (m) => m.event.kind === 'thread.updated' && m.event.thread.id === threadId && m.event.thread.waiting === 2,
    );
    expect(joined.board).toBe('live');

    // Following again changes nothing, so nothing is announced.
    const seen = reader.events.length;
    expect((await follow(other, threadId)).waiting).toBe(2);
    // A replier follows on their own but is not counted as waiting: no event about the count either.
    const staff = await person('w-staff', 'staff');
    await staff.ok({ type: 'post.create', key: TestClient.key(), threadId, body: 'Up to 40 kg per square metre.' });
    await flush(reader);
    const updates = reader.events.slice(seen).filter((m) => m.event.kind === 'thread.updated');
    expect(updates).toEqual([]);

    expect((await other.ok({ type: 'thread.unfollow', key: TestClient.key(), threadId })).waiting).toBe(1);
    await eventMatching(
      reader,
      (m) => m.event.kind === 'thread.updated' && m.event.thread.id === threadId && m.event.thread.waiting === 1,
    );
  });

  describe('in the unanswered queue and in insights', () => {
    const board = 'queue';
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      const askers = await Promise.all(['q-a', 'q-b', 'q-c', 'q-d', 'q-e'].map((sub) => person(sub)));
      const [a, b, c, d, e] = askers as [TestClient, TestClient, TestClient, TestClient, TestClient];
      // Oldest first: one waiting, three waiting, two waiting, three waiting (younger), answered.
      ids.one = await ask(a, board, 'Which stove fuel works below freezing?');
      later(10);
      ids.three = await ask(b, board, 'Is the down jacket machine washable?');
      later(10);
      ids.two = await ask(c, board, 'Does the pack fit a 15 inch laptop?');
      later(10);
      ids.threeYounger = await ask(d, board, 'Are the poles carbon or aluminium?');
      later(10);
      ids.answered = await ask(e, board, 'Do the boots come in half sizes?');
      const fans = await Promise.all(['f-1', 'f-2', 'f-3'].map((sub) => person(sub)));
      for (const fan of fans.slice(0, 2)) {
        await follow(fan, ids.three as string);
        await follow(fan, ids.threeYounger as string);
        await follow(fan, ids.answered as string);
      }
      await follow(fans[2] as TestClient, ids.two as string);
      // An accepted answer takes a question off the queue and out of the waiting total.
      const helper = await person('q-helper');
      const { post } = await helper.ok({
        type: 'post.create',
        key: TestClient.key(),
        threadId: ids.answered as string,
        body: 'Yes, from 38 to 46.',
      });
      await e.ok({ type: 'thread.accept', key: TestClient.key(), threadId: ids.answered as string, postId: post.id });
      later(5);
    });

    const ofBoard = (threads: { thread: { id: string; board: string; waiting: number } }[]) =>
      threads.filter((q) => q.thread.board === board).map((q) => [q.thread.id, q.thread.waiting]);

    it('lists the longest-waiting question first by default', async () => {
      const staff = await person('q-staff-1', 'staff');
      const { threads } = await staff.ok({ type: 'staff.unanswered' });
      expect(ofBoard(threads)).toEqual([
        [ids.one, 1],
        [ids.three, 3],
        [ids.two, 2],
        [ids.threeYounger, 3],
      ]);
      expect(ofBoard((await staff.ok({ type: 'staff.unanswered', order: 'oldest' })).threads)).toEqual(
        ofBoard(threads),
      );
    });

    it('lists the question most people wait for first, the longest waiting first among equals', async () => {
      const staff = await person('q-staff-2', 'staff');
      const { threads } = await staff.ok({ type: 'staff.unanswered', order: 'most_waiting' });
      expect(ofBoard(threads)).toEqual([
        [ids.three, 3],
        [ids.threeYounger, 3],
        [ids.two, 2],
        [ids.one, 1],
      ]);
    });

    it('refuses an order it does not know, with a typed error', async () => {
      const staff = await person('q-staff-3', 'staff');
      const reply = await staff.request({ type: 'staff.unanswered', order: 'loudest' } as never);
      expect(reply.ok ? 'accepted' : reply.error.code).toBe('invalid_message');
    });

    it('adds up the people waiting on unanswered questions in insights', async () => {
      const staff = await person('q-staff-4', 'staff');
      const result = await staff.ok({ type: 'insights', days: 7, board });
      // one (1) + three (3) + two (2) + threeYounger (3); the answered question is left out.
      expect(result.unanswered).toEqual({ questions: 4, peopleWaiting: 9 });
      const site = await staff.ok({ type: 'insights', days: 7 });
      // The whole site also counts the question of the live test, with its asker still waiting.
      expect(site.unanswered).toEqual({ questions: 5, peopleWaiting: 10 });
    });
  });
});
