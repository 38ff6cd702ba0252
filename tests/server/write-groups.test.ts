/**
 * Group commit: replies that arrive together share one transaction (one claim of their keys,
 * one event append for all boards, one commit), and each keeps its own outcome: a reply that fails
 * leaves the others of its group stored, and a retry of a key waiting in the same group gets the
 * first's response. The replies here are started in one turn of the event loop, which is what
 * puts them in one group.
 */
import { sql } from 'kysely';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { saveSitePolicy } from '../../server/src/domain/policy/site-policies.js';
import { createReply } from '../../server/src/domain/posts.js';
import type { Actor } from '../../server/src/domain/services.js';
import { WriteGroups } from '../../server/src/domain/write-groups.js';
import { ask, freshBoard, useBoardApp } from '../helpers/actors.js';
import { TestClient } from '../helpers/ws-client.js';

const app = useBoardApp();
const services = () => app.t.app.services;
const counts = () => {
  const groups = services().writeGroups;
  if (!groups) throw new Error('this node commits replies in groups');
  return { ...groups.counts };
};

const actors: Actor[] = [];
const threads: { id: string; board: string }[] = [];

beforeAll(async () => {
  for (let n = 0; n < 6; n++) {
    const visitor = await app.guest(`Group Writer ${n}`);
    const member = await app.t.database.db
      .selectFrom('members')
      .selectAll()
      .where('id', '=', visitor.me.id)
      .executeTakeFirstOrThrow();
    actors.push({ site: app.site, member });
    // Threads on two boards, opened in turn, so the group's thread order is not its arrival order.
    const board = n % 2 === 0 ? freshBoard('even') : freshBoard('odd');
    const { thread } = await ask(visitor.client, board, { kind: 'discussion', title: `Group thread ${n}` });
    threads.push({ id: thread.id, board });
    await visitor.client.close();
  }
});

function reply(actor: Actor, threadId: string, body: string, key = TestClient.key()) {
  return createReply(services(), actor, { type: 'post.create', id: key, key, threadId, body });
}

async function eventSeqs(threadIds: string[]): Promise<Map<string, number[]>> {
  const rows = await app.t.database.db
    .selectFrom('events')
    .innerJoin('threads', 'threads.board_id', 'events.board_id')
    .select(['events.board_id', 'events.seq'])
    .where('threads.id', 'in', threadIds)
    .orderBy('events.seq')
    .execute();
  const byBoard = new Map<string, number[]>();
  for (const row of rows) byBoard.set(row.board_id, [...(byBoard.get(row.board_id) ?? []), Number(row.seq)]);
  return byBoard;
}

describe('replies committed together', () => {
  it('commits replies that arrive together in one transaction, each stored with its own response and event', async () => {
    const before = counts();
    // Replies in the reverse order of their threads, spread over several boards.
    const writes = actors.map((actor, n) => ({
      actor,
      thread: threads[5 - n] as { id: string },
      body: `Together ${n}`,
    }));
    const results = await Promise.all(writes.map((w) => reply(w.actor, w.thread.id, w.body)));
    const after = counts();
    expect(after.groups - before.groups).toBe(1);
    expect(after.writes - before.writes).toBe(writes.length);

    for (const [n, { post }] of results.entries()) {
      const write = writes[n] as (typeof writes)[number];
      expect(post.source).toBe(write.body);
      expect(post.threadId).toBe(write.thread.id);
      expect(post.author.id).toBe(write.actor.member.id);
    }
    const stored = await app.t.database.db
      .selectFrom('posts')
      .select(['id', 'thread_id', 'source'])
      .where(
        'id',
        'in',
        results.map((r) => r.post.id),
      )
      .execute();
    expect(stored.map((p) => p.source).sort()).toEqual(writes.map((w) => w.body).sort());
    // Each board's log has one event per reply, its ids without gaps.
    const events = await app.t.database.db
      .selectFrom('events')
      .select(['board_id', 'seq', 'payload'])
      .where('kind', '=', 'post.created')
      .execute();
    const ofGroup = events.filter((e) =>
      results.some((r) => JSON.stringify(e.payload).includes(`"id":"${r.post.id}"`)),
    );
    expect(ofGroup).toHaveLength(writes.length);
    for (const seqs of (await eventSeqs(threads.map((t) => t.id))).values()) {
      expect(seqs).toEqual(seqs.map((_, i) => (seqs[0] as number) + i));
    }
  });

  it('runs replies of the same members and threads one after another within a group: counters and events add up', async () => {
    const [a, b] = [threads[0], threads[2]] as { id: string; board: string }[] as [
      { id: string; board: string },
      { id: string; board: string },
    ];
    const writers = actors.slice(0, 3);
    const threadRow = (id: string) =>
      app.t.database.db.selectFrom('threads').select('reply_count').where('id', '=', id).executeTakeFirstOrThrow();
    const before = { counts: counts(), a: await threadRow(a.id), b: await threadRow(b.id) };
    // Every writer replies to both threads: no two of one member, or of one thread, can go side by side.
    const results = await Promise.all(
      [a, b].flatMap((thread) =>
        writers.map((actor, n) => reply(actor, thread.id, `Both threads ${n} on ${thread.id}`)),
      ),
    );
    expect(counts().groups - before.counts.groups).toBe(1);
    expect((await threadRow(a.id)).reply_count).toBe(before.a.reply_count + 3);
    expect((await threadRow(b.id)).reply_count).toBe(before.b.reply_count + 3);
    // Each reply's event carries its thread as it stood after it: the counts climb one by one, in event order.
    const events = await app.t.database.db
      .selectFrom('events')
      .select(['seq', 'payload'])
      .where('kind', '=', 'post.created')
      .orderBy('board_id')
      .orderBy('seq')
      .execute();
    for (const thread of [a, b]) {
      const start = thread === a ? before.a : before.b;
      const counted = events
        .map((e) => e.payload as { post: { id: string; threadId: string }; thread: { replyCount: number } })
        .filter((p) => p.post.threadId === thread.id && results.some((r) => r.post.id === p.post.id))
        .map((p) => p.thread.replyCount);
      expect(counted).toEqual([1, 2, 3].map((k) => start.reply_count + k));
    }
  });

  it("stores several replies to one thread in one group, staff among them: the thread ends with the last one's count and its first staff reply", async () => {
    const db = app.t.database.db;
    const asker = await app.guest('One Thread Asker');
    const { thread } = await ask(asker.client, freshBoard('one-thread'), {
      kind: 'question',
      title: 'Many answers at once',
    });
    await asker.client.close();
    const staff = await app.staff('many-answers-staff', 'Many Answers Staff');
    await staff.client.close();
    const staffActor: Actor = {
      site: app.site,
      member: await db.selectFrom('members').selectAll().where('id', '=', staff.me.id).executeTakeFirstOrThrow(),
    };
    const before = counts();
    const writes: [Actor, string][] = [
      [actors[0] as Actor, 'A member first'],
      [staffActor, 'Staff answers'],
      [actors[1] as Actor, 'Another member'],
      [staffActor, 'Staff adds a detail'],
    ];
    const results = await Promise.all(writes.map(([actor, body]) => reply(actor, thread.id, body)));
    expect(counts().groups - before.groups).toBe(1);
    const events = await db
      .selectFrom('events')
      .select('payload')
      .where('kind', '=', 'post.created')
      .orderBy('board_id')
      .orderBy('seq')
      .execute();
    const ofThread = events
      .map((e) => e.payload as { post: { id: string; source: string }; thread: { id: string; replyCount: number } })
      .filter((p) => p.thread.id === thread.id);
    expect(ofThread.map((p) => [p.post.source, p.thread.replyCount])).toEqual(
      writes.map(([, body], n) => [body, n + 1]),
    );
    const row = await db
      .selectFrom('threads')
      .select(['reply_count', 'first_staff_reply_at', 'last_activity_at'])
      .where('id', '=', thread.id)
      .executeTakeFirstOrThrow();
    const firstStaff = await db
      .selectFrom('posts')
      .select('created_at')
      .where('id', '=', (results[1] as { post: { id: string } }).post.id)
      .executeTakeFirstOrThrow();
    const last = await db
      .selectFrom('posts')
      .select('created_at')
      .where('id', '=', (results[3] as { post: { id: string } }).post.id)
      .executeTakeFirstOrThrow();
    expect(row.reply_count).toBe(writes.length);
    expect(row.first_staff_reply_at).toEqual(firstStaff.created_at);
    expect(row.last_activity_at).toEqual(last.created_at);
  });

  it('holds one reply of a run for review and stores the other beside it', async () => {
    const newcomer = await app.guest('Group Newcomer');
    const member = await app.t.database.db
      .selectFrom('members')
      .selectAll()
      .where('id', '=', newcomer.me.id)
      .executeTakeFirstOrThrow();
    await newcomer.client.close();
    const [first, second] = [threads[1], threads[3]] as [{ id: string }, { id: string }];
    const key = TestClient.key();
    const before = counts();
    const [held, stored] = await Promise.all([
      // A first post typed in a blink is held (see hold-typed-fast); the other reply is not.
      createReply(
        services(),
        { site: app.site, member },
        {
          type: 'post.create',
          id: key,
          key,
          threadId: first.id,
          body: 'Typed in a blink',
          composeMs: 1,
        },
      ),
      reply(actors[3] as Actor, second.id, 'Beside a held one'),
    ]);
    expect(counts().groups - before.groups).toBe(1);
    expect(held.post.status).toBe('pending');
    expect(stored.post.status).toBe('visible');
    const rows = await app.t.database.db
      .selectFrom('posts')
      .select(['source', 'status'])
      .where('id', 'in', [held.post.id, stored.post.id])
      .orderBy('source')
      .execute();
    expect(rows).toEqual([
      { source: 'Beside a held one', status: 'visible' },
      { source: 'Typed in a blink', status: 'pending' },
    ]);
  });

  it('answers a reply sent again with the response stored for it, without a second post', async () => {
    const actor = actors[0] as Actor;
    const thread = threads[1] as { id: string };
    const key = TestClient.key();
    const first = await reply(actor, thread.id, 'Sent once', key);
    const again = await reply(actor, thread.id, 'Sent once', key);
    expect(again.post.id).toBe(first.post.id);
  });

  it('keeps a retry of a key waiting in the same group for the next one, which answers it the first one’s post', async () => {
    const actor = actors[2] as Actor;
    const thread = threads[3] as { id: string };
    const key = TestClient.key();
    const before = counts();
    const [first, retry] = await Promise.all([
      reply(actor, thread.id, 'Double submit', key),
      reply(actor, thread.id, 'Double submit', key),
    ]);
    expect(retry.post.id).toBe(first.post.id);
    expect(counts().groups - before.groups).toBe(2);
    const copies = await app.t.database.db
      .selectFrom('posts')
      .select('id')
      .where('thread_id', '=', thread.id)
      .where('source', '=', 'Double submit')
      .execute();
    expect(copies).toHaveLength(1);
  });

  it('stores the others of a group when one reply fails, and refuses only that one', async () => {
    const before = counts();
    const gone = String(Number(threads.at(-1)?.id) + 1_000_000);
    const failedKey = TestClient.key();
    const outcomes = await Promise.allSettled([
      reply(actors[0] as Actor, (threads[0] as { id: string }).id, 'Stays 0'),
      reply(actors[1] as Actor, gone, 'Goes nowhere', failedKey),
      reply(actors[2] as Actor, (threads[2] as { id: string }).id, 'Stays 2'),
      reply(actors[3] as Actor, (threads[4] as { id: string }).id, 'Stays 4'),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect(((outcomes[1] as PromiseRejectedResult).reason as { code: string }).code).toBe('not_found');
    const after = counts();
    expect(after.groups - before.groups).toBe(1);
    expect(after.retriedAlone - before.retriedAlone).toBe(4);
    const stored = await app.t.database.db
      .selectFrom('posts')
      .select('source')
      .where('source', 'in', ['Stays 0', 'Stays 2', 'Stays 4', 'Goes nowhere'])
      .execute();
    expect(stored.map((p) => p.source).sort()).toEqual(['Stays 0', 'Stays 2', 'Stays 4']);
    // The failed reply's key was not kept: the member may use it again.
    const keys = await app.t.database.db
      .selectFrom('idempotency_keys')
      .select('key')
      .where('member_id', '=', (actors[1] as Actor).member.id)
      .where('key', '=', failedKey)
      .execute();
    expect(keys).toHaveLength(0);
  });

  it('commits nothing of a group whose event append fails (its commit goes out right behind it), and runs its replies again alone', async () => {
    const db = app.t.database.db;
    // The append of an event that carries this text fails, as Postgres would fail it for any reason.
    await sql`create function refuse_marked_event() returns trigger language plpgsql as $$
      begin
        if new.payload::text like '%Append refused%' then raise exception 'append refused'; end if;
        return new;
      end $$`.execute(db);
    await sql`create trigger refuse_marked_event before insert on events
      for each row execute function refuse_marked_event()`.execute(db);
    try {
      const before = counts();
      const seqsBefore = await eventSeqs(threads.map((t) => t.id));
      const outcomes = await Promise.allSettled([
        reply(actors[0] as Actor, (threads[0] as { id: string }).id, 'Append refused here'),
        reply(actors[1] as Actor, (threads[1] as { id: string }).id, 'Stored when run alone'),
      ]);
      expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'fulfilled']);
      const after = counts();
      expect(after.groups - before.groups).toBe(1);
      expect(after.retriedAlone - before.retriedAlone).toBe(2);
      const stored = await db
        .selectFrom('posts')
        .select('source')
        .where('source', 'in', ['Append refused here', 'Stored when run alone'])
        .execute();
      expect(stored.map((p) => p.source)).toEqual(['Stored when run alone']);
      // One event more, on the stored reply's board only, and no gap in any board's log.
      const seqsAfter = await eventSeqs(threads.map((t) => t.id));
      const storedBoard = await db
        .selectFrom('threads')
        .select('board_id')
        .where('id', '=', (threads[1] as { id: string }).id)
        .executeTakeFirstOrThrow();
      const added = [...seqsAfter]
        .map(([board, seqs]) => [board, seqs.length - (seqsBefore.get(board)?.length ?? 0)])
        .filter(([, n]) => n !== 0);
      expect(added).toEqual([[storedBoard.board_id, 1]]);
      for (const seqs of seqsAfter.values()) expect(seqs).toEqual(seqs.map((_, i) => (seqs[0] as number) + i));
    } finally {
      await sql`drop trigger refuse_marked_event on events`.execute(db);
      await sql`drop function refuse_marked_event()`.execute(db);
    }
  });
});

describe('a socket that sends replies without waiting for each answer', () => {
  it('has them run side by side into groups, stored in the order sent; a request after them waits for them all', async () => {
    const writer = await app.guest('Side By Side Writer');
    const thread = threads[0] as { id: string };
    const bodies = ['First of four', 'Second of four', 'Third of four', 'Fourth of four'];
    const before = counts();
    let pinged = false;
    const sent = await app.t.database.db.transaction().execute(async (tx) => {
      // Holds the writer's row (on the embedded Postgres, the database itself) until the replies are in groups.
      await tx.selectFrom('members').select('id').where('id', '=', writer.me.id).forNoKeyUpdate().execute();
      const replies = bodies.map((body) =>
        writer.client.ok({ type: 'post.create', key: TestClient.key(), threadId: thread.id, body, composeMs: 20_000 }),
      );
      const ping = writer.client.ok({ type: 'ping' }).then(() => {
        pinged = true;
      });
      // One at a time, the second reply would wait for the first, which waits for this row.
      await vi.waitFor(() => expect(counts().writes - before.writes).toBe(bodies.length), { timeout: 5000 });
      expect(pinged).toBe(false);
      return { replies, ping };
    });
    const results = await Promise.all(sent.replies);
    await sent.ping;
    expect(results.map((r) => r.post.source)).toEqual(bodies);
    const ids = results.map((r) => BigInt(r.post.id));
    expect(ids).toEqual([...ids].sort((a, b) => (a < b ? -1 : 1)));
    await writer.client.close();
  });
});

describe('with two groups in flight', () => {
  it("starts a second group only with members the first does not hold: a member's next reply waits for the next group", async () => {
    const own = services();
    const usual = own.writeGroups;
    const groups = new WriteGroups(own, { lanes: 2, maxGroup: 32 });
    own.writeGroups = groups;
    try {
      const [held, other] = [actors[4], actors[5]] as [Actor, Actor];
      const sent = await app.t.database.db.transaction().execute(async (tx) => {
        // Holds the first writer's row (on the embedded Postgres, the database itself): their first group cannot commit.
        await tx.selectFrom('members').select('id').where('id', '=', held.member.id).forNoKeyUpdate().execute();
        const first = reply(held, (threads[0] as { id: string }).id, 'Held first');
        await vi.waitFor(() => expect(groups.counts.groups).toBe(1), { timeout: 5000 });
        const second = reply(held, (threads[1] as { id: string }).id, 'Held second');
        const others = reply(other, (threads[2] as { id: string }).id, 'Not held');
        await vi.waitFor(() => expect(groups.counts.groups).toBe(2), { timeout: 5000 });
        // The second group took only the writer the first does not hold.
        expect(groups.counts.writes).toBe(2);
        return [first, second, others];
      });
      const results = await Promise.all(sent);
      expect(results.map((r) => r.post.source)).toEqual(['Held first', 'Held second', 'Not held']);
      expect(groups.counts).toMatchObject({ groups: 3, writes: 3, retriedAlone: 0 });
    } finally {
      own.writeGroups = usual;
    }
  });
});

describe('one member’s replies side by side in a group', () => {
  it.each([
    ['the facts read with the thread lock', true],
    ['a read of its own (the socket’s site row predates the window)', false],
  ])('screens the second as if the first were stored: the same text again is refused (%s)', async (_, fresh) => {
    const site = await app.otherSite();
    const saved = await saveSitePolicy(app.t.database.db, site.id, { duplicateWindowMinutes: 10 });
    if (!saved.ok) throw new Error(saved.error.message);
    const stored = await app.t.database.db
      .selectFrom('sites')
      .selectAll()
      .where('id', '=', site.id)
      .executeTakeFirstOrThrow();
    const writer = await app.guest('Twice Sayer', site);
    const board = freshBoard('twice');
    const opened = [];
    for (const title of ['First thread for twice', 'Second thread for twice']) {
      opened.push((await ask(writer.client, board, { kind: 'discussion', title })).thread);
    }
    await writer.client.close();
    const member = await app.t.database.db
      .selectFrom('members')
      .selectAll()
      .where('id', '=', writer.me.id)
      .executeTakeFirstOrThrow();
    const actor: Actor = { site: fresh ? stored : site, member };
    const before = counts();
    const outcomes = await Promise.allSettled(
      opened.map((thread) => reply(actor, thread.id, 'The very same words, posted twice in one go')),
    );
    expect(counts().groups - before.groups).toBeGreaterThanOrEqual(1);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect((refused.reason as { code: string }).code).toBe('duplicate');
    const copies = await app.t.database.db
      .selectFrom('posts')
      .select('id')
      .where('source', '=', 'The very same words, posted twice in one go')
      .where('author_id', '=', member.id)
      .execute();
    expect(copies).toHaveLength(1);
  });
});
