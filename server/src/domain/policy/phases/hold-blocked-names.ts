import { findBlockedPhrase } from '../blocklist.js';
import type { Phase } from '../verdict.js';

/** A blocked word in the author's display name ("viagra-test-123") holds the post, whatever it says. */
export const holdBlockedNames: Phase = (ctx) => {
  if (ctx.author.foldedName.length === 0) return undefined;
  for (const list of ctx.blocklists) {
    const phrase = findBlockedPhrase(list, ctx.author.foldedName);
    if (phrase) return { action: 'hold', reason: 'blocked_name', detail: `the author's name contains "${phrase}"` };
  }
  return undefined;
};
