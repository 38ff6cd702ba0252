/**
 * The wire protocol between widget and server: server messages and the result
 * each request type gets. Client messages and their validators are in schemas.ts.
 */

import type { BadgeResultMap } from './answer-badge.js';
import type { ErrorBody } from './error-codes.js';
import type { FaqResultMap } from './faq-schemas.js';
import type { ImageResultMap } from './image-schemas.js';
import type { EmailState, MailResultMap, NoticesMessage } from './mail-schemas.js';
import type { BoardEvent, MemberView, PostView, SitePolicyView, ThreadView } from './model.js';
import type { ClientMessageType } from './schemas.js';
import type { SearchResultMap } from './search-schemas.js';
import type { StaffResultMap } from './staff-model.js';

/** A page of a board's thread list. `next` is the cursor of the following page, if any. */
export interface ThreadPage {
  threads: ThreadView[];
  next: string | null;
}

/**
 * A page of an open thread's posts in the order they were written. `next` is the cursor of the
 * following page, null once the page reaches the thread's end.
 */
export interface PostPage {
  posts: PostView[];
  next: string | null;
}

/** What each request type gets back in its `result` reply. */
export interface ResultMap
  extends SearchResultMap,
    StaffResultMap,
    MailResultMap,
    ImageResultMap,
    FaqResultMap,
    BadgeResultMap {
  /** `session`, after an SSO sign-in: send it as `hello.session` to sign in again on a new socket. */
  hello: { me: MemberView | null; site: SitePolicyView; session?: string };
  'guest.join': { me: MemberView; guestToken: string };
  /** The guest as others now see them; the guest token stays the same. */
  'guest.rename': { me: MemberView };
  subscribe:
    | ({ mode: 'snapshot'; board: string; seq: number } & ThreadPage)
    | { mode: 'resume'; board: string; seq: number };
  unsubscribe: { board: string };
  'threads.page': ThreadPage;
  /**
   * `following`: whether the viewer follows the thread (false for readers); `email`: where the
   * viewer's email about followed threads stands (members only), so the follow button can offer
   * to add an address.
   */
  'thread.open': PostPage & {
    thread: ThreadView;
    myVotes: Record<string, number>;
    following: boolean;
    email?: EmailState;
  };
  /** The viewer's votes came with `thread.open`, for every page of the thread. */
  'thread.more': PostPage;
  /** The asker follows their question; `email` says whether that reaches them by email yet. */
  'thread.create': { thread: ThreadView; post: PostView; email: EmailState };
  'post.create': { post: PostView };
  'post.edit': { post: PostView };
  'post.delete': { postId: string };
  vote: { postId: string; score: number; value: number };
  'thread.accept': { thread: ThreadView };
  'post.report': { postId: string };
  ping: { now: string };
}

export type ResultOf<T extends ClientMessageType> = ResultMap[T];

export interface ResultMessage<T extends ClientMessageType = ClientMessageType> {
  type: 'result';
  id: string;
  result: ResultMap[T];
}

export interface ErrorMessage {
  type: 'error';
  /** The request id this answers, or null when the frame had none we could read. */
  id: string | null;
  error: ErrorBody;
}

/** A change on a board the client subscribed to. */
export interface EventMessage {
  type: 'event';
  board: string;
  seq: number;
  event: BoardEvent;
}

/**
 * Event frames bound for one socket within one turn of the server's event loop, sent as one frame:
 * a client applies them as if they had come one by one, in order. Staff-only events travel in
 * batches too, to staff sockets. The server sends a single event as a plain `event` frame.
 */
export interface BatchMessage {
  type: 'batch';
  frames: EventMessage[];
}

/** The server dropped the subscription (e.g. the client fell too far behind); subscribe again. */
export interface ResyncMessage {
  type: 'resync';
  board: string;
}

/** Whether any staff member has the moderation view open for this site; sent on connect and on change. */
export interface PresenceMessage {
  type: 'presence';
  staffOnline: boolean;
}

/** A staff member is typing a reply in a thread of a board this socket follows. */
export interface TypingMessage {
  type: 'typing';
  board: string;
  threadId: string;
}

/**
 * Sent just before the server closes the socket, with the reason: `shutdown` (reconnect soon,
 * elsewhere), `slow_consumer` and `busy` (reconnect with backoff), `timeout` (the socket sent no
 * request in time after opening; reconnect with backoff), `policy` (the client broke the rules or
 * a limit that reconnecting does not lift: do not reconnect, show the message).
 */
export interface ByeMessage {
  type: 'bye';
  reason: 'shutdown' | 'slow_consumer' | 'busy' | 'timeout' | 'policy';
  message: string;
}

export type ServerMessage =
  | ResultMessage
  | ErrorMessage
  | EventMessage
  | BatchMessage
  | ResyncMessage
  | ByeMessage
  | PresenceMessage
  | TypingMessage
  | NoticesMessage;

/**
 * WebSocket close codes the server uses. Clients reconnect (with backoff) after every code but
 * `policy`, which means reconnecting would only be refused or cut off again. A socket that misses
 * the server's pings is dropped without a close frame (the client sees 1006) and reconnects.
 */
export const CLOSE_CODES = {
  /** Going away: the node is shutting down; reconnect elsewhere. */
  shutdown: 1001,
  /**
   * Policy violation: origin not allowed, too many invalid frames or frames in a flood, too many
   * boards or sockets for one member. Do not reconnect.
   */
  policy: 1008,
  /** Message too big. */
  tooLarge: 1009,
  /** Try again later: the client fell behind and was cut off. */
  slowConsumer: 1013,
  /** Try again later: too many sockets are open from the client's network. */
  busy: 1013,
  /** The socket sent no request in time after opening. Reconnect with backoff. */
  timeout: 4000,
} as const;
