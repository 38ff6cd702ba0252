import type { Role, SitePolicySettings } from '@booth/shared';
import type { Said } from '../domain-error.js';
import type { Blocklist } from './blocklist.js';

/** Why a post was held for review; stored on the post as `reason: detail`. */
export type HoldReason = 'blocked_domain' | 'blocked_word' | 'blocked_name' | 'links' | 'typed_fast' | 'first_post';

/** What the spam policy decides about a new or edited post. */
export type Verdict =
  | { action: 'allow' }
  /** Store it, but only staff see it until they approve it; the author is told it waits for review. */
  | { action: 'hold'; reason: HoldReason; detail: string }
  /** Write nothing and answer with this error (`said` for the author, `retryAfterMs` for rate limits). */
  | {
      action: 'refuse';
      code: 'duplicate' | 'rate_limited';
      detail: string;
      said?: Said;
      retryAfterMs?: number;
    };

export const ALLOW: Verdict = { action: 'allow' };

/** Everything the rules look at, loaded before they run so that every rule is a pure function. */
export interface PolicyContext {
  policy: SitePolicySettings;
  /** The site's own list, plus the built-in one when the policy uses it. */
  blocklists: readonly Blocklist[];
  author: {
    role: Role;
    /** The display name, folded for matching (spam words in names). */
    foldedName: string;
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
    /** A new thread, a reply, or an edit of either. */
    kind: 'thread' | 'reply' | 'edit';
    /** Milliseconds from opening the composer to sending, when the client measured them. */
    composeMs: number | null;
    /** Links in the rendered post, by host. */
    linksByHost: ReadonlyMap<string, number>;
    /** Title and body, folded for matching. */
    folded: string;
    /** Links and pictures in the rendered post (a picture counts as a link). */
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
  /**
   * The author's recent posts, loaded for customers at trust levels 0 and 1 (null otherwise):
   * their first day, and their links per host in the last 24 hours (before this post).
   */
  recent: {
    /** Threads and replies started in their first day, and when it ends; null once it is over. */
    firstDay: { threads: number; replies: number; endsAt: Date } | null;
    linksByHost: ReadonlyMap<string, number>;
    /** Whether the author posted anything before this post. */
    hasEarlierPost: boolean;
  } | null;
  now: Date;
  /** Host names of the site's own pages (its allowed origins). */
  ownHosts: readonly string[];
}

/** One rule: a verdict when it applies, or undefined to leave the decision to the next rule. */
export type Phase = (ctx: PolicyContext) => Verdict | undefined;
