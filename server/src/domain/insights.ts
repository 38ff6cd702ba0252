/** How well a site (or one of its boards) answers its customers over a period. */
import type { InsightPeriod, InsightsResult } from '@booth/shared';
import type { Executor } from '../db/executor.js';
import {
  activeMembers,
  helpers,
  type InsightsScope,
  oldestUnanswered,
  questionFigures,
  questionsPerDay,
  unansweredTotals,
} from '../db/insights.queries.js';

const DAY_MS = 86_400_000;
const LEADERBOARD_SIZE = 10;
const OLDEST_SHOWN = 5;

/**
 * The period of `days` calendar days (UTC) that ends at `now`: it starts at midnight UTC
 * `days - 1` days before today, so the daily series has exactly `days` entries.
 */
export function insightsPeriod(now: Date, days: InsightPeriod): { from: Date; to: Date } {
  const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  return { from: new Date(today - (days - 1) * DAY_MS), to: now };
}

/** All figures of the insights view, as of `now`. */
export async function insights(
  db: Executor,
  site: { id: string },
  options: { board: string | null; days: InsightPeriod; now: Date },
): Promise<InsightsResult> {
  const { from, to } = insightsPeriod(options.now, options.days);
  const scope: InsightsScope = { siteId: site.id, board: options.board, from, to };
  const [figures, waiting, totals, active, leaders, series] = await Promise.all([
    questionFigures(db, scope),
    oldestUnanswered(db, scope, OLDEST_SHOWN),
    unansweredTotals(db, scope),
    activeMembers(db, scope),
    helpers(db, scope, LEADERBOARD_SIZE),
    questionsPerDay(db, scope),
  ]);
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    days: options.days,
    board: options.board,
    asked: figures.asked,
    answered: figures.answered,
    answeredByStaff: figures.answered_by_staff,
    answeredByCustomers: figures.answered_by_customers,
    firstStaffReply: {
      count: figures.staff_replied,
      medianSeconds: figures.median_seconds,
      p90Seconds: figures.p90_seconds,
    },
    oldestUnanswered: waiting.map((w) => ({
      threadId: w.id,
      board: w.board,
      title: w.title,
      createdAt: w.created_at.toISOString(),
      waitingSeconds: Math.max(0, Math.round((to.getTime() - w.created_at.getTime()) / 1000)),
    })),
    unanswered: totals,
    activeMembers: active,
    leaderboard: leaders.map((h) => ({
      member: { id: h.id, name: h.name, avatarUrl: h.avatar_url },
      acceptedAnswers: h.accepted,
      upvotes: h.upvotes,
    })),
    series,
  };
}
