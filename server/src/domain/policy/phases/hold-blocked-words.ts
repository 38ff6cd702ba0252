import { findBlockedPhrase } from '../blocklist.js';
import type { Phase } from '../verdict.js';

/** A blocked word or phrase in the title or body holds the post, whoever the author. */
export const holdBlockedWords: Phase = (ctx) => {
  for (const list of ctx.blocklists) {
    const phrase = findBlockedPhrase(list, ctx.post.folded);
    if (phrase) return { action: 'hold', reason: 'blocked_word', detail: phrase };
  }
  return undefined;
};
