import type { Phase } from '../verdict.js';

/**
 * A customer's links to one domain are counted across their posts of the last 24 hours, so a
 * link run spread over many posts (one link each, under the per-post limit, and enough posts to
 * be trusted) is held like one post full of links. Links to the site's own pages do not count.
 */
export const holdLinkRuns: Phase = (ctx) => {
  const limit = ctx.policy.linksPerDomainPerDay;
  if (limit === 0 || !ctx.recent) return undefined;
  const own = (host: string) => ctx.ownHosts.some((h) => host === h || host.endsWith(`.${h}`));
  for (const [host, here] of ctx.post.linksByHost) {
    if (own(host)) continue;
    const total = here + (ctx.recent.linksByHost.get(host) ?? 0);
    if (total > limit) {
      return { action: 'hold', reason: 'links', detail: `${total} links to ${host} in 24 hours, limit ${limit}` };
    }
  }
  return undefined;
};
