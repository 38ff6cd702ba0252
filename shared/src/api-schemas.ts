/**
 * The HTTP API's requests and answers (`/api/v1`), for a site's own systems signed in with an API
 * key. The server validates every request with these, and its OpenAPI document is generated from
 * them, so the document and the server cannot disagree. Bodies reuse the socket's field schemas.
 */
import * as v from 'valibot';
import { ERROR_CODE_LIST } from './error-codes.js';
import { BoardSlug, Body, EntityId, IdempotencyKey, Reason, Title } from './fields.js';
import { BoardFilterSchema, BoardSortSchema, ThreadKindSchema } from './schemas.js';
import { INSIGHT_PERIODS, SEARCH_LIMITS } from './search-schemas.js';

const PageCursor = v.pipe(v.string(), v.minLength(1), v.maxLength(200));
/** A whole number in a query string. */
const QueryNumber = v.pipe(v.string(), v.regex(/^\d{1,6}$/, 'must be a whole number'));

/** The `Idempotency-Key` header of a write: a retry with the same key returns the first answer. */
export const ApiIdempotencyKey = IdempotencyKey;

// Path parameters.
export const ApiBoardParams = v.strictObject({ board: BoardSlug });
export const ApiThreadParams = v.strictObject({ threadId: EntityId });
export const ApiPostParams = v.strictObject({ postId: EntityId });

// Query strings.
export const ApiBoardThreadsQuery = v.strictObject({
  sort: v.optional(BoardSortSchema),
  filter: v.optional(BoardFilterSchema),
  after: v.optional(PageCursor),
});
export const ApiThreadQuery = v.strictObject({ after: v.optional(PageCursor) });
export const ApiSearchQuery = v.strictObject({
  q: v.pipe(v.string(), v.minLength(1, 'must not be empty'), v.maxLength(SEARCH_LIMITS.queryChars)),
  board: v.optional(BoardSlug),
  offset: v.optional(QueryNumber),
});
export const ApiInsightsQuery = v.strictObject({
  days: v.picklist(
    INSIGHT_PERIODS.map((d) => String(d) as `${(typeof INSIGHT_PERIODS)[number]}`),
    'must be 7, 30 or 90',
  ),
  board: v.optional(BoardSlug),
});
export const ApiNoQuery = v.strictObject({});

// Bodies.
export const ApiThreadCreateBody = v.strictObject({
  board: BoardSlug,
  kind: ThreadKindSchema,
  title: Title,
  body: Body,
});
/** A helpdesk agent's name shown on a staff answer, in place of the key's staff member's. */
export const AgentName = v.pipe(v.string(), v.trim(), v.minLength(1, 'must not be empty'), v.maxLength(80));
export const ApiReplyCreateBody = v.strictObject({
  body: Body,
  parentId: v.optional(v.nullable(EntityId)),
  agentName: v.optional(AgentName),
  /** The `callback.reference` of a `thread.escalated` webhook: this reply is the helpdesk's answer, and resolves it. */
  callbackRef: v.optional(v.pipe(v.string(), v.regex(/^esc_[A-Za-z0-9_-]{20,64}$/, 'must be a callback reference'))),
});
export const ApiAcceptBody = v.strictObject({
  /** The reply to accept; null takes the accepted answer back. */
  postId: v.nullable(EntityId),
  reason: v.optional(Reason),
});
export const API_THREAD_ACTIONS = ['pin', 'unpin', 'lock', 'unlock', 'hide', 'restore'] as const;
export const ApiThreadActionBody = v.strictObject({
  action: v.picklist(API_THREAD_ACTIONS),
  reason: v.optional(Reason),
});
export const ApiMoveBody = v.strictObject({ board: BoardSlug, reason: v.optional(Reason) });
export const API_POST_ACTIONS = ['hide', 'restore'] as const;
export const ApiPostActionBody = v.strictObject({
  action: v.picklist(API_POST_ACTIONS),
  reason: v.optional(Reason),
});

// Answers. Objects may gain fields in later versions, so clients should ignore unknown ones.
const Timestamp = v.pipe(v.string(), v.isoTimestamp());
export const ApiMember = v.looseObject({
  id: v.string(),
  name: v.string(),
  avatarUrl: v.nullable(v.string()),
  role: v.picklist(['customer', 'staff', 'owner']),
  guest: v.boolean(),
});
export const ApiThread = v.looseObject({
  id: v.string(),
  board: v.string(),
  kind: ThreadKindSchema,
  title: v.string(),
  excerpt: v.string(),
  author: ApiMember,
  status: v.picklist(['open', 'answered', 'locked', 'hidden']),
  pinned: v.boolean(),
  locked: v.boolean(),
  rootPostId: v.string(),
  acceptedPostId: v.nullable(v.string()),
  answered: v.boolean(),
  staffReplied: v.boolean(),
  replyCount: v.number(),
  score: v.number(),
  waiting: v.number(),
  createdAt: Timestamp,
  lastActivityAt: Timestamp,
  answerStale: v.boolean(),
});
export const ApiPost = v.looseObject({
  id: v.string(),
  threadId: v.string(),
  parentId: v.nullable(v.string()),
  root: v.boolean(),
  author: ApiMember,
  html: v.string(),
  source: v.string(),
  status: v.picklist(['visible', 'pending', 'hidden', 'spam', 'deleted']),
  score: v.number(),
  createdAt: Timestamp,
  editedAt: v.nullable(Timestamp),
});
export const ApiBoardsResult = v.strictObject({ boards: v.array(v.strictObject({ slug: v.string() })) });
export const ApiBoardPage = v.looseObject({ threads: v.array(ApiThread), next: v.nullable(v.string()) });
export const ApiThreadPage = v.looseObject({
  thread: ApiThread,
  posts: v.array(ApiPost),
  next: v.nullable(v.string()),
});
export const ApiPostsPage = v.looseObject({ posts: v.array(ApiPost), next: v.nullable(v.string()) });
export const ApiSearchResult = v.looseObject({
  hits: v.array(v.looseObject({ thread: ApiThread, postId: v.string(), rank: v.number() })),
  next: v.nullable(v.number()),
});
export const ApiInsightsResult = v.looseObject({
  unanswered: v.looseObject({ questions: v.number(), peopleWaiting: v.number() }),
  activeMembers: v.number(),
  series: v.array(v.looseObject({})),
});
export const ApiExportResult = v.looseObject({ boards: v.array(v.looseObject({})) });
export const ApiThreadResult = v.looseObject({ thread: ApiThread });
export const ApiThreadCreated = v.looseObject({ thread: ApiThread, post: ApiPost });
export const ApiPostResult = v.looseObject({ post: ApiPost });
export const ApiPostActionResult = v.looseObject({ post: ApiPost, thread: ApiThread });
export const ApiError = v.strictObject({
  error: v.strictObject({ code: v.picklist(ERROR_CODE_LIST), message: v.string() }),
});
