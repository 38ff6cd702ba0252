import { resolveSitePolicy, type SitePolicySettings } from '@booth/shared';
import type { SiteRow } from '../../db/database.js';
import type { Executor } from '../../db/executor.js';
import {
  findScreeningFacts,
  isSameText,
  listSameTextPosts,
  type RecentPostsSummary,
  type SameTextPost,
  type ScreeningFacts,
  type ScreeningQuery,
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
  /**
   * The site as the request read it. The policy is read again with the author; this one's
   * duplicate window only lets the duplicate check be read in the same statement.
   */
  site: Pick<SiteRow, 'id' | 'policy' | 'premoderate_first_posts'>;
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

/** The text a post is screened and hashed on: an opening post's title goes with its body. */
function screenedText(input: Pick<ScreenInput, 'title' | 'body'>): string {
  return input.title === null ? input.body : `${input.title}\n${input.body}`;
}

/** The start of a duplicate window of `minutes` that ends at `now`. */
function windowStart(now: Date, minutes: number): Date {
  return new Date(now.getTime() - minutes * 60_000);
}

/**
 * What to read for screening a post, in one statement. The duplicate check goes along with the
 * window of the site's policy as the request read it (the content hash is known before any read);
 * `screenPost` uses it only if the policy read with the author has the same window.
 */
export function screeningQueryOf(input: Omit<ScreenInput, 'boardId'>): ScreeningQuery {
  const windowMinutes = sitePolicyOf(input.site).duplicateWindowMinutes;
  return {
    siteId: input.site.id,
    memberId: input.memberId,
    recentSince: new Date(input.now.getTime() - DAY_MS),
    // Only what was written before this post counts, also when history is written in any order.
    until: input.now,
    exceptPostId: input.editedPostId,
    sameText:
      windowMinutes > 0
        ? { contentHash: contentHash(screenedText(input)), since: windowStart(input.now, windowMinutes) }
        : null,
  };
}

/**
 * Who posted this text on the site within the policy's window, and where: as read with the author
 * when that read had the same window, else read now (the policy changed since the request read it).
 */
async function sameTextPosts(
  db: Executor,
  input: ScreenInput,
  hash: string,
  windowMinutes: number,
  read: ScreeningFacts['sameText'],
  /** The author's posts stored earlier in the transaction, which a read now would not see. */
  earlier: ScreeningFacts['earlier'],
): Promise<SameTextPost[]> {
  const since = windowStart(input.now, windowMinutes);
  if (read && read.contentHash === hash && read.since.getTime() === since.getTime()) return read.posts;
  const stored = await listSameTextPosts(db, {
    siteId: input.site.id,
    contentHash: hash,
    since,
    exceptPostId: input.editedPostId,
  });
  const window = { contentHash: hash, since };
  return [...stored, ...earlier.filter((post) => isSameText(post, window))];
}

/**
 * Loads what the spam policy needs for one post and runs it. Call it inside `runWrite` for the
 * author: the write locked the author's row first thing (see `claimKey`), so two posts of one
 * member are screened one after the other and a double submit cannot slip past the duplicate
 * check. It takes no lock of its own: taking the member's row here, after the thread, is the
 * opposite order to another write of the same member, and deadlocked. `facts`: what
 * `screeningFacts` read for `screeningQueryOf(input)` within the same transaction, when the
 * caller read it along with another statement (a reply, with its thread's lock).
 */
export async function screenPost(db: Executor, input: ScreenInput, facts?: ScreeningFacts): Promise<Screening> {
  const author = facts ?? (await findScreeningFacts(db, screeningQueryOf(input)));
  const policy =
    author.policy !== null && author.premoderate_first_posts !== null
      ? sitePolicyOf({ policy: author.policy, premoderate_first_posts: author.premoderate_first_posts })
      : resolveSitePolicy({});
  const text = screenedText(input);
  const hash = contentHash(text);
  const trustLevel = author.trust_level;
  const folded = foldText(text);
  const links = linkFacts(text, input.html);
  const blocklists: Blocklist[] = [compileBlocklist(policy.blockedWords, policy.blockedDomains)];
  if (policy.useDefaultBlocklist) blocklists.push(defaultBlocklist());
  const same =
    policy.duplicateWindowMinutes > 0
      ? await sameTextPosts(db, input, hash, policy.duplicateWindowMinutes, author.sameText, author.earlier)
      : [];
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
      // Only pre-moderation of first posts asks, and only about members at trust level 0: the
      // read answered exactly then.
      hasApprovedPost: policy.premoderateFirstPosts && author.trust_level === 0 && author.hasApprovedPost === true,
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
export async function decidePost(db: Executor, input: ScreenInput, facts?: ScreeningFacts): Promise<PostDecision> {
  const { verdict, contentHash: hash, policy, trustLevel } = await screenPost(db, input, facts);
  if (verdict.action === 'refuse') {
    throw new DomainError(verdict.code, verdict.said, verdict.detail, verdict.retryAfterMs);
  }
  if (verdict.action === 'hold') {
    const hold_reason = `${verdict.reason}: ${verdict.detail}`;
    return { status: 'pending', content_hash: hash, hold_reason, policy, trustLevel };
  }
  return { status: 'visible', content_hash: hash, hold_reason: null, policy, trustLevel };
}
