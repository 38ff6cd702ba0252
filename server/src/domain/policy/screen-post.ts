import { resolveSitePolicy, type SitePolicySettings } from '@booth/shared';
import type { Executor } from '../../db/executor.js';
import {
  findScreeningAuthor,
  hasApprovedPost,
  listSameTextPosts,
  type RecentPostsSummary,
} from '../../db/screening.queries.js';
import { DomainError } from '../domain-error.js';
import { type Blocklist, compileBlocklist, defaultBlocklist } from './blocklist.js';
import { evaluatePolicy } from './pipeline.js';
import { contentHash, foldText, hostOf, linkFacts, linksByHost } from './policy-text.js';
import { sitePolicyOf } from './site-policies.js';
import type { PolicyContext, Verdict } from './verdict.js';

/** Texts shorter than this (folded) are not duplicates across members: "Thanks!" is said by many. */
export const CROSS_MEMBER_MIN_CHARS = 30;

export interface ScreenInput {
  siteId: string;
  /** The board the post is on. */
  boardId: string;
  memberId: string;
  /** The thread title, for an opening post. */
  title: string | null;
  body: string;
  /** The body rendered and sanitized, where links are counted. */
  html: string;
  now: Date;
  /** The post being edited: it is not a duplicate of itself. */
  editedPostId?: string;
  /** Milliseconds from opening the composer to sending, as the widget measured them. */
  composeMs?: number | undefined;
}

const DAY_MS = 24 * 3_600_000;

/**
 * A member's posts of the last 24 hours, for the first-day limits and link counts: their first
 * day is still on when they have no older post.
 */
function recentActivity(recent: RecentPostsSummary, now: Date): NonNullable<PolicyContext['recent']> {
  const links = new Map<string, number>();
  for (const html of recent.linkedHtml) linksByHost(html, links);
  const first = recent.firstAt ?? now;
  const any = recent.threads + recent.replies > 0;
  return {
    firstDay: recent.older
      ? null
      : { threads: recent.threads, replies: recent.replies, endsAt: new Date(first.getTime() + DAY_MS) },
    linksByHost: links,
    hasEarlierPost: recent.older || any,
  };
}

export interface Screening {
  verdict: Verdict;
  contentHash: string;
  policy: SitePolicySettings;
  /** The author's trust level, read under the author's row lock: it holds until commit. */
  trustLevel: number;
}

/** Who posted this text on the site within the window, and where. */
async function sameTextPosts(
  db: Executor,
  input: ScreenInput,
  hash: string,
  windowMinutes: number,
): Promise<{ author_id: string; board_id: string }[]> {
  return listSameTextPosts(db, {
    siteId: input.siteId,
    contentHash: hash,
    since: new Date(input.now.getTime() - windowMinutes * 60_000),
    exceptPostId: input.editedPostId,
  });
}

/**
 * Loads what the spam policy needs for one post and runs it. Call it inside `runWrite` for the
 * author: the write locked the author's row first thing (see `claimKey`), so two posts of one
 * member are screened one after the other and a double submit cannot slip past the duplicate
 * check. It takes no lock of its own: taking the member's row here, after the thread, is the
 * opposite order to another write of the same member, and deadlocked.
 */
export async function screenPost(db: Executor, input: ScreenInput): Promise<Screening> {
  const author = await findScreeningAuthor(db, input.siteId, input.memberId, {
    since: new Date(input.now.getTime() - DAY_MS),
    // Only what was written before this post counts, also when history is written in any order.
    until: input.now,
    exceptPostId: input.editedPostId,
  });
  const policy =
    author.policy !== null && author.premoderate_first_posts !== null
      ? sitePolicyOf({ policy: author.policy, premoderate_first_posts: author.premoderate_first_posts })
      : resolveSitePolicy({});
  const text = input.title === null ? input.body : `${input.title}\n${input.body}`;
  const hash = contentHash(text);
  const trustLevel = author.trust_level;
  const folded = foldText(text);
  const links = linkFacts(text, input.html);
  const blocklists: Blocklist[] = [compileBlocklist(policy.blockedWords, policy.blockedDomains)];
  if (policy.useDefaultBlocklist) blocklists.push(defaultBlocklist());
  const same =
    policy.duplicateWindowMinutes > 0 ? await sameTextPosts(db, input, hash, policy.duplicateWindowMinutes) : [];
  const ctx: PolicyContext = {
    policy,
    blocklists,
    now: input.now,
    ownHosts: (author.allowed_origins ?? []).map((origin) => hostOf(origin)).filter((h): h is string => h !== null),
    recent: author.recent ? recentActivity(author.recent, input.now) : null,
    author: {
      role: author.role,
      // Letters and digits apart, so "viagra123" reads as "viagra 123".
      foldedName: foldText(author.name.replace(/(\p{L})(\p{N})|(\p{N})(\p{L})/gu, '$1$3 $2$4')),
      guest: author.guest,
      trustLevel: author.trust_level,
      // Only pre-moderation of first posts asks, and only about members at trust level 0.
      hasApprovedPost:
        policy.premoderateFirstPosts && author.trust_level === 0 && (await hasApprovedPost(db, input.memberId)),
    },
    post: {
      kind: input.editedPostId ? 'edit' : input.title !== null ? 'thread' : 'reply',
      composeMs: input.composeMs ?? null,
      linksByHost: links.byHost,
      folded,
      linkCount: links.count,
      linkedHosts: links.linkedHosts,
      hosts: links.hosts,
    },
    sameText: {
      byAuthor: same.some((p) => p.author_id === input.memberId),
      byOthers:
        folded.length >= CROSS_MEMBER_MIN_CHARS &&
        same.some((p) => p.author_id !== input.memberId && p.board_id !== input.boardId),
    },
  };
  return { verdict: evaluatePolicy(ctx), contentHash: hash, policy, trustLevel };
}

/** How a screened post is stored: visible, or pending with the reason staff will see. */
export interface PostDecision {
  status: 'visible' | 'pending';
  content_hash: string;
  hold_reason: string | null;
  policy: SitePolicySettings;
  /** The author's trust level, read under the author's row lock: it holds until commit. */
  trustLevel: number;
}

/**
 * Screens a post for the write path: refusals become a `DomainError` (the transaction rolls
 * back, nothing is written), holds become a pending status with its reason.
 */
export async function decidePost(db: Executor, input: ScreenInput): Promise<PostDecision> {
  const { verdict, contentHash: hash, policy, trustLevel } = await screenPost(db, input);
  if (verdict.action === 'refuse') {
    throw new DomainError(verdict.code, verdict.said, verdict.detail, verdict.retryAfterMs);
  }
  if (verdict.action === 'hold') {
    const hold_reason = `${verdict.reason}: ${verdict.detail}`;
    return { status: 'pending', content_hash: hash, hold_reason, policy, trustLevel };
  }
  return { status: 'visible', content_hash: hash, hold_reason: null, policy, trustLevel };
}
