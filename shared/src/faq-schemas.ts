/**
 * Messages and results of the FAQ built from answers: the widget reads it (per board or per
 * site, optionally searched), staff curate it in the moderation view.
 */
import * as v from 'valibot';
import { BoardSlug, EntityId, noControlChars, RequestId, requestFields, writeFields } from './fields.js';
import type { MemberView, ThreadView } from './model.js';
import { SEARCH_LIMITS } from './search-schemas.js';

/** Limits of the FAQ. */
export const FAQ_LIMITS = {
  /** Entries a FAQ shows at most. */
  entries: 50,
  /** Highest position staff may pin an entry to. */
  maxPosition: 1000,
  /** Characters of a canonical summary. */
  summaryChars: 500,
} as const;

/** The FAQ of a board, or of the whole site when `board` is left out; `query` narrows it by full-text search. */
export const FaqMessage = v.strictObject({
  type: v.literal('faq'),
  id: RequestId,
  board: v.optional(BoardSlug),
  query: v.optional(
    v.pipe(
      v.string(),
      noControlChars,
      v.trim(),
      v.minLength(1, 'must not be empty'),
      v.maxLength(SEARCH_LIMITS.queryChars),
    ),
  ),
});

/** Staff only: the site's FAQ candidates with their curation, left-out ones included. */
export const StaffFaqMessage = v.strictObject({
  type: v.literal('staff.faq'),
  ...requestFields,
  board: v.optional(BoardSlug),
});

/** A canonical summary as staff write it: plain text, a few lines at most. */
export const FaqSummary = v.pipe(
  v.string(),
  noControlChars,
  v.trim(),
  v.minLength(1, 'must not be empty'),
  v.maxLength(FAQ_LIMITS.summaryChars),
);

/**
 * Staff only: a thread's place in the FAQ. `included: false` leaves it out; `position` pins it
 * (1 first, null leaves it to the ranking); `summary` replaces the answer post (null shows the post).
 */
export const StaffFaqCurateMessage = v.strictObject({
  type: v.literal('staff.faq.curate'),
  ...writeFields,
  threadId: EntityId,
  included: v.boolean(),
  position: v.nullable(v.pipe(v.number(), v.safeInteger(), v.minValue(1), v.maxValue(FAQ_LIMITS.maxPosition))),
  summary: v.nullable(FaqSummary),
});

/** The messages of this file, for the client message union. */
export const FAQ_MESSAGES = [FaqMessage, StaffFaqMessage, StaffFaqCurateMessage] as const;

/** The answer an FAQ entry shows: the accepted answer, else the first staff reply. */
export interface FaqAnswer {
  postId: string;
  author: MemberView;
  /** Sanitized HTML of the answer post, rendered on the server. */
  html: string;
  accepted: boolean;
}

/** One question of the FAQ. */
export interface FaqEntry {
  thread: ThreadView;
  answer: FaqAnswer;
  /** The canonical summary staff wrote, shown before the answer; null without one. */
  summary: string | null;
  /** The position staff pinned it to, or null when the ranking places it. */
  position: number | null;
  /** False only in the staff list, for entries staff left out. */
  included: boolean;
  /** How often the thread was opened. */
  views: number;
  /** The ranking figure: votes + "me too" + views / 10, rounded down (docs/faq-and-badge.md). */
  helpfulness: number;
}

export interface FaqResultMap {
  faq: { entries: FaqEntry[] };
  'staff.faq': { entries: FaqEntry[] };
  'staff.faq.curate': { entry: FaqEntry };
}
