/**
 * Messages and results for finding answers (search, suggestions while asking) and for the
 * site owner's view of how well the brand answers (insights, webhook delivery log).
 */
import * as v from 'valibot';
import { BoardSlug, EntityId, noControlChars, RequestId } from './fields.js';
import type { ThreadView } from './model.js';

/** Limits of the search and suggestion requests. */
export const SEARCH_LIMITS = {
  queryChars: 200,
  /** Hits per search page. */
  pageSize: 20,
  /** Deepest offset a search page may start at. */
  maxOffset: 200,
  /** Suggestions offered while a question title is typed. */
  suggestions: 5,
  /** Characters a title needs before suggestions are looked up. */
  suggestMinChars: 3,
} as const;

/** Periods the insights view offers, in days. */
export const INSIGHT_PERIODS = [7, 30, 90] as const;
export type InsightPeriod = (typeof INSIGHT_PERIODS)[number];

const QueryText = v.pipe(v.string(), noControlChars, v.trim(), v.maxLength(SEARCH_LIMITS.queryChars));

/** Full-text search over a board's threads and replies, or over the whole site when `board` is left out. */
export const SearchMessage = v.strictObject({
  type: v.literal('search'),
  id: RequestId,
  query: v.pipe(QueryText, v.minLength(1, 'must not be empty')),
  board: v.optional(BoardSlug),
  offset: v.optional(v.pipe(v.number(), v.safeInteger(), v.minValue(0), v.maxValue(SEARCH_LIMITS.maxOffset))),
});

/** Similar existing questions for a title being typed. */
export const SuggestMessage = v.strictObject({
  type: v.literal('suggest'),
  id: RequestId,
  title: QueryText,
  board: v.optional(BoardSlug),
});

/** Staff only: figures of how well the site (or one board) answers over the last `days`. */
export const InsightsMessage = v.strictObject({
  type: v.literal('insights'),
  id: RequestId,
  board: v.optional(BoardSlug),
  days: v.picklist(INSIGHT_PERIODS),
});

/** Staff only: the newest webhook deliveries of the site, a page at a time. */
export const WebhookDeliveriesMessage = v.strictObject({
  type: v.literal('webhooks.deliveries'),
  id: RequestId,
  /** Id of the oldest delivery already shown; the page continues below it. */
  before: v.optional(EntityId),
});

/** The messages of this file, for the client message union. */
export const SEARCH_MESSAGES = [SearchMessage, SuggestMessage, InsightsMessage, WebhookDeliveriesMessage] as const;

/** A run of text; `match` marks the words that matched the query. */
export interface TextRun {
  text: string;
  match: boolean;
}

/** One search result: the thread, and where the query matched it. */
export interface SearchHit {
  thread: ThreadView;
  /** The title with matched words marked. */
  title: TextRun[];
  /** A short passage of the best matching post (question or reply), matched words marked. */
  snippet: TextRun[];
  /** The post the snippet comes from. */
  postId: string;
  rank: number;
}

export interface SearchResult {
  hits: SearchHit[];
  /** Offset of the next page, or null when this was the last. */
  next: number | null;
}

/** A similar existing question offered while asking. */
export interface Suggestion {
  thread: ThreadView;
  /** First line of the accepted answer, as plain text, when the question has one. */
  answer: string | null;
}

export interface SuggestResult {
  suggestions: Suggestion[];
}

/** A question waiting for an answer. */
export interface WaitingQuestion {
  threadId: string;
  board: string;
  title: string;
  createdAt: string;
  /** Seconds it has been waiting, at the time of the figures. */
  waitingSeconds: number;
}

/** A customer whose answers helped most in the period. */
export interface Helper {
  member: { id: string; name: string; avatarUrl: string | null };
  acceptedAnswers: number;
  upvotes: number;
}

/** One day of the period (UTC). */
export interface InsightsDay {
  /** YYYY-MM-DD */
  day: string;
  asked: number;
  answered: number;
}

export interface InsightsResult {
  /** Start and end of the period (end is the time of the figures). */
  from: string;
  to: string;
  days: InsightPeriod;
  board: string | null;
  /** Questions asked in the period. */
  asked: number;
  /** Of those, how many have an accepted answer. */
  answered: number;
  /** Of the answered, whose accepted answer came from staff, and from other customers. */
  answeredByStaff: number;
  answeredByCustomers: number;
  /** Time from asking to the first staff reply, over questions of the period that got one. */
  firstStaffReply: { count: number; medianSeconds: number | null; p90Seconds: number | null };
  /** Oldest questions still without an accepted answer (any age), oldest first. */
  oldestUnanswered: WaitingQuestion[];
  /**
   * Open questions without an accepted answer (any age, as `oldestUnanswered`) and the people
   * waiting on them: their askers and everyone who has the question too.
   */
  unanswered: { questions: number; peopleWaiting: number };
  /** Members who posted or replied in the period. */
  activeMembers: number;
  leaderboard: Helper[];
  series: InsightsDay[];
}

export type WebhookEventName =
  | 'question.created'
  | 'question.unanswered'
  | 'report.created'
  | 'answer.accepted'
  | 'thread.escalated';

export const WEBHOOK_EVENTS: readonly WebhookEventName[] = [
  'question.created',
  'question.unanswered',
  'report.created',
  'answer.accepted',
  'thread.escalated',
];

export interface WebhookDeliveryView {
  id: string;
  webhookId: string;
  url: string;
  event: WebhookEventName;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  /** HTTP status of the last attempt, if the receiver answered. */
  lastStatus: number | null;
  lastError: string | null;
  createdAt: string;
  lastAttemptAt: string | null;
  deliveredAt: string | null;
}

export interface WebhookDeliveriesResult {
  deliveries: WebhookDeliveryView[];
  /** Pass as `before` for the next page, or null. */
  next: string | null;
}

/** Results of the requests of this file, merged into the protocol's ResultMap. */
export interface SearchResultMap {
  search: SearchResult;
  suggest: SuggestResult;
  insights: InsightsResult;
  'webhooks.deliveries': WebhookDeliveriesResult;
}
