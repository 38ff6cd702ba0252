import type { Role, SitePolicySettings } from '@booth/shared';
import type { Blocklist } from './blocklist.js';

/** Why a post was held for review; stored on the post as `reason: detail`. */
export type HoldReason = 'blocked_domain' | 'blocked_word' | 'links' | 'first_post';

/** What the spam policy decides about a new or edited post. */
export type Verdict =
  | { action: 'allow' }
  /** Store it, but only staff see it until they approve it; the author is told it waits for review. */
  | { action: 'hold'; reason: HoldReason; detail: string }
  /** Write nothing and answer with this error. */
  | { action: 'refuse'; code: 'duplicate'; detail: string };

export const ALLOW: Verdict = { action: 'allow' };

/** Everything the rules look at, loaded before they run so that every rule is a pure function. */
export interface PolicyContext {
  policy: SitePolicySettings;
  /** The site's own list, plus the built-in one when the policy uses it. */
  blocklists: readonly Blocklist[];
  author: {
    role: Role;
    guest: boolean;
    trustLevel: number;
    /**
     * Whether any earlier post of the author is visible (passed the policy or was approved).
     * Looked up only where it can matter, with pre-moderation of first posts on and the author
     * at trust level 0; false otherwise.
     */
    hasApprovedPost: boolean;
  };
  post: {
    /** Title and body, folded for matching. */
    folded: string;
    /** Links in the rendered post. */
    linkCount: number;
    /** Hosts the post links to. */
    linkedHosts: readonly string[];
    /** Those and host names written out in the text. */
    hosts: readonly string[];
  };
  /**
   * Recent posts with the same text, from the duplicate lookup: by the author anywhere on the
   * site, or by another member on another board (a spam run across product pages).
   */
  sameText: { byAuthor: boolean; byOthers: boolean };
}

/** One rule: a verdict when it applies, or undefined to leave the decision to the next rule. */
export type Phase = (ctx: PolicyContext) => Verdict | undefined;
