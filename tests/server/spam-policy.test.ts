import { DEFAULT_SITE_POLICY, type SitePolicyInput } from '@booth/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteRow } from '../../server/src/db/database.js';
import { saveSitePolicy } from '../../server/src/domain/policy/site-policies.js';
import { createReply } from '../../server/src/domain/posts.js';
import { currentSiteAndMember } from '../../server/src/domain/sites.js';
import {
  answer,
  ask,
  connectGuest,
  connectMember,
  connectStaff,
  eventOfKind,
  expectRefused,
  flush,
  freshBoard,
  type Visitor,
} from '../helpers/actors.js';
import { getJson } from '../helpers/http-client.js';
import { connectModerator, staffLogin } from '../helpers/staff-session.js';
import { createTestSite, FIRST_DAY_OFF, startTestApp, type TestApp } from '../helpers/test-app.js';
import { TestClient } from '../helpers/ws-client.js';

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

/** A site with the product's default policy unless told otherwise. */
const site = (policy?: SitePolicyInput) => createTestSite(t.database, policy ? { policy } : {});

async function postRow(postId: string) {
  return t.database.db
    .selectFrom('posts')
    .select(['status', 'hold_reason', 'content_hash'])
    .where('id', '=', postId)
    .executeTakeFirstOrThrow();
}

async function postCount(s: SiteRow): Promise<number> {
  const row = await t.database.db
    .selectFrom('posts')
    .innerJoin('boards', 'boards.id', 'posts.board_id')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('boards.site_id', '=', s.id)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function trustLevel(memberId: string): Promise<number> {
  const row = await t.database.db
    .selectFrom('members')
    .select('trust_level')
    .where('id', '=', memberId)
    .executeTakeFirstOrThrow();
  return row.trust_level;
}

/** Asserts that customers cannot find a thread anywhere: board snapshot, thread view, HTTP API, live events. */
async function assertInvisibleToCustomers(s: SiteRow, board: string, threadId: string, reader: Visitor) {
  await flush(reader.client);
  // The only news of it a customer may get is that it is gone.
  const mentions = reader.client.events.filter((e) => JSON.stringify(e).includes(`"${threadId}"`));
  expect(mentions.map((e) => e.event.kind).filter((kind) => kind !== 'thread.removed')).toEqual([]);
  const fresh = await TestClient.connect(t.wsUrl(s));
  const snapshot = await fresh.ok({ type: 'subscribe', board });
  expect(snapshot.mode === 'snapshot' ? snapshot.threads.map((th) => th.id) : []).not.toContain(threadId);
  await expectRefused(fresh.request({ type: 'thread.open', threadId }), 'not_found');
  await fresh.close();
  const listing = await getJson<{ threads: { id: string }[] }>(
    `${t.baseUrl}/api/boards/${board}/threads?site=${s.public_key}`,
  );
  expect(listing.body.threads.map((th) => th.id)).not.toContain(threadId);
  const open = await getJson(`${t.baseUrl}/api/threads/${threadId}?site=${s.public_key}`);
  expect(open.status).toBe(404);
}

/** Connects a customer who follows `board` live. */
async function reader(s: SiteRow, board: string): Promise<Visitor> {
  const visitor = await connectGuest(t, s, 'Quiet Reader');
  await visitor.client.ok({ type: 'subscribe', board });
  return visitor;
}

describe('link limits for new members', () => {
  it('holds a new guest’s question with a link, tells the author it waits for review, and shows it to no customer', async () => {
    const s = await site();
    const board = freshBoard();
    const watcher = await reader(s, board);
    const guest = await connectGuest(t, s, 'Link Guest');
    const { thread, post } = await ask(guest.client, board, {
      title: 'Where do I find the size chart?',
      body: 'I found one at https://sizes.example.com but is it right?',
    });
    expect(post.status).toBe('pending');
    expect(thread.status).toBe('hidden');
    expect(await postRow(post.id)).toMatchObject({ status: 'pending', hold_reason: 'links: 1 links, limit 0' });
    await assertInvisibleToCustomers(s, board, thread.id, watcher);
    for (const v of [watcher, guest]) await v.client.close();
  });

  it('lets a new signed-in member post two links and holds the third', async () => {
    const s = await site();
    const board = freshBoard();
    const member = await connectMember(t, s, { sub: 'links-1', name: 'Linky Member' });
    const two = await ask(member.client, board, {
      title: 'Comparing two models',
      body: 'See https://a.example.com and https://b.example.com for the specs.',
    });
    expect(two.post.status).toBe('visible');
    const three = await ask(member.client, board, {
      title: 'Comparing three models',
      body: 'See https://a.example.com, https://b.example.com and https://c.example.com.',
    });
    expect(three.post.status).toBe('pending');
    expect((await postRow(three.post.id)).hold_reason).toBe('links: 3 links, limit 2');
    await member.client.close();
  });

  it('holds a guest’s reply with a link without touching the thread’s counters', async () => {
    const s = await site();
    const board = freshBoard();
    const asker = await connectGuest(t, s, 'Asker');
    const { thread } = await ask(asker.client, board, { title: 'Best socks for these?', body: 'Any tips?' });
    const watcher = await reader(s, board);
    const replier = await connectGuest(t, s, 'Replier');
    const { post } = await answer(replier.client, thread.id, 'Buy them at https://socks.example.com');
    expect(post.status).toBe('pending');
    await flush(watcher.client);
    expect(watcher.client.events.map((e) => e.event.kind)).not.toContain('post.created');
    const opened = await asker.client.ok({ type: 'thread.open', threadId: thread.id });
    expect(opened.posts.map((p) => p.id)).not.toContain(post.id);
    expect(opened.thread.replyCount).toBe(0);
    for (const v of [asker, watcher, replier]) await v.client.close();
  });

  it('follows the site’s own link limit', async () => {
    const s = await site({ guestLinkLimit: 2 });
    const guest = await connectGuest(t, s, 'Allowed Links');
    const { post } = await ask(guest.client, freshBoard(), {
      title: 'Two shops',
      body: 'https://one.example.com or https://two.example.com?',
    });
    expect(post.status).toBe('visible');
    await guest.client.close();
  });
});

describe('blocked words and domains', () => {
  it.each([
    ['English', 'Cheap followers for your brand', 'We sell real active followers, buy instagram followers today'],
    ['Turkish', 'Instagram hesabınız için', 'En ucuz takipçi satın al, hemen teslim'],
    ['Russian', 'Для вашего аккаунта', 'Накрутка подписчиков и лайков недорого'],
    ['Spanish', 'Para tu cuenta', 'Comprar seguidores reales y baratos'],
  ])('holds a follower-selling post in %s for review', async (_language, title, body) => {
    const s = await site();
    const member = await connectMember(t, s, { sub: `spam-${title.length}`, name: 'Growth Hacker' });
    const { post } = await ask(member.client, freshBoard(), { title, body });
    expect(post.status).toBe('pending');
    expect((await postRow(post.id)).hold_reason).toMatch(/^blocked_word: /);
    await member.client.close();
  });

  it('holds a link to a panel-like host even from a trusted member', async () => {
    const s = await site();
    const member = await connectMember(t, s, { sub: 'trusted-panel', name: 'Trusted Member' });
    await t.database.db.updateTable('members').set({ trust_level: 1 }).where('id', '=', member.me.id).execute();
    const { post } = await ask(member.client, freshBoard(), {
      title: 'Great deal',
      body: 'Check [this](https://www.best-smmpanel.example.com/offer)',
    });
    expect(post.status).toBe('pending');
    expect((await postRow(post.id)).hold_reason).toBe('blocked_domain: www.best-smmpanel.example.com');
    await member.client.close();
  });

  it('holds the site’s own blocked words and domains, and not ordinary posts', async () => {
    const s = await site({ blockedWords: ['casino'], blockedDomains: ['rival.example'] });
    const member = await connectMember(t, s, { sub: 'words-1', name: 'Word Member' });
    const board = freshBoard();
    const word = await ask(member.client, board, { title: 'Off topic', body: 'Best CASINO bonus in town' });
    const domain = await ask(member.client, board, { title: 'Cheaper', body: 'Cheaper at https://shop.rival.example' });
    const fine = await ask(member.client, board, { title: 'Sizing question', body: 'Do they run small?' });
    expect([word.post.status, domain.post.status, fine.post.status]).toEqual(['pending', 'pending', 'visible']);
    expect((await postRow(word.post.id)).hold_reason).toBe('blocked_word: casino');
    expect((await postRow(domain.post.id)).hold_reason).toBe('blocked_domain: shop.rival.example');
    await member.client.close();
  });

  it('lets the site turn the built-in list off', async () => {
    const s = await site({ useDefaultBlocklist: false });
    const member = await connectMember(t, s, { sub: 'nolist', name: 'No List' });
    const { post } = await ask(member.client, freshBoard(), { title: 'Hmm', body: 'buy instagram followers' });
    expect(post.status).toBe('visible');
    await member.client.close();
  });
});

describe('duplicates', () => {
  it('refuses the same text from the same member, anywhere on the site, and writes nothing', async () => {
    const s = await site();
    const guest = await connectGuest(t, s, 'Double Poster');
    const fields = { title: 'Is this waterproof?', body: 'Planning a rainy hike next week.' };
    await ask(guest.client, freshBoard(), fields);
    const before = await postCount(s);
    const again = await expectRefused(
      guest.client.request({
        type: 'thread.create',
        key: TestClient.key(),
        board: freshBoard(),
        kind: 'question',
        ...fields,
      }),
      'duplicate',
    );
    expect(again.message).toMatch(/already posted/);
    // Changing case and punctuation does not make it new.
    await expectRefused(
      guest.client.request({
        type: 'thread.create',
        key: TestClient.key(),
        board: freshBoard(),
        kind: 'question',
        title: 'IS THIS WATERPROOF',
        body: 'planning a rainy hike, next week!!',
      }),
      'duplicate',
    );
    expect(await postCount(s)).toBe(before);
    await guest.client.close();
  });

  it('refuses a reply its author already posted in the thread', async () => {
    const s = await site();
    const guest = await connectGuest(t, s, 'Echo');
    const { thread } = await ask(guest.client, freshBoard(), { title: 'Laces?', body: 'How long are the laces?' });
    await answer(guest.client, thread.id, 'About 120 cm I think.');
    await expectRefused(
      guest.client.request({
        type: 'post.create',
        key: TestClient.key(),
        threadId: thread.id,
        body: 'About 120 cm I think.',
      }),
      'duplicate',
    );
    await guest.client.close();
  });

  it('refuses the same text from another member on another board, but not on the same board or when short', async () => {
    const s = await site();
    const boardA = freshBoard();
    const boardB = freshBoard();
    const first = await connectGuest(t, s, 'First Bot');
    const second = await connectGuest(t, s, 'Second Bot');
    const text = 'Amazing offer for everyone who reads this board today';
    await ask(first.client, boardA, { title: 'Amazing offer', body: text });
    await expectRefused(
      second.client.request({
        type: 'thread.create',
        key: TestClient.key(),
        board: boardB,
        kind: 'discussion',
        title: 'Amazing offer',
        body: text,
      }),
      'duplicate',
    );
    // Two customers asking the same on one product page is not spam.
    const same = await ask(second.client, boardA, { title: 'Amazing offer', body: text });
    expect(same.post.status).toBe('visible');
    // Short replies are said by many.
    await answer(first.client, same.thread.id, 'Thanks!');
    const thanks = await answer(second.client, same.thread.id, 'Thanks!');
    expect(thanks.post.status).toBe('visible');
    // Replies too: the same reply in a thread of another board is refused, on the same board it is not.
    const echo = 'Everyone who replies here today gets a free pair of boots';
    const elsewhere = await ask(first.client, boardB, { title: 'Boots', body: 'Which boots for snow?' });
    await answer(first.client, same.thread.id, echo);
    await expectRefused(
      second.client.request({ type: 'post.create', key: TestClient.key(), threadId: elsewhere.thread.id, body: echo }),
      'duplicate',
    );
    const sameBoard = await answer(second.client, same.thread.id, echo);
    expect(sameBoard.post.status).toBe('visible');
    for (const v of [first, second]) await v.client.close();
  });

  it('checks a reply against the duplicate window stored when it is written, not the one its request read', async () => {
    // A write's request reads its site before the write's transaction: staff may change the policy in between.
    const s = await site({ duplicateWindowMinutes: 0 });
    const guest = await connectGuest(t, s, 'Between Reads');
    const { thread } = await ask(guest.client, freshBoard(), { title: 'Sizes?', body: 'Which size fits a 44 foot?' });
    const body = 'The 45 fits a 44 foot, I wear one myself.';
    const earlier = await answer(guest.client, thread.id, body);
    // Half an hour ago: inside a 60-minute window, outside a 10-minute one.
    await t.database.db
      .updateTable('posts')
      .set({ created_at: new Date(t.app.services.now().getTime() - 30 * 60_000) })
      .where('id', '=', earlier.post.id)
      .execute();
    /** Replies `body` again as a request that read the site just before its window was set to `minutes`. */
    const replyAfterChange = async (minutes: number) => {
      const { site: read, member } = await currentSiteAndMember(t.database.db, s.id, guest.me.id);
      if (!read || !member) throw new Error('the site and its guest are stored');
      const saved = await saveSitePolicy(t.database.db, s.id, {
        firstDayLimits: FIRST_DAY_OFF,
        duplicateWindowMinutes: minutes,
      });
      expect(saved.ok).toBe(true);
      return createReply(
        t.app.services,
        { site: read, member },
        { type: 'post.create', id: 'between-reads', key: TestClient.key(), threadId: thread.id, body },
      );
    };
    // Read with no window, written with 60 minutes: the earlier reply is a duplicate.
    await expect(replyAfterChange(60)).rejects.toMatchObject({ code: 'duplicate' });
    // Read with 60 minutes, written with 10: it is not.
    expect((await replyAfterChange(10)).post.status).toBe('visible');
    await guest.client.close();
  });

  it('lets the site turn duplicate detection off', async () => {
    const s = await site({ duplicateWindowMinutes: 0 });
    const guest = await connectGuest(t, s, 'Repeat Allowed');
    const board = freshBoard();
    await ask(guest.client, board, { title: 'Same again', body: 'Same body' });
    const again = await ask(guest.client, board, { title: 'Same again', body: 'Same body' });
    expect(again.post.status).toBe('visible');
    await guest.client.close();
  });
});

describe('pre-moderation and trust', () => {
  it('holds every first post when the site pre-moderates, until staff approve one', async () => {
    const s = await site({ premoderateFirstPosts: true });
    const board = freshBoard();
    const member = await connectMember(t, s, { sub: 'newbie', name: 'New Member' });
    const first = await ask(member.client, board, { title: 'Hello there', body: 'My first question.' });
    expect(first.post.status).toBe('pending');
    const second = await ask(member.client, board, { title: 'Me again', body: 'A second question.' });
    expect(second.post.status).toBe('pending');
    expect((await postRow(first.post.id)).hold_reason).toBe('first_post: first post of a new member');

    const staff = await connectStaff(t, s);
    const pending = await staff.client.ok({ type: 'staff.pending' });
    expect(pending.items.map((i) => i.post.id)).toEqual(expect.arrayContaining([first.post.id, second.post.id]));
    await staff.client.ok({
      type: 'staff.post.action',
      key: TestClient.key(),
      postId: first.post.id,
      action: 'approve',
    });

    const third = await ask(member.client, board, { title: 'Now trusted', body: 'A third question.' });
    expect(third.post.status).toBe('visible');
    for (const v of [member, staff]) await v.client.close();
  });

  it('does not hold a new member who already has a visible post when the site turns pre-moderation on', async () => {
    const s = await site();
    const board = freshBoard();
    const early = await connectMember(t, s, { sub: 'early', name: 'Early Member' });
    const { thread } = await ask(early.client, board, { title: 'Before the switch', body: 'Posted while open.' });
    expect(await trustLevel(early.me.id)).toBe(0);
    expect(
      await saveSitePolicy(t.database.db, s.id, { firstDayLimits: FIRST_DAY_OFF, premoderateFirstPosts: true }),
    ).toMatchObject({ ok: true });
    const reply = await answer(early.client, thread.id, 'Still here after the switch.');
    expect(reply.post.status).toBe('visible');
    const late = await connectMember(t, s, { sub: 'late', name: 'Late Member' });
    const held = await answer(late.client, thread.id, 'My first words here.');
    expect(held.post.status).toBe('pending');
    for (const v of [early, late]) await v.client.close();
  });

  it('promotes a member to trust level 1 after three approved posts, lifting the link limit', async () => {
    const s = await site();
    const board = freshBoard();
    const member = await connectMember(t, s, { sub: 'regular', name: 'Regular Member' });
    const { thread } = await ask(member.client, board, {
      title: 'Trail or road?',
      body: 'Which is better for gravel?',
    });
    await answer(member.client, thread.id, 'Answering my own question: trail.');
    expect(await trustLevel(member.me.id)).toBe(0);
    await answer(member.client, thread.id, 'Update after a week of running: still happy.');
    expect(await trustLevel(member.me.id)).toBe(1);
    const links = await answer(
      member.client,
      thread.id,
      'Reviews: https://a.example.com https://b.example.com https://c.example.com https://d.example.com',
    );
    expect(links.post.status).toBe('visible');
    await member.client.close();
  });

  it('does not count held posts towards trust', async () => {
    const s = await site({ trustAfterApprovedPosts: 1 });
    const guest = await connectGuest(t, s, 'Held Guest');
    await ask(guest.client, freshBoard(), { title: 'Link only', body: 'https://x.example.com' });
    expect(await trustLevel(guest.me.id)).toBe(0);
    await ask(guest.client, freshBoard(), { title: 'No link', body: 'Plain question.' });
    expect(await trustLevel(guest.me.id)).toBe(1);
    await guest.client.close();
  });

  it('lets staff post anything', async () => {
    const s = await site();
    const staff = await connectStaff(t, s, 'agent-spam', 'Support Agent');
    const { post } = await ask(staff.client, freshBoard(), {
      title: 'Our social links',
      body: 'Follow us: https://a.example.com https://b.example.com https://c.example.com — no need to buy followers!',
    });
    expect(post.status).toBe('visible');
    await staff.client.close();
  });
});

describe('edits', () => {
  it('takes a visible reply out of sight when an edit adds spam, and tells every page to drop it', async () => {
    const s = await site();
    const board = freshBoard();
    const asker = await connectGuest(t, s, 'Edit Asker');
    const { thread } = await ask(asker.client, board, { title: 'Warm enough?', body: 'For winter runs?' });
    const replier = await connectGuest(t, s, 'Sneaky Editor');
    const { post } = await answer(replier.client, thread.id, 'Yes, with wool socks.');
    const watcher = await reader(s, board);
    const edited = await replier.client.ok({
      type: 'post.edit',
      key: TestClient.key(),
      postId: post.id,
      body: 'Yes! Also buy instagram followers at our shop.',
    });
    expect(edited.post.status).toBe('pending');
    const removed = await eventOfKind(watcher.client, 'post.removed');
    expect(removed).toMatchObject({ event: { postId: post.id, thread: { replyCount: 0 } } });
    await flush(watcher.client);
    expect(JSON.stringify(watcher.client.events)).not.toContain('instagram followers');
    const opened = await asker.client.ok({ type: 'thread.open', threadId: thread.id });
    expect(opened.posts.map((p) => p.id)).not.toContain(post.id);
    for (const v of [asker, replier, watcher]) await v.client.close();
  });

  it('does not take an edit that keeps the text for a duplicate of the post itself', async () => {
    const s = await site();
    const author = await connectGuest(t, s, 'Careful Editor');
    const { thread } = await ask(author.client, freshBoard(), { title: 'Laces?', body: 'How long are the laces?' });
    const { post } = await answer(author.client, thread.id, 'About 120 cm, I measured them.');
    const edited = await author.client.ok({
      type: 'post.edit',
      key: TestClient.key(),
      postId: post.id,
      body: 'About 120 cm, I measured them.',
    });
    expect(edited.post).toMatchObject({ id: post.id, status: 'visible' });
    await author.client.close();
  });

  it('hides a whole thread when its opening post is edited into spam', async () => {
    const s = await site();
    const board = freshBoard();
    const author = await connectGuest(t, s, 'Thread Editor');
    const { thread, post } = await ask(author.client, board, { title: 'Honest question', body: 'Is it vegan?' });
    const watcher = await reader(s, board);
    await author.client.ok({
      type: 'post.edit',
      key: TestClient.key(),
      postId: post.id,
      body: 'Is it vegan? Also: https://a.example.com',
    });
    await eventOfKind(watcher.client, 'thread.removed');
    await assertInvisibleToCustomers(s, board, thread.id, watcher);
    for (const v of [author, watcher]) await v.client.close();
  });
});

describe('settings', () => {
  it('applies a policy saved through the settings function to the next post', async () => {
    const s = await site();
    const guest = await connectGuest(t, s, 'Settings Guest');
    const board = freshBoard();
    const held = await ask(guest.client, board, { title: 'One link', body: 'https://x.example.com' });
    expect(held.post.status).toBe('pending');
    const saved = await saveSitePolicy(t.database.db, s.id, { guestLinkLimit: 1, blockedWords: ['waffles'] });
    expect(saved).toMatchObject({ ok: true, policy: { guestLinkLimit: 1, memberLinkLimit: 2 } });
    const allowed = await ask(guest.client, board, { title: 'One link again', body: 'https://y.example.com' });
    expect(allowed.post.status).toBe('visible');
    const word = await ask(guest.client, board, { title: 'Breakfast', body: 'I love waffles' });
    expect(word.post.status).toBe('pending');
    await guest.client.close();
  });

  it('is read and changed by an owner through the moderation view’s settings, and applies at once', async () => {
    const s = await site();
    const owner = await connectModerator(t, s, await staffLogin(t, s, 'owner'));
    const before = await owner.ok({ type: 'staff.settings' });
    // The product defaults, but for the first-day limits, which test sites start without.
    expect(before.policy).toEqual({ ...DEFAULT_SITE_POLICY, firstDayLimits: FIRST_DAY_OFF });
    const after = await owner.ok({
      type: 'staff.settings.update',
      key: TestClient.key(),
      policy: { ...before.policy, guestLinkLimit: 3, blockedDomains: ['https://Rival.example/shop'] },
    });
    expect(after.policy).toMatchObject({ guestLinkLimit: 3, memberLinkLimit: 2, blockedDomains: ['rival.example'] });
    const guest = await connectGuest(t, s, 'Configured Guest');
    const board = freshBoard();
    const links = await ask(guest.client, board, {
      title: 'Three links',
      body: 'https://a.example.com https://b.example.com https://c.example.com',
    });
    expect(links.post.status).toBe('visible');
    const rival = await ask(guest.client, board, { title: 'Cheaper there', body: 'See www.rival.example for less' });
    expect(rival.post.status).toBe('pending');
    const pending = await owner.ok({ type: 'staff.pending' });
    expect(pending.items.find((i) => i.post.id === rival.post.id)?.holdReason).toBe(
      'blocked_domain: www.rival.example',
    );
    const refused = await owner.request({
      type: 'staff.settings.update',
      key: TestClient.key(),
      policy: { ...before.policy, reportThreshold: 0 },
    });
    expect(refused.ok ? 'accepted' : refused.error.message).toMatch(/^policy\.reportThreshold: /);
    await guest.client.close();
    await owner.close();
  });

  it('refuses invalid settings with a message that names the field', async () => {
    const s = await site();
    const saved = await saveSitePolicy(t.database.db, s.id, { reportThreshold: 0 });
    expect(saved).toMatchObject({
      ok: false,
      error: { code: 'invalid_message', message: expect.stringMatching(/^reportThreshold: /) },
    });
  });
});
