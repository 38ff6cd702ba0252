import type { Phase } from '../verdict.js';

/**
 * The same text again within the window is refused: by its author anywhere on the site (a
 * double submit or a repost to other boards), or by another member on another board (one
 * spammer, many names, many product pages). The lookup that filled `sameText` applied the
 * window and the minimum length.
 */
export const refuseDuplicates: Phase = (ctx) => {
  if (ctx.policy.duplicateWindowMinutes === 0) return undefined;
  if (ctx.sameText.byAuthor) return { action: 'refuse', code: 'duplicate', detail: 'same text by the same member' };
  if (ctx.sameText.byOthers) return { action: 'refuse', code: 'duplicate', detail: 'same text by another member' };
  return undefined;
};
