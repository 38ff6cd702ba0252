/**
 * Runtime validators for every message a client sends. The TypeScript types of
 * the messages are inferred from these, so the check and the type cannot drift.
 */
import * as v from 'valibot';
import { BADGE_MESSAGES } from './answer-badge.js';
import { FAQ_MESSAGES } from './faq-schemas.js';
import {
  BoardSlug,
  Body,
  DisplayName,
  EntityId,
  IdempotencyKey,
  PageUrl,
  Reason,
  RequestId,
  Title,
  Token,
} from './fields.js';
import { IMAGE_MESSAGES } from './image-schemas.js';
import { BOARD_FILTERS, BOARD_SORTS } from './listing-order.js';
import { MAIL_MESSAGES } from './mail-schemas.js';
import { SEARCH_MESSAGES } from './search-schemas.js';
import { STAFF_MESSAGE_SCHEMAS } from './staff-schemas.js';

export {
  BoardSlug,
  Body,
  DisplayName,
  EntityId,
  IdempotencyKey,
  noControlChars,
  Reason,
  RequestId,
  SiteKey,
  Title,
  Token,
} from './fields.js';

export const ThreadKindSchema = v.picklist(['question', 'discussion']);

/** Opaque keyset cursor for board pages. */
const PageCursor = v.pipe(v.string(), v.maxLength(200));

/** How a board's list is sorted; left out, latest activity first. */
export const BoardSortSchema = v.picklist(BOARD_SORTS);
/** Which threads a board's list shows; left out, all of them. */
export const BoardFilterSchema = v.picklist(BOARD_FILTERS);
/** The order and filter of a board list request (a page's cursor belongs to one of them). */
const listing = { sort: v.optional(BoardSortSchema), filter: v.optional(BoardFilterSchema) };

const base = { id: RequestId };
const write = { id: RequestId, key: IdempotencyKey };

export const HelloMessage = v.strictObject({
  type: v.literal('hello'),
  ...base,
  sso: v.optional(Token),
  /** The session token an earlier SSO sign-in handed back: signs the same member in again. */
  session: v.optional(Token),
  guest: v.optional(Token),
});

export const GuestJoinMessage = v.strictObject({
  type: v.literal('guest.join'),
  ...base,
  name: DisplayName,
});

/** Changes the signed-in guest's display name; their posts, earlier ones too, show the new one. */
export const GuestRenameMessage = v.strictObject({
  type: v.literal('guest.rename'),
  ...write,
  name: DisplayName,
});

export const SubscribeMessage = v.strictObject({
  type: v.literal('subscribe'),
  ...base,
  board: BoardSlug,
  /** The last event id this client applied; the server replays what came after. */
  since: v.optional(v.pipe(v.number(), v.safeInteger(), v.minValue(0))),
  /** The order and filter of the snapshot's first page. */
  ...listing,
  /** The address of the page the board is on; a board without a page of its own learns it. */
  page: v.optional(PageUrl),
});

export const UnsubscribeMessage = v.strictObject({
  type: v.literal('unsubscribe'),
  ...base,
  board: BoardSlug,
});

export const ThreadsPageMessage = v.strictObject({
  type: v.literal('threads.page'),
  ...base,
  board: BoardSlug,
  after: PageCursor,
  /** The order and filter of the page `after` came from. */
  ...listing,
});

export const ThreadOpenMessage = v.strictObject({
  type: v.literal('thread.open'),
  ...base,
  threadId: EntityId,
  /**
   * A post the reader is sent to (a link to it): the thread opens with every page up to and
   * including it, so the post can be shown in place.
   */
  until: v.optional(EntityId),
});

/** The next page of an open thread's posts, from the `next` cursor of the page before. */
export const ThreadMoreMessage = v.strictObject({
  type: v.literal('thread.more'),
  ...base,
  threadId: EntityId,
  after: PageCursor,
});

/**
 * Milliseconds from opening the composer to sending, as the widget measured them: one signal of
 * the spam policy (a post typed impossibly fast), never a verdict on its own. Clients that do not
 * measure it leave it out.
 */
const ComposeMs = v.pipe(v.number(), v.safeInteger(), v.minValue(0), v.maxValue(7 * 24 * 3_600_000));

export const ThreadCreateMessage = v.strictObject({
  type: v.literal('thread.create'),
  ...write,
  board: BoardSlug,
  kind: ThreadKindSchema,
  title: Title,
  body: Body,
  composeMs: v.optional(ComposeMs),
});

export const PostCreateMessage = v.strictObject({
  type: v.literal('post.create'),
  ...write,
  threadId: EntityId,
  parentId: v.optional(v.nullable(EntityId)),
  body: Body,
  composeMs: v.optional(ComposeMs),
});

export const PostEditMessage = v.strictObject({
  type: v.literal('post.edit'),
  ...write,
  postId: EntityId,
  body: Body,
  /** Only for the opening post of a thread. */
  title: v.optional(Title),
});

export const PostDeleteMessage = v.strictObject({
  type: v.literal('post.delete'),
  ...write,
  postId: EntityId,
});

export const VoteMessage = v.strictObject({
  type: v.literal('vote'),
  ...write,
  postId: EntityId,
  value: v.picklist([-1, 0, 1]),
});

export const ThreadAcceptMessage = v.strictObject({
  type: v.literal('thread.accept'),
  ...write,
  threadId: EntityId,
  /** The reply to accept, or null to clear the accepted answer. */
  postId: v.nullable(EntityId),
});

/** Flags a post for staff review, with the reason. */
export const PostReportMessage = v.strictObject({
  type: v.literal('post.report'),
  ...write,
  postId: EntityId,
  reason: Reason,
});

export const PingMessage = v.strictObject({
  type: v.literal('ping'),
  ...base,
});

/** Every message a widget or the moderation view may send, keyed on `type`. */
export const ClientMessageSchema = v.variant('type', [
  HelloMessage,
  GuestJoinMessage,
  GuestRenameMessage,
  SubscribeMessage,
  UnsubscribeMessage,
  ThreadsPageMessage,
  ThreadOpenMessage,
  ThreadMoreMessage,
  ThreadCreateMessage,
  PostCreateMessage,
  PostEditMessage,
  PostDeleteMessage,
  VoteMessage,
  ThreadAcceptMessage,
  PostReportMessage,
  PingMessage,
  ...STAFF_MESSAGE_SCHEMAS,
  ...SEARCH_MESSAGES,
  ...MAIL_MESSAGES,
  ...IMAGE_MESSAGES,
  ...FAQ_MESSAGES,
  ...BADGE_MESSAGES,
]);

export type ClientMessage = v.InferOutput<typeof ClientMessageSchema>;
export type ClientMessageType = ClientMessage['type'];
export type ClientMessageOf<T extends ClientMessageType> = Extract<ClientMessage, { type: T }>;

export const CLIENT_MESSAGE_TYPES: readonly ClientMessageType[] = ClientMessageSchema.options.map(
  (o) => o.entries.type.literal,
);

/** Query of the HTTP board listing. */
export const BoardThreadsQuery = v.strictObject({
  site: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{4,64}$/, 'must be a site key')),
  after: v.optional(PageCursor),
  ...listing,
});

export const SiteKeyQuery = v.strictObject({
  site: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{4,64}$/, 'must be a site key')),
});

/** Query of the HTTP thread: a page of its posts, the first or the one after `after`. */
export const ThreadPostsQuery = v.strictObject({
  site: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{4,64}$/, 'must be a site key')),
  after: v.optional(PageCursor),
});
