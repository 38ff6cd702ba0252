import type { Phase } from '../verdict.js';

/**
 * A post typed impossibly fast (the widget measures composing time) is one signal of a script,
 * never enough alone: people paste. It holds a new member's post only with another signal, a
 * link or it being their first post.
 */
export const holdTypedFast: Phase = (ctx) => {
  const min = ctx.policy.minComposeSeconds * 1000;
  const ms = ctx.post.composeMs;
  if (min === 0 || ms === null || ms >= min || ctx.post.kind === 'edit' || ctx.author.trustLevel > 0) return undefined;
  const also = [
    ...(ctx.post.linkCount > 0 ? [`${ctx.post.linkCount} ${ctx.post.linkCount === 1 ? 'link' : 'links'}`] : []),
    ...(ctx.recent && !ctx.recent.hasEarlierPost ? ['first post'] : []),
  ];
  if (also.length === 0) return undefined;
  return { action: 'hold', reason: 'typed_fast', detail: `written in ${(ms / 1000).toFixed(1)} s, ${also.join(', ')}` };
};
