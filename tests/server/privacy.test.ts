import type { EventMessage } from '@booth/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteRow } from '../../server/src/db/database.js';
import { signMailToken } from '../../server/src/domain/mail/mail-tokens.js';
import { DELETED_MEMBER_NAME } from '../../server/src/domain/privacy/erase-member.js';
import {
  answer,
  ask,
  connectGuest,
  connectStaff,
  createOpenSite,
  reconnectGuest,
  type Visitor,
} from '../helpers/actors.js';
import { connectModerator, type StaffLogin, staffLogin } from '../helpers/staff-session.js';
import { startTestApp, type TestApp } from '../helpers/test-app.js';
import { TestClient } from '../helpers/ws-client.js';

const ADDRESS = 'robin.private@mail.example';
let t: TestApp;
let site: SiteRow;
let owner: StaffLogin;
let moderator: TestClient;
const logLines: string[] = [];
/** Every body this test read over HTTP from public or customer routes. */
const publicBodies: string[] = [];

async function get(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${t.baseUrl}${path}`, { headers, redirect: 'follow' });
  const body = await res.text();
  return { status: res.status, body, type: res.headers.get('content-type') };
}

async function publicGet(path: string) {
  const res = await get(path);
  publicBodies.push(res.body);
  return res;
}

/** Gives a member a confirmed address, as following a thread by email does. */
async function confirmAddress(memberId: string, address: string): Promise<void> {
  const now = new Date('2026-12-01T10:00:00Z');
  await t.database.db
    .insertInto('member_emails')
    .values({ member_id: memberId, site_id: site.id, address, confirmed_at: now, confirm_nonce: '1', created_at: now })
    .execute();
}

beforeAll(async () => {
  t = await startTestApp({
    webhooks: { enabled: false },
    env: { LOG_LEVEL: 'debug' },
    logStream: { write: (line) => void logLines.push(line) },
  });
  site = await createOpenSite(t.database, { name: 'Privacy Brand' });
  owner = await staffLogin(t, site, 'owner');
  moderator = await connectModerator(t, site, owner);
  await moderator.ok({ type: 'staff.subscribe' });
});

afterAll(async () => {
  await moderator?.close();
  await t?.close();
});

describe('privacy', () => {
  it('never shows a member’s address in frames, pages, feeds, the read API or log lines', async () => {
    const robin = await connectGuest(t, site, 'Robin');
    await confirmAddress(robin.me.id, ADDRESS);
    const watcher = await connectGuest(t, site, 'Watcher');
    await watcher.client.ok({ type: 'subscribe', board: 'privacy' });
    const staff = await connectStaff(t, site);
    const { thread } = await ask(robin.client, 'privacy', { title: 'Where is my parcel?', body: 'Ordered last week.' });
    await answer(staff.client, thread.id, 'It ships tomorrow.');
    await answer(robin.client, thread.id, 'Thanks!');
    await watcher.client.ok({ type: 'thread.open', threadId: thread.id });
    await robin.client.ok({ type: 'subscribe', board: 'privacy' });
    await moderator.ok({ type: 'staff.unanswered' });
    await moderator.ok({ type: 'staff.members' });
    await moderator.ok({ type: 'staff.thread.open', threadId: thread.id });
    const again = await reconnectGuest(t, site, robin.guestToken as string);

    await publicGet(`/t/${site.public_key}/${thread.id}/where-is-my-parcel`);
    await publicGet(`/t/${site.public_key}/sitemap.xml`);
    await publicGet(`/feeds/${site.public_key}/board/privacy`);
    await publicGet(`/feeds/${site.public_key}/thread/${thread.id}`);
    await publicGet(`/api/boards/privacy/threads?site=${site.public_key}`);
    await publicGet(`/api/threads/${thread.id}?site=${site.public_key}`);
    expect(publicBodies.join('\n')).toContain('It ships tomorrow.');

    const frames = [robin, watcher, staff, again].flatMap((v: Visitor) => v.client.received);
    frames.push(...moderator.received);
    expect(JSON.stringify(frames)).toContain('Where is my parcel?');
    expect(JSON.stringify(frames)).not.toContain(ADDRESS);
    expect(publicBodies.join('\n')).not.toContain(ADDRESS);
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.join('\n')).not.toContain(ADDRESS);
    for (const v of [robin, watcher, staff, again]) await v.client.close();
  });

  it('lets staff download a member’s data, and records that they did', async () => {
    const robin = await connectGuest(t, site, 'Robin Data');
    await confirmAddress(robin.me.id, 'robin.data@mail.example');
    const { thread } = await ask(robin.client, 'privacy', { title: 'Do you ship to Oslo?', body: 'Asking for me.' });
    const staff = await connectStaff(t, site);
    const { post: reply } = await answer(staff.client, thread.id, 'We do.');
    await robin.client.ok({ type: 'vote', key: TestClient.key(), postId: reply.id, value: 1 });
    await staff.client.close();

    const refused = await get(`/moderate/api/members/${robin.me.id}/data`);
    expect(refused.status).toBe(401);
    const res = await get(`/moderate/api/members/${robin.me.id}/data`, { cookie: owner.cookie });
    expect(res.status).toBe(200);
    const data = JSON.parse(res.body);
    expect(data).toMatchObject({
      format: 'booth-member-data/1',
      site: { key: site.public_key },
      member: { id: robin.me.id, name: 'Robin Data', signIn: 'guest' },
      posts: [{ threadId: thread.id, threadTitle: 'Do you ship to Oslo?', text: 'Asking for me.', opening: true }],
      votes: [{ postId: reply.id, value: 1 }],
      // The person's own address is their data; nobody else's is in it.
      emailForNotifications: { address: 'robin.data@mail.example' },
    });
    expect(res.body).not.toContain(ADDRESS);
    const { entries } = await moderator.ok({ type: 'staff.audit' });
    expect(entries[0]).toMatchObject({ action: 'member.data', target: { type: 'member', id: robin.me.id } });
    await robin.client.close();
  });

  it('deletes an account and keeps its posts under “Deleted member” by default', async () => {
    const robin = await connectGuest(t, site, 'Robin Leaving');
    await confirmAddress(robin.me.id, 'robin.leaving@mail.example');
    const { thread } = await ask(robin.client, 'privacy', { title: 'Is the box recyclable?', body: 'Cardboard?' });
    const reader = await connectGuest(t, site, 'Reader');
    await reader.client.ok({ type: 'subscribe', board: 'privacy' });

    const { member } = await moderator.ok({ type: 'staff.member.erase', key: TestClient.key(), memberId: robin.me.id });
    expect(member).toMatchObject({ id: robin.me.id, name: DELETED_MEMBER_NAME, email: null });

    const opened = await reader.client.ok({ type: 'thread.open', threadId: thread.id });
    expect(opened.posts[0]).toMatchObject({ author: { name: DELETED_MEMBER_NAME }, source: 'Cardboard?' });
    // The event log no longer carries the old name: a widget resuming from the start reads none of it.
    const stored = await t.database.db.selectFrom('events').select('payload').execute();
    expect(JSON.stringify(stored)).not.toContain('Robin Leaving');
    // The guest token names nobody now; the address and sessions are gone.
    const back = await TestClient.connect(t.wsUrl(site));
    const hello = await back.request({ type: 'hello', guest: robin.guestToken as string });
    expect(hello.ok).toBe(false);
    const addresses = await t.database.db
      .selectFrom('member_emails')
      .select('address')
      .where('member_id', '=', robin.me.id)
      .execute();
    expect(addresses).toEqual([]);
    const again = await moderator.request({
      type: 'staff.member.erase',
      key: TestClient.key(),
      memberId: robin.me.id,
    });
    expect(again).toMatchObject({ ok: false, error: { code: 'conflict' } });
    for (const c of [robin.client, reader.client, back]) await c.close();
  });

  it('lets the person download their data and delete their account from the link in their emails', async () => {
    const robin = await connectGuest(t, site, 'Robin Link');
    await confirmAddress(robin.me.id, 'robin.link@mail.example');
    await ask(robin.client, 'privacy', { title: 'Gift wrapping?', body: 'For a birthday.' });
    const token = signMailToken(t.app.mailTokenSecret, {
      purpose: 'account',
      memberId: robin.me.id,
      now: t.app.services.now(),
    });
    const pageRes = await get(`/mail/account/${token}`);
    expect(pageRes.status).toBe(200);
    expect(pageRes.body).toContain('Robin Link');
    expect(pageRes.body).toContain(`action="/mail/account/${token}/delete"`);
    const data = await get(`/mail/account/${token}/data`);
    expect(JSON.parse(data.body)).toMatchObject({
      member: { id: robin.me.id },
      posts: [{ text: 'For a birthday.' }],
      emailForNotifications: { address: 'robin.link@mail.example' },
    });
    // A link for another purpose, or a forged one, opens nothing.
    const unfollow = signMailToken(t.app.mailTokenSecret, {
      purpose: 'unfollow',
      memberId: robin.me.id,
      now: t.app.services.now(),
    });
    expect((await get(`/mail/account/${unfollow}/data`)).status).toBe(404);

    const deleted = await fetch(`${t.baseUrl}/mail/account/${token}/delete`, { method: 'POST' });
    expect(deleted.status).toBe(200);
    expect(await deleted.text()).toContain('Your account was deleted');
    const row = await t.database.db
      .selectFrom('members')
      .select(['name', 'erased_at'])
      .where('id', '=', robin.me.id)
      .executeTakeFirstOrThrow();
    expect(row.name).toBe(DELETED_MEMBER_NAME);
    expect(row.erased_at).not.toBeNull();
    expect((await get(`/mail/account/${token}`)).status).toBe(404);
    await robin.client.close();
  });

  it('removes the posts when the site chose so, live on open pages', async () => {
    const settings = await moderator.ok({
      type: 'staff.settings.update',
      key: TestClient.key(),
      deletedMemberPosts: 'remove',
    });
    expect(settings.deletedMemberPosts).toBe('remove');
    const robin = await connectGuest(t, site, 'Robin Remove');
    const other = await connectGuest(t, site, 'Other Asker');
    const { thread: mine } = await ask(robin.client, 'privacy', { title: 'My own question', body: 'Secret text one.' });
    const { thread: theirs } = await ask(other.client, 'privacy', { title: 'Someone else asks', body: 'Hello.' });
    const { post: reply } = await answer(robin.client, theirs.id, 'Secret text two.');
    await other.client.ok({ type: 'thread.accept', key: TestClient.key(), threadId: theirs.id, postId: reply.id });
    const reader = await connectGuest(t, site, 'Reader Two');
    await reader.client.ok({ type: 'subscribe', board: 'privacy' });

    const removedReply = reader.client.waitFor(
      (m) => m.type === 'event' && m.event.kind === 'post.removed' && m.event.postId === reply.id,
    );
    const removedThread = reader.client.waitFor(
      (m) => m.type === 'event' && m.event.kind === 'thread.removed' && m.event.threadId === mine.id,
    );
    await moderator.ok({
      type: 'staff.member.erase',
      key: TestClient.key(),
      memberId: robin.me.id,
      reason: 'asked by email',
    });
    expect(((await removedReply) as EventMessage).event).toMatchObject({
      thread: { id: theirs.id, replyCount: 0, acceptedPostId: null },
    });
    await removedThread;

    expect((await get(`/t/${site.public_key}/${mine.id}/my-own-question`)).status).toBe(404);
    const feed = await publicGet(`/feeds/${site.public_key}/board/privacy`);
    expect(feed.body).not.toContain('Secret text');
    const stored = await t.database.db.selectFrom('events').select('payload').execute();
    expect(JSON.stringify(stored)).not.toContain('Secret text');
    const posts = await t.database.db
      .selectFrom('posts')
      .select(['status', 'source'])
      .where('author_id', '=', robin.me.id)
      .execute();
    expect(posts).toEqual([
      { status: 'deleted', source: '' },
      { status: 'deleted', source: '' },
    ]);
    for (const c of [robin.client, other.client, reader.client]) await c.close();
  });
});
