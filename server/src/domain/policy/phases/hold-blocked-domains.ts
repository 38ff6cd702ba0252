import { findBlockedDomain, findBlockedHostFragment } from '../blocklist.js';
import type { Phase } from '../verdict.js';

/** A link to (or a written-out name of) a blocked domain holds the post, whoever the author. */
export const holdBlockedDomains: Phase = (ctx) => {
  for (const list of ctx.blocklists) {
    const host = findBlockedDomain(list, ctx.post.hosts) ?? findBlockedHostFragment(list, ctx.post.linkedHosts);
    if (host) return { action: 'hold', reason: 'blocked_domain', detail: host };
  }
  return undefined;
};
