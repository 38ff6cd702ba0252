import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBoard } from '../../server/src/db/boards.queries.js';
import type { SiteRow } from '../../server/src/db/database.js';
import { appendEvents } from '../../server/src/db/events.queries.js';
import { connectModerator, type StaffLogin, staffLogin } from '../helpers/staff-session.js';
import { createTestSite, startTestApp, type TestApp } from '../helpers/test-app.js';
import { isEvent, TestClient } from '../helpers/ws-client.js';

let t: TestApp;
let site: SiteRow;
let owner: StaffLogin;
let staff: StaffLogin;

beforeAll(async () => {
  t = await startTestApp();
  site = await createTestSite(t.database);
  owner = await staffLogin(t, site, 'owner');
  staff = await staffLogin(t, site, 'staff');
});
afterAll(async () => t?.close());

async function guest(name: string, board = 'b1'): Promise<TestClient> {
  const client = await TestClient.connect(t.wsUrl(site));
  await client.ok({ type: 'guest.join', name });
  await client.ok({ type: 'subscribe', board });
  return client;
}

async function ask(client: TestClient, title: string, board = 'b1') {
  return client.ok({
    type: 'thread.create',
    key: TestClient.key(),
    board,
    kind: 'question',
    title,
    body: 'Please help.',
  });
}

describe('the moderation loop', () => {
  it('shows staff presence to customers, and a new question in the unanswered queue live', async () => {
    const customer = await guest('Robin');
    const moderator = await connectModerator(t, site, staff);
    const presence = customer.waitFor((m) => m.type === 'presence');
    const feed = await moderator.ok({ type: 'staff.subscribe' });
    expect(feed.me.role).toBe('staff');
    expect(feed.boards).toContain('b1');
    expect(await presence).toEqual({ type: 'presence', staffOnline: true });

    const late = await TestClient.connect(t.wsUrl(site));
    // A socket that connects while staff are online is told so right after its first reply.
    await late.ok({ type: 'ping' });
    expect(await late.seen((m) => m.type === 'presence')).toEqual({ type: 'presence', staffOnline: true });

    const created = moderator.waitFor(isEvent('thread.created'));
    const { thread } = await ask(customer, 'Does it come in blue?');
    expect((await created).event).toMatchObject({ thread: { id: thread.id } });
    const queue = await moderator.ok({ type: 'staff.unanswered' });
    expect(queue.threads.map((q) => q.thread.id)).toContain(thread.id);

    // Answering from the queue: the customer sees the staff-badged answer, the queue drops it.
    const answer = customer.waitFor(isEvent('post.created'));
    await moderator.ok({
      type: 'post.create',
      key: TestClient.key(),
      threadId: thread.id,
      body: 'Yes, in two shades.',
    });
    const answered = (await answer).event;
    expect(answered).toMatchObject({ post: { author: { role: 'staff' } }, thread: { staffReplied: true } });
    const after = await moderator.ok({ type: 'staff.unanswered' });
    expect(after.threads.map((q) => q.thread.id)).not.toContain(thread.id);

    const offline = customer.waitFor((m) => m.type === 'presence' && !m.staffOnline);
    await moderator.close();
    await offline;
    await customer.close();
    await late.close();
  });

  it('creates a new board and still delivers its events to an open moderation view', async () => {
    const moderator = await connectModerator(t, site, staff);
    await moderator.ok({ type: 'staff.subscribe' });
    const customer = await guest('Casey', 'fresh-board');
    const created = moderator.waitFor(isEvent('thread.created'));
    await ask(customer, 'Brand new board question', 'fresh-board');
    expect((await created).board).toBe('fresh-board');
    await moderator.close();
    await customer.close();
  });

  it('follows a board whose first wake-up never reached this node, at the next catch-up', async () => {
    const node = await startTestApp({ live: { catchUpIntervalMs: 100 } });
    try {
      const quietSite = await createTestSite(node.database);
      const moderator = await connectModerator(node, quietSite, await staffLogin(node, quietSite));
      await moderator.ok({ type: 'staff.subscribe' });
      // Written as another node would write it, with its wake-up lost on the way here.
      const board = await ensureBoard(node.database.db, quietSite.id, 'quiet-board');
      await appendEvents(node.database.db, [
        { boardId: board.id, events: [{ event: { kind: 'queue.changed', queue: 'threads' }, audience: 'staff' }] },
      ]);
      const delivered = await moderator.waitFor((m) => m.type === 'event' && m.board === 'quiet-board');
      expect(delivered).toMatchObject({ seq: 1, event: { kind: 'queue.changed' } });
      await moderator.close();
    } finally {
      await node.close();
    }
  });

  it('pins, locks, hides and restores a thread; customers follow each change live', async () => {
    const customer = await guest('Dana');
    const moderator = await connectModerator(t, site, staff);
    await moderator.ok({ type: 'staff.subscribe' });
    const { thread } = await ask(customer, 'Thread to moderate');
    const act = (action: 'pin' | 'lock' | 'hide' | 'restore' | 'unlock') =>
      moderator.ok({ type: 'staff.thread.action', key: TestClient.key(), threadId: thread.id, action, reason: 'test' });

    const pinned = customer.waitFor(
      (m) => isEvent('thread.updated')(m) && m.event.kind === 'thread.updated' && m.event.thread.pinned,
    );
    await act('pin');
    await pinned;

    await act('lock');
    const reply = await customer.request({
      type: 'post.create',
      key: TestClient.key(),
      threadId: thread.id,
      body: 'Hi',
    });
    expect(reply.ok ? null : reply.error.code).toBe('thread_locked');
    await act('unlock');

    const removed = customer.waitFor(isEvent('thread.removed'));
    await act('hide');
    await removed;
    const open = await customer.request({ type: 'thread.open', threadId: thread.id });
    expect(open.ok ? null : open.error.code).toBe('not_found');
    const page = await customer.ok({ type: 'threads.page', board: 'b1', after: '' }).catch(() => null);
    expect(page?.threads.map((x) => x.id) ?? []).not.toContain(thread.id);

    const back = customer.waitFor(
      (m) =>
        isEvent('thread.updated')(m) &&
        m.event.kind === 'thread.updated' &&
        m.event.thread.id === thread.id &&
        m.event.thread.status !== 'hidden',
    );
    await act('restore');
    await back;

    const audit = await moderator.ok({ type: 'staff.audit' });
    const actions = audit.entries.filter((e) => e.target.id === thread.id).map((e) => e.action);
    expect(actions).toEqual(['thread.restore', 'thread.hide', 'thread.unlock', 'thread.lock', 'thread.pin']);
    expect(audit.entries[0]).toMatchObject({ actor: { id: staff.account.id }, reason: 'test' });
    await moderator.close();
    await customer.close();
  });

  it('takes a report to the Reports queue and hides the post for every customer', async () => {
    const author = await guest('Eli');
    const reporter = await guest('Fran');
    const moderator = await connectModerator(t, site, staff);
    await moderator.ok({ type: 'staff.subscribe' });
    const { thread } = await ask(author, 'A thread with a spammy reply');
    const { post } = await author.ok({
      type: 'post.create',
      key: TestClient.key(),
      threadId: thread.id,
      body: 'You should try the other model.',
    });

    const reported = moderator.waitFor(isEvent('report.created'));
    await reporter.ok({ type: 'post.report', key: TestClient.key(), postId: post.id, reason: 'Spam' });
    await reported;

    const queue = await moderator.ok({ type: 'staff.reports' });
    const item = queue.items.find((i) => i.post.id === post.id);
    expect(item?.reports.map((r) => r.reason)).toEqual(['Spam']);

    const gone = reporter.waitFor(isEvent('post.removed'));
    const resolved = await moderator.ok({
      type: 'staff.report.resolve',
      key: TestClient.key(),
      postId: post.id,
      action: 'hide',
    });
    expect(resolved.resolved).toBe(1);
    expect((await gone).event).toMatchObject({ postId: post.id });
    // Customers never hear of reports: the board's later event arrived, the report's did not.
    expect(reporter.events.some((e) => (e.event.kind as string) === 'report.created')).toBe(false);
    const opened = await reporter.ok({ type: 'thread.open', threadId: thread.id });
    expect(opened.posts.map((p) => p.id)).not.toContain(post.id);
    expect((await moderator.ok({ type: 'staff.reports' })).items.some((i) => i.post.id === post.id)).toBe(false);

    // Restoring brings it back live.
    const back = reporter.waitFor(isEvent('post.updated'));
    await moderator.ok({ type: 'staff.post.action', key: TestClient.key(), postId: post.id, action: 'restore' });
    expect((await back).event).toMatchObject({ post: { id: post.id, status: 'visible' } });
    for (const c of [author, reporter, moderator]) await c.close();
  });

  it('bans a member: they still read, every write is refused with a clear message, until the ban is lifted', async () => {
    const customer = await guest('Gale');
    const moderator = await connectModerator(t, site, staff);
    const { thread } = await ask(customer, 'Before the ban');
    const me = (await moderator.ok({ type: 'staff.members', query: 'Gale' })).members[0];
    expect(me?.name).toBe('Gale');
    const banned = await moderator.ok({
      type: 'staff.member.ban',
      key: TestClient.key(),
      memberId: me?.id ?? '',
      days: 7,
      reason: 'rude',
    });
    expect(banned.member.bannedUntil).not.toBeNull();

    const refused = await customer.request({
      type: 'post.create',
      key: TestClient.key(),
      threadId: thread.id,
      body: 'hi',
    });
    expect(refused.ok ? null : refused.error).toMatchObject({ code: 'banned' });
    expect(refused.ok ? '' : refused.error.message).toMatch(/banned from posting on this site until/);
    expect((await customer.ok({ type: 'thread.open', threadId: thread.id })).thread.id).toBe(thread.id);

    const forGood = await moderator.ok({
      type: 'staff.member.ban',
      key: TestClient.key(),
      memberId: me?.id ?? '',
      days: null,
    });
    expect(forGood.member.bannedForGood).toBe(true);
    await moderator.ok({ type: 'staff.member.unban', key: TestClient.key(), memberId: me?.id ?? '' });
    await customer.ok({ type: 'post.create', key: TestClient.key(), threadId: thread.id, body: 'back again' });
    await moderator.close();
    await customer.close();
  });

  it('shows "Staff is typing…" to customers following the board', async () => {
    const customer = await guest('Hale');
    const moderator = await connectModerator(t, site, staff);
    const { thread } = await ask(customer, 'Typing test');
    const typing = customer.waitFor((m) => m.type === 'typing');
    await moderator.ok({ type: 'staff.typing', threadId: thread.id });
    expect(await typing).toEqual({ type: 'typing', board: 'b1', threadId: thread.id });
    await moderator.close();
    await customer.close();
  });

  it('moves threads both ways between two boards at once without a deadlock', async () => {
    const asker = await guest('Kim', 'swap-a');
    await asker.ok({ type: 'subscribe', board: 'swap-b' });
    const one = (await ask(asker, 'Goes from a to b', 'swap-a')).thread.id;
    const two = (await ask(asker, 'Goes from b to a', 'swap-b')).thread.id;
    // Two moderation views, so the moves run in two transactions side by side.
    const [first, second] = [await connectModerator(t, site, staff), await connectModerator(t, site, owner)];
    const move = (view: TestClient, threadId: string, board: string) =>
      view.request({ type: 'staff.thread.move', key: TestClient.key(), threadId, board });
    for (let round = 0; round < 15; round++) {
      const [there, back] = round % 2 === 0 ? ['swap-b', 'swap-a'] : ['swap-a', 'swap-b'];
      const replies = await Promise.all([move(first, one, there), move(second, two, back)]);
      expect(replies.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual(['ok', 'ok']);
    }
    await first.close();
    await second.close();
    await asker.close();
  });

  it('moves a thread to another board and accepts any reply', async () => {
    const customer = await guest('Ivy');
    const other = await guest('Jo', 'other-board');
    const moderator = await connectModerator(t, site, staff);
    const { thread } = await ask(customer, 'Moving thread');
    const { post } = await other.ok({
      type: 'post.create',
      key: TestClient.key(),
      threadId: thread.id,
      body: 'An answer',
    });
    const arrived = other.waitFor(isEvent('thread.created'));
    const left = customer.waitFor(
      (m) => isEvent('thread.removed')(m) && m.event.kind === 'thread.removed' && m.event.threadId === thread.id,
    );
    const moved = await moderator.ok({
      type: 'staff.thread.move',
      key: TestClient.key(),
      threadId: thread.id,
      board: 'other-board',
    });
    expect(moved.thread.board).toBe('other-board');
    await left;
    expect((await arrived).event).toMatchObject({ thread: { id: thread.id } });
    const accepted = await moderator.ok({
      type: 'staff.thread.accept',
      key: TestClient.key(),
      threadId: thread.id,
      postId: post.id,
    });
    expect(accepted.thread).toMatchObject({ acceptedPostId: post.id, status: 'answered' });
    await moderator.close();
    await customer.close();
    await other.close();
  });

  it('lets owners change settings, rotate the SSO secret and manage staff', async () => {
    const moderator = await connectModerator(t, site, owner);
    const settings = await moderator.ok({ type: 'staff.settings' });
    expect(settings.embedSnippet).toContain(`data-site="${site.public_key}"`);
    const update = {
      type: 'staff.settings.update' as const,
      key: TestClient.key(),
      allowedOrigins: ['https://brand.example', 'https://shop.brand.example'],
      guestsAllowed: true,
    };
    const updated = await moderator.ok(update);
    expect(updated.allowedOrigins).toEqual(['https://brand.example', 'https://shop.brand.example']);
    const { ssoSecret } = await moderator.ok({ type: 'staff.sso.rotate', key: TestClient.key() });
    expect(ssoSecret).toHaveLength(43);
    const added = await moderator.ok({
      type: 'staff.account.add',
      key: TestClient.key(),
      email: 'new@brand.example',
      name: 'New Staff',
      role: 'staff',
    });
    expect(added.password.length).toBeGreaterThanOrEqual(20);
    const accounts = await moderator.ok({ type: 'staff.accounts' });
    expect(accounts.accounts.map((a) => a.email)).toContain('new@brand.example');
    const remove = { type: 'staff.account.remove', key: TestClient.key(), memberId: added.account.id } as const;
    await moderator.ok(remove);

    // A retried settings change or removal (same key, same content) is answered again and done once.
    expect(await moderator.ok(update)).toEqual(updated);
    expect(await moderator.ok(remove)).toEqual({ memberId: added.account.id });
    const audit = await moderator.ok({ type: 'staff.audit' });
    const count = (action: string) => audit.entries.filter((e) => e.action === action).length;
    expect([count('site.settings'), count('staff.remove')]).toEqual([1, 1]);

    // Staff (not owners) are refused the owner's tools.
    const plain = await connectModerator(t, site, staff);
    const refused = await plain.request({ type: 'staff.settings' });
    expect(refused.ok ? null : refused.error.code).toBe('forbidden');
    await plain.close();
    await moderator.close();
  });
});
