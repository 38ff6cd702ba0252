/**
 * The public answer badge: "Acme answers 92% of questions, most within 3 hours", from the last
 * 30 days of the site's insights. Shared so the widget and the server's SVG say the same thing.
 */
import * as v from 'valibot';
import { RequestId } from './fields.js';

/** How the badge is computed (docs/faq-and-badge.md). */
export const BADGE_RULES = {
  /** The insights period it reads, in days. */
  days: 30,
  /** Below this many questions asked in the period the badge stays hidden. */
  minQuestions: 10,
} as const;

/** The site's answer badge, if the site shows one and has enough questions for it. */
export const BadgeMessage = v.strictObject({ type: v.literal('badge'), id: RequestId });

export const BADGE_MESSAGES = [BadgeMessage] as const;

export interface AnswerBadge {
  /** The site's name, as the badge says it. */
  site: string;
  /** Questions asked in the period. */
  asked: number;
  /** Share of them answered (accepted answer, or marked answered), in whole percent. */
  percent: number;
  /** Median time to the first staff reply, in seconds; null when staff replied to none. */
  medianSeconds: number | null;
}

export interface BadgeResultMap {
  badge: { badge: AnswerBadge | null };
}

/**
 * The "most within" figure: the median first staff reply rounded up to whole minutes under an
 * hour, whole hours under two days, else whole days. Rounding up keeps the claim true: at least
 * half the first replies came within it.
 */
export function badgeWithin(seconds: number): { unit: 'minutes' | 'hours' | 'days'; count: number } {
  if (seconds <= 3600) return { unit: 'minutes', count: Math.max(1, Math.ceil(seconds / 60)) };
  if (seconds <= 48 * 3600) return { unit: 'hours', count: Math.ceil(seconds / 3600) };
  return { unit: 'days', count: Math.ceil(seconds / 86_400) };
}

/** The catalog keys of the badge's words, the same in the widget's and the server's catalogs. */
export type BadgeKey = 'badge.answers' | 'badge.answersWithin' | 'badge.minutes' | 'badge.hours' | 'badge.days';

/** The badge's sentence, in the words `say` looks up in a catalog. */
export function badgeSentence(
  badge: AnswerBadge,
  say: (key: BadgeKey, params: Record<string, string | number>) => string,
): string {
  const params = { site: badge.site, percent: badge.percent };
  if (badge.medianSeconds === null) return say('badge.answers', params);
  const within = badgeWithin(badge.medianSeconds);
  return say('badge.answersWithin', { ...params, within: say(`badge.${within.unit}`, { count: within.count }) });
}
