/**
 * The public answer badge: from the last 30 days of the site's insights, the share of questions
 * answered and the median time to the first staff reply. Hidden while the site has it off or
 * asked fewer than `BADGE_RULES.minQuestions` questions in the period.
 */
import { type AnswerBadge, BADGE_RULES, badgeSentence, type Translator } from '@booth/shared';
import type { SiteRow } from '../db/database.js';
import type { Executor } from '../db/executor.js';
import { questionFigures } from '../db/insights.queries.js';
import { insightsPeriod } from './insights.js';

/** Where a site's badge SVG is served. */
export function answerBadgeUrl(publicUrl: string, siteKey: string): string {
  return `${publicUrl.replace(/\/$/, '')}/b/${encodeURIComponent(siteKey)}/answers.svg`;
}

/** The site's badge as of `now`, or null while it is off or the period has too few questions. */
export async function answerBadge(
  db: Executor,
  site: Pick<SiteRow, 'id' | 'name' | 'answer_badge'>,
  now: Date,
): Promise<AnswerBadge | null> {
  if (!site.answer_badge) return null;
  const { from, to } = insightsPeriod(now, BADGE_RULES.days);
  const figures = await questionFigures(db, { siteId: site.id, board: null, from, to });
  if (figures.asked < BADGE_RULES.minQuestions) return null;
  return {
    site: site.name,
    asked: figures.asked,
    percent: Math.round((100 * figures.answered) / figures.asked),
    medianSeconds: figures.median_seconds,
  };
}

/** The badge's sentence in the site's language. */
export function badgeText(badge: AnswerBadge, t: Translator): string {
  return badgeSentence(badge, (key, params) => t.t(key, params));
}
