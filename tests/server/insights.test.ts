/**
 * Insights over a seeded site whose every write happened at a known time (the services clock is
 * moved before each request). The expected figures are computed here from the seed plan alone.
 */
import { INSIGHT_PERIODS, type InsightPeriod, type InsightsResult } from '@booth/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SiteRow } from '../../server/src/db/database.js';
import { relaxLimits } from '../helpers/relaxed-site.js';
import { createTestSite, signSso, startTestApp, type TestApp } from '../helpers/test-app.js';
import { TestClient } from '../helpers/ws-client.js';

const MIN = 60_000;
const DAY = 86_400_000;
// A fixed instant, early afternoon UTC: the day boundaries of the series are part of what is
// checked, and nothing here depends on the wall clock, the date or the time zone.
const NOW = new Date('2026-06-17T13:17:00Z');
let clock = NOW;

type Role = 'staff' | 'customer';
interface AnswerPlan {
  by: string;
  role: Role;
  afterMin: number;
}
interface QuestionPlan {
  name: string;
  board: 'a' | 'b';
  daysAgo: number;
  asker: string;
  replies: AnswerPlan[];
  /** Index into replies of the accepted one, accepted `acceptAfterMin` after asking. */
  accept?: { reply: number; afterMin: number };
  hiddenByAuthor?: boolean;
  kind?: 'question' | 'discussion';
}

const PLAN: QuestionPlan[] = [
  {
    name: 'q1',
    board: 'a',
    daysAgo: 0.3,
    asker: 'a1',
    replies: [{ by: 'staff', role: 'staff', afterMin: 30 }],
    accept: { reply: 0, afterMin: 40 },
  },
  {
    name: 'q2',
    board: 'a',
    daysAgo: 1.2,
    asker: 'a2',
    replies: [
      { by: 'c1', role: 'customer', afterMin: 10 },
      { by: 'staff', role: 'staff', afterMin: 120 },
    ],
    accept: { reply: 0, afterMin: 200 },
  },
  { name: 'q3', board: 'b', daysAgo: 2.5, asker: 'a3', replies: [{ by: 'staff', role: 'staff', afterMin: 15 }] },
  { name: 'q4', board: 'a', daysAgo: 3.1, asker: 'a4', replies: [] },
  {
    name: 'q5',
    board: 'b',
    daysAgo: 5.9,
    asker: 'a5',
    replies: [
      { by: 'c2', role: 'customer', afterMin: 60 },
      { by: 'staff', role: 'staff', afterMin: 1000 },
    ],
    accept: { reply: 0, afterMin: 90 },
  },
  { name: 'q6', board: 'a', daysAgo: 6.4, asker: 'a6', replies: [{ by: 'staff', role: 'staff', afterMin: 45 }] },
  {
    name: 'q7',
    board: 'a',
    daysAgo: 10,
    asker: 'a7',
    replies: [{ by: 'staff', role: 'staff', afterMin: 300 }],
    accept: { reply: 0, afterMin: 400 },
  },
  { name: 'q8', board: 'b', daysAgo: 20, asker: 'a8', replies: [{ by: 'c1', role: 'customer', afterMin: 5 }] },
  {
    name: 'q9',
    board: 'a',
    daysAgo: 45,
    asker: 'a9',
    replies: [
      { by: 'c1', role: 'customer', afterMin: 20 },
      { by: 'staff', role: 'staff', afterMin: 2000 },
    ],
    accept: { reply: 0, afterMin: 30 },
  },
  { name: 'q10', board: 'a', daysAgo: 80, asker: 'a10', replies: [] },
  { name: 'q11', board: 'b', daysAgo: 120, asker: 'a11', replies: [{ by: 'staff', role: 'staff', afterMin: 60 }] },
  {
    name: 'd1',
    board: 'a',
    daysAgo: 1,
    asker: 'a12',
    replies: [{ by: 'c3', role: 'customer', afterMin: 5 }],
    kind: 'discussion',
  },
  { name: 'h1', board: 'a', daysAgo: 2, asker: 'a13', replies: [], hiddenByAuthor: true },
];
/**
 * Up-votes: voter → [question name, reply index, days ago it was cast], oldest first. Insights
 * count a vote in the period it was cast, whatever the reply's age: the votes on q8's 20-day-old
 * reply fall in the 7-day and 30-day periods respectively.
 */
const VOTES: Array<[string, string, number, number]> = [
  ['a4', 'q8', 0, 12],
  ['c3', 'q5', 0, 5.5],
  ['a3', 'q8', 0, 2],
  ['c1', 'q5', 0, 0],
  ['a5', 'q2', 0, 0],
  ['c3', 'q2', 0, 0],
  ['staff', 'q8', 0, 0],
  ['a1', 'q5', 0, 0],
  ['a2', 'q5', 0, 0],
];

let t: TestApp;
let site: SiteRow;
const clients = new Map<string, TestClient>();
const memberIds = new Map<string, string>();
const threadIds = new Map<string, string>();
const replyIds = new Map<string, string[]>();

async function as(name: string): Promise<TestClient> {
  const existing = clients.get(name);
  if (existing) return existing;
  const client = await TestClient.connect(t.wsUrl(site));
  const role = name === 'staff' ? 'staff' : undefined;
  const hello = await client.ok({
    type: 'hello',
    sso: await signSso(site, { sub: `ext-${name}`, name: `Member ${name}`, ...(role ? { role } : {}) }, { now: clock }),
  });
  memberIds.set(name, hello.me?.id as string);
  clients.set(name, client);
  return client;
}

const at = (q: QuestionPlan, afterMin = 0) => new Date(NOW.getTime() - q.daysAgo * DAY + afterMin * MIN);

beforeAll(async () => {
  t = await startTestApp({ live: { now: () => clock }, webhooks: { enabled: false } });
  site = await createTestSite(t.database);
  await relaxLimits(t.database, site.id);
  for (const q of PLAN) {
    clock = at(q);
    const asker = await as(q.asker);
    const { thread } = await asker.ok({
      type: 'thread.create',
      key: TestClient.key(),
      board: q.board,
      kind: q.kind ?? 'question',
      title: `Question ${q.name}`,
      body: `Body of ${q.name}`,
    });
    threadIds.set(q.name, thread.id);
    const ids: string[] = [];
    // Replies and the acceptance, in time order.
    const steps = [
      ...q.replies.map((r, i) => ({ min: r.afterMin, run: async () => reply(q, r, i, ids, thread.id) })),
      ...(q.accept ? [{ min: q.accept.afterMin, run: async () => accept(q, ids, thread.id) }] : []),
    ].sort((x, y) => x.min - y.min);
    for (const step of steps) {
      clock = at(q, step.min);
      await step.run();
    }
    replyIds.set(q.name, ids);
    if (q.hiddenByAuthor) {
      clock = at(q, 1);
      await asker.ok({ type: 'post.delete', key: TestClient.key(), postId: thread.rootPostId });
    }
  }
  for (const [voter, q, i, daysAgo] of VOTES) {
    clock = new Date(NOW.getTime() - daysAgo * DAY);
    const postId = replyIds.get(q)?.[i] as string;
    await (await as(voter)).ok({ type: 'vote', key: TestClient.key(), postId, value: 1 });
  }
  clock = NOW;
});

async function reply(q: QuestionPlan, r: AnswerPlan, i: number, ids: string[], threadId: string): Promise<void> {
  const { post } = await (await as(r.by)).ok({
    type: 'post.create',
    key: TestClient.key(),
    threadId,
    body: `Reply ${i} to ${q.name}`,
  });
  ids[i] = post.id;
}

async function accept(q: QuestionPlan, ids: string[], threadId: string): Promise<void> {
  await (await as(q.asker)).ok({
    type: 'thread.accept',
    key: TestClient.key(),
    threadId,
    postId: ids[q.accept?.reply as number] as string,
  });
}

afterAll(async () => {
  for (const c of clients.values()) await c.close();
  await t?.close();
});

// ---- The expected figures, from the plan alone ----

function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const pos = p * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (pos - lo);
}

function expected(days: InsightPeriod, board: 'a' | 'b' | null) {
  const from = new Date(Math.floor(NOW.getTime() / DAY) * DAY - (days - 1) * DAY);
  const inPeriod = (d: Date) => d >= from && d <= NOW;
  const scoped = PLAN.filter((q) => board === null || q.board === board);
  const questions = scoped.filter((q) => (q.kind ?? 'question') === 'question' && !q.hiddenByAuthor);
  const asked = questions.filter((q) => inPeriod(at(q)));
  const answered = asked.filter((q) => q.accept);
  const role = (q: QuestionPlan) => q.replies[q.accept?.reply as number]?.role;
  const firstStaff = (q: QuestionPlan) => {
    const mins = q.replies.filter((r) => r.role === 'staff').map((r) => r.afterMin);
    return mins.length ? Math.min(...mins) : null;
  };
  const waits = asked
    .map(firstStaff)
    .filter((m): m is number => m !== null)
    .map((m) => m * 60)
    .sort((x, y) => x - y);

  const active = new Set<string>();
  for (const q of scoped) {
    if (inPeriod(at(q)) && !q.hiddenByAuthor) active.add(q.asker);
    for (const r of q.replies) if (inPeriod(at(q, r.afterMin))) active.add(r.by);
  }

  const board2 = new Map<string, { accepted: number; upvotes: number }>();
  const bump = (who: string, key: 'accepted' | 'upvotes') => {
    const row = board2.get(who) ?? { accepted: 0, upvotes: 0 };
    row[key]++;
    board2.set(who, row);
  };
  for (const q of scoped) {
    if (q.accept && inPeriod(at(q, q.accept.afterMin))) {
      const r = q.replies[q.accept.reply] as AnswerPlan;
      if (r.role === 'customer') bump(r.by, 'accepted');
    }
  }
  for (const [, qn, i, daysAgo] of VOTES) {
    const q = scoped.find((x) => x.name === qn);
    const r = q?.replies[i];
    if (q && r && r.role === 'customer' && inPeriod(new Date(NOW.getTime() - daysAgo * DAY))) bump(r.by, 'upvotes');
  }
  const leaderboard = [...board2.entries()]
    .sort(
      ([an, a], [bn, b]) =>
        b.accepted - a.accepted || b.upvotes - a.upvotes || `Member ${an}`.localeCompare(`Member ${bn}`),
    )
    .map(([who, r]) => ({ member: memberIds.get(who), acceptedAnswers: r.accepted, upvotes: r.upvotes }));

  const unanswered = questions
    .filter((q) => !q.accept)
    .sort((x, y) => y.daysAgo - x.daysAgo)
    .slice(0, 5)
    .map((q) => ({ threadId: threadIds.get(q.name), waitingSeconds: Math.round((q.daysAgo * DAY) / 1000) }));

  const series: Array<{ day: string; asked: number; answered: number }> = [];
  for (let d = from.getTime(); d <= NOW.getTime(); d += DAY) {
    const day = new Date(d).toISOString().slice(0, 10);
    const that = asked.filter((q) => at(q).toISOString().slice(0, 10) === day);
    series.push({ day, asked: that.length, answered: that.filter((q) => q.accept).length });
  }

  return {
    from: from.toISOString(),
    asked: asked.length,
    answered: answered.length,
    answeredByStaff: answered.filter((q) => role(q) === 'staff').length,
    answeredByCustomers: answered.filter((q) => role(q) === 'customer').length,
    firstStaffReply: { count: waits.length, medianSeconds: percentile(waits, 0.5), p90Seconds: percentile(waits, 0.9) },
    activeMembers: active.size,
    leaderboard,
    unanswered,
    series,
  };
}

function actual(r: InsightsResult) {
  return {
    from: r.from,
    asked: r.asked,
    answered: r.answered,
    answeredByStaff: r.answeredByStaff,
    answeredByCustomers: r.answeredByCustomers,
    firstStaffReply: r.firstStaffReply,
    activeMembers: r.activeMembers,
    leaderboard: r.leaderboard.map((h) => ({
      member: h.member.id,
      acceptedAnswers: h.acceptedAnswers,
      upvotes: h.upvotes,
    })),
    unanswered: r.oldestUnanswered.map((w) => ({ threadId: w.threadId, waitingSeconds: w.waitingSeconds })),
    series: r.series,
  };
}

describe('insights', () => {
  for (const days of INSIGHT_PERIODS) {
    for (const board of [null, 'a', 'b'] as const) {
      it(`match figures computed from the seed plan: ${days} days, ${board ? `board ${board}` : 'whole site'}`, async () => {
        const staff = await as('staff');
        const result = await staff.ok({ type: 'insights', days, ...(board ? { board } : {}) });
        expect(result.days).toBe(days);
        expect(result.to).toBe(NOW.toISOString());
        expect(result.series).toHaveLength(days);
        const want = expected(days, board);
        expect(actual(result)).toEqual(want);
        // Also sanity-check the seed itself, so an empty expectation cannot pass silently.
        if (days === 90 && board === null) {
          expect(want.asked).toBe(10);
          expect(want.answered).toBe(5);
          expect(want.leaderboard.length).toBeGreaterThan(1);
          expect(want.firstStaffReply.count).toBeGreaterThan(3);
        }
      });
    }
  }

  it('is for staff of the site only', async () => {
    const customer = await as('c1');
    const refused = await customer.request({ type: 'insights', days: 7 });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.code).toBe('forbidden');
    const anonymous = await TestClient.connect(t.wsUrl(site));
    const anon = await anonymous.request({ type: 'insights', days: 7 });
    if (!anon.ok) expect(anon.error.code).toBe('auth_required');
    expect(anon.ok).toBe(false);
    await anonymous.close();

    const otherSite = await createTestSite(t.database);
    const otherStaff = await TestClient.connect(t.wsUrl(otherSite));
    await otherStaff.ok({
      type: 'hello',
      sso: await signSso(otherSite, { sub: 'x', name: 'Other Staff', role: 'staff' }, { now: clock }),
    });
    const theirs = await otherStaff.ok({ type: 'insights', days: 90 });
    expect(theirs.asked).toBe(0);
    expect(theirs.oldestUnanswered).toEqual([]);
    await otherStaff.close();
  });

  it('refuses periods other than 7, 30 and 90 days', async () => {
    const staff = await as('staff');
    const bad = await staff.request({ type: 'insights', days: 14 as 7 });
    expect(bad.ok).toBe(false);
  });
});
