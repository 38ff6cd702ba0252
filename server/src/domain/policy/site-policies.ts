import { check, type ErrorBody, resolveSitePolicy, SitePolicySchema, type SitePolicySettings } from '@booth/shared';
import type { SiteRow } from '../../db/database.js';
import type { Executor } from '../../db/executor.js';
import { findSitePolicyColumns, updateSitePolicyColumns } from '../../db/policy.queries.js';

/** The complete policy stored in a site row (pre-moderation has its own column). */
export function sitePolicyOf(row: Pick<SiteRow, 'policy' | 'premoderate_first_posts'>): SitePolicySettings {
  return { ...resolveSitePolicy(row.policy), premoderateFirstPosts: row.premoderate_first_posts };
}

/** The columns of a site row that store a policy. */
export function policyColumns({ premoderateFirstPosts, ...stored }: SitePolicySettings) {
  return { policy: stored, premoderate_first_posts: premoderateFirstPosts };
}

/** The complete, current policy of a site, read from its row; the defaults for an unknown site. */
export async function loadSitePolicy(db: Executor, siteId: string): Promise<SitePolicySettings> {
  const row = await findSitePolicyColumns(db, siteId);
  return row ? sitePolicyOf(row) : resolveSitePolicy({});
}

/**
 * Validates and stores a site's policy, returning it complete; fields left out take their
 * defaults. The moderation view's settings form sends the whole object.
 *
 * @example
 * await saveSitePolicy(db, site.id, { memberLinkLimit: 5, blockedWords: ['casino'] });
 */
export async function saveSitePolicy(
  db: Executor,
  siteId: string,
  input: unknown,
): Promise<{ ok: true; policy: SitePolicySettings } | { ok: false; error: ErrorBody }> {
  const parsed = check(SitePolicySchema, input);
  if (!parsed.ok) return parsed;
  await updateSitePolicyColumns(db, siteId, policyColumns(parsed.value));
  return { ok: true, policy: parsed.value };
}

/**
 * Site policies cached for a moment, for checks that run on every request (rate limits) where
 * a query each time would be the cost a flood wants to impose. Writes read the policy afresh.
 */
export class SitePolicyCache {
  private readonly entries = new Map<string, { policy: Promise<SitePolicySettings>; until: number }>();

  constructor(
    private readonly db: Executor,
    /** How long a read policy is used, in ms; changes reach every node within this time. */
    private readonly ttlMs = 2000,
  ) {}

  get(siteId: string, now: number = Date.now()): Promise<SitePolicySettings> {
    const cached = this.entries.get(siteId);
    if (cached && cached.until > now) return cached.policy;
    if (this.entries.size > 10_000) this.entries.clear();
    const policy = loadSitePolicy(this.db, siteId);
    this.entries.set(siteId, { policy, until: now + this.ttlMs });
    // A failed read is not remembered.
    policy.catch(() => this.entries.delete(siteId));
    return policy;
  }

  /** Drops the cached policy of a site, e.g. right after its settings changed on this node. */
  forget(siteId: string): void {
    this.entries.delete(siteId);
  }
}
