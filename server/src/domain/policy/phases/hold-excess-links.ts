import type { Phase } from '../verdict.js';

/**
 * New members (trust level 0) may post only a few links (pictures count as links); more holds
 * the post until staff look.
 */
export const holdExcessLinks: Phase = (ctx) => {
  if (ctx.author.trustLevel > 0) return undefined;
  const limit = ctx.author.guest ? ctx.policy.guestLinkLimit : ctx.policy.memberLinkLimit;
  if (ctx.post.linkCount <= limit) return undefined;
  return { action: 'hold', reason: 'links', detail: `${ctx.post.linkCount} links, limit ${limit}` };
};
