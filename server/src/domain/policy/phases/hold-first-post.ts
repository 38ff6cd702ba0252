import type { Phase } from '../verdict.js';

/** With pre-moderation on, a new member's posts wait for review until one has been approved. */
export const holdFirstPost: Phase = (ctx) => {
  if (!ctx.policy.premoderateFirstPosts) return undefined;
  if (ctx.author.trustLevel > 0 || ctx.author.hasApprovedPost) return undefined;
  return { action: 'hold', reason: 'first_post', detail: 'first post of a new member' };
};
