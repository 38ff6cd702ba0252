import type { Phase } from '../verdict.js';

/**
 * In their first day (24 hours from their first post), members may start only so many threads
 * and replies, by trust level, as Discourse limits new users: a new account cannot flood a board
 * before anyone has seen what it posts. More are refused until the day is over.
 */
export const refuseFirstDayExcess: Phase = (ctx) => {
  const day = ctx.recent?.firstDay;
  if (!day || ctx.post.kind === 'edit' || ctx.author.trustLevel > 1) return undefined;
  const limits = ctx.author.trustLevel === 0 ? ctx.policy.firstDayLimits.level0 : ctx.policy.firstDayLimits.level1;
  const [count, limit, noun] =
    ctx.post.kind === 'thread'
      ? [day.threads, limits.threads, 'threads' as const]
      : [day.replies, limits.replies, 'replies' as const];
  if (limit === 0 || count < limit) return undefined;
  const retryAfterMs = Math.max(1000, day.endsAt.getTime() - ctx.now.getTime());
  const hours = Math.ceil(retryAfterMs / 3_600_000);
  return {
    action: 'refuse',
    code: 'rate_limited',
    detail: `first day: ${count} ${noun}, limit ${limit}`,
    said: { key: `refusal.firstDay.${noun}`, params: { limit, count: hours } },
    retryAfterMs,
  };
};
