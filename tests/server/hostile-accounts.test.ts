/**
 * New accounts and the spam policy's signals: first-day limits per trust level, links to one
 * domain counted across a member's posts, spam words in display names, and posts typed
 * impossibly fast. Time is the server's injected clock.
 */
import { DEFAULT_SITE_POLICY, type PendingPost } from '@booth/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteRow } from '../../server/src/db/database.js';
import { connectModerator, staffLogin } from '../helpers/staff-session.js';
import { createTestSite, signSso, startTestApp, type TestApp } from '../helpers/test-app.js';
import { TestClient } from '../helpers/ws-client.js';

let t: TestApp;
let site: SiteRow;
let clock = new Date('2026-06-01T09:00:00.000Z');
const clients: TestClient[] = [];
const off = { member: 0, ip: 0, site: 0 };

beforeAll(async () => {
  t = await startTestApp({ live: { now: () => clock } });
  // The product's first-day limits; per-minute limits off, so only the first day can stop a member.
  site = await createTestSite(t.database, {
    policy: {
      firstDayLimits: DEFAULT_SITE_POLICY.firstDayLimits,
      rateLimits: { posts: off, writes: off, signIns: { ip: 0, site: 0 } },
    },
  });
});

afterAll(async () => {
  for (const c of clients) await c.close();
  await t?.close();
});

async function member(sub: string, name = 'Robin Customer'): Promise<TestClient> {
  const client = await TestClient.connect(t.wsUrl(site));
  await client.ok({ type: 'hello', sso: await signSso(site, { sub, name }, { now: clock }) });
  clients.push(client);
  return client;
}

async function thread(client: TestClient, title: string, extra: Record<string, unknown> = {}) {
  return client.request({
    type: 'thread.create',
    key: TestClient.key(),
    board: 'help',
    kind: 'discussion',
    title,
    body: `${title}, in a few more words.`,
    ...extra,
  });
}

async function reply(client: TestClient, threadId: string, body: string, extra: Record<string, unknown> = {}) {
  return client.request({ type: 'post.create', key: TestClient.key(), threadId, body, ...extra });
}

const later = (ms: number) => {
  clock = new Date(clock.getTime() + ms);
};

/** The Pending queue as staff see it: held post ids and the reason shown for each. */
async function heldReasons(): Promise<Map<string, string | null>> {
  // Signed in afresh: the tests move the clock past a session's life.
  const moderator = await connectModerator(t, site, await staffLogin(t, site, 'owner'));
  await moderator.ok({ type: 'staff.subscribe' });
  const { items } = await moderator.ok({ type: 'staff.pending' });
  await moderator.close();
  return new Map(items.map((i: PendingPost) => [i.post.id, i.holdReason]));
}

describe('first-day limits', () => {
  it('stops a new SSO member’s 11th reply of the day, 6.5 s apart, until the day is over', async () => {
    const host = await member('host-1');
    const topic = await thread(host, 'Which size for a long torso?');
    if (!topic.ok) throw new Error(topic.error.message);
    const newcomer = await member('newcomer-1', 'Kim');
    const outcomes = [];
    for (let i = 1; i <= 12; i++) {
      later(6_500);
      outcomes.push(await reply(newcomer, topic.result.thread.id, `Reply number ${i} about sizes`));
    }
    // The 10th is the last the first day allows.
    expect(outcomes.slice(0, 10).every((o) => o.ok)).toBe(true);
    for (const refused of outcomes.slice(10)) {
      expect(refused.ok).toBe(false);
      if (refused.ok) continue;
      expect(refused.error.code).toBe('rate_limited');
      expect(refused.error.message).toMatch(/10 replies on their first day/);
      // Until 24 hours after the first reply, on the server's clock.
      expect(refused.error.retryAfterMs).toBeGreaterThan(23 * 3_600_000);
    }
    later(24 * 3_600_000);
    expect((await reply(newcomer, topic.result.thread.id, 'A day later, one more')).ok).toBe(true);
  });

  it('lets a new member start 3 threads on their first day, not 4', async () => {
    const newcomer = await member('newcomer-2', 'Lee');
    const outcomes = [];
    for (let i = 1; i <= 4; i++) outcomes.push(await thread(newcomer, `Question ${i} about the tent`));
    expect(outcomes.map((o) => o.ok)).toEqual([true, true, true, false]);
    const last = outcomes[3];
    expect(last?.ok ? null : last?.error.code).toBe('rate_limited');
  });
});

describe('spam signals', () => {
  it('holds a post by an author whose name carries a spam word, and says so in the Pending queue', async () => {
    const spammer = await member('spam-1', 'viagra-test-123');
    const plain = await thread(spammer, 'buy cheap online now');
    const issue = await thread(spammer, 'buy viagra cheap online now');
    expect(plain.ok && plain.result.thread.status).toBe('hidden');
    expect(issue.ok && issue.result.thread.status).toBe('hidden');
    const reasons = await heldReasons();
    if (!plain.ok) throw new Error('refused');
    expect(reasons.get(plain.result.thread.rootPostId)).toBe('blocked_name: the author\'s name contains "viagra"');
    // A name that only looks close is fine.
    const honest = await member('honest-1', 'Vi Agrawal');
    const fine = await thread(honest, 'Does the tent fit two?');
    expect(fine.ok && fine.result.thread.status).toBe('open');
  });

  it('counts links to one domain across a member’s posts of the day', async () => {
    const host = await member('host-2');
    const topic = await thread(host, 'Where to buy spare pegs?');
    if (!topic.ok) throw new Error(topic.error.message);
    const linker = await member('linker-1', 'Pat');
    const posts = [];
    for (let i = 1; i <= 4; i++) {
      later(60_000);
      posts.push(
        await reply(linker, topic.result.thread.id, `Try [this shop](https://pegs.promo.example/p${i}) (${i})`),
      );
    }
    // Three links to the domain in a day are fine; the fourth, in its own post, is held.
    expect(posts.slice(0, 3).map((p) => p.ok && p.result.post.status)).toEqual(['visible', 'visible', 'visible']);
    const fourth = posts[3];
    if (!fourth?.ok) throw new Error('refused');
    expect(fourth.result.post.status).toBe('pending');
    expect((await heldReasons()).get(fourth.result.post.id)).toBe(
      'links: 4 links to pegs.promo.example in 24 hours, limit 3',
    );
    // Links to the brand's own site do not add up.
    const helper = await member('helper-1', 'Jo');
    for (let i = 1; i <= 5; i++) {
      later(60_000);
      const own = await reply(
        helper,
        topic.result.thread.id,
        `See [the guide](https://brand.example/guide/${i}) part ${i}`,
      );
      expect(own.ok && own.result.post.status).toBe('visible');
    }
  });

  it('holds a post typed impossibly fast only together with another signal', async () => {
    const host = await member('host-3');
    const topic = await thread(host, 'How do I reproof the fly?');
    if (!topic.ok) throw new Error(topic.error.message);
    // A first post typed in 0.8 s: held.
    const bot = await member('fast-1', 'Quinn');
    const first = await reply(bot, topic.result.thread.id, 'Great question, I had this too', { composeMs: 800 });
    if (!first.ok) throw new Error('refused');
    expect(first.result.post.status).toBe('pending');
    expect((await heldReasons()).get(first.result.post.id)).toBe('typed_fast: written in 0.8 s, first post');

    const person = await member('fast-2', 'Ray');
    expect((await reply(person, topic.result.thread.id, 'Use a spray-on proofer.', { composeMs: 9_000 })).ok).toBe(
      true,
    );
    // A link typed in 0.9 s by a new member: held.
    const fast = await reply(person, topic.result.thread.id, 'Or [that one](https://proof.example/b)', {
      composeMs: 900,
    });
    if (!fast.ok) throw new Error('refused');
    expect(fast.result.post.status).toBe('pending');
    expect((await heldReasons()).get(fast.result.post.id)).toBe('typed_fast: written in 0.9 s, 1 link');
    // Fast, but no link and not a first post: shown (people paste).
    const pasted = await reply(person, topic.result.thread.id, 'Then let it dry for a day.', { composeMs: 700 });
    expect(pasted.ok && pasted.result.post.status).toBe('visible');
    // A link written at a human pace: shown.
    const slow = await reply(person, topic.result.thread.id, 'Like [this one](https://proof.example/a)', {
      composeMs: 12_000,
    });
    expect(slow.ok && slow.result.post.status).toBe('visible');
    // Without a measurement the signal is simply absent.
    const unmeasured = await reply(person, topic.result.thread.id, 'And [one more](https://other.example/c)');
    expect(unmeasured.ok && unmeasured.result.post.status).toBe('visible');
  });

  it('refuses a composing time that is not a whole number of milliseconds', async () => {
    const client = await member('fast-3', 'Sky');
    for (const composeMs of [-1, 1.5, '800', 1e12]) {
      const refused = await thread(client, 'Is this valid?', { composeMs });
      expect(refused.ok ? null : refused.error.code).toBe('invalid_message');
    }
  });
});
