/**
 * The shapes of the frames the server sends. Clients check every frame with `parseServerFrame`
 * before they act on it, as the server checks client frames with `parseClientFrame`: a frame
 * that is not JSON or has the wrong shape is dropped, never trusted. A dropped frame needs no
 * explanation, so these are yes-or-no checks (`shape-checks.ts`), not valibot schemas.
 */
import { ERROR_CODE_LIST } from './error-codes.js';
import type { ServerMessage } from './protocol.js';
import {
  anything,
  arrayOf,
  boolean,
  count,
  fields,
  nonEmptyString,
  nullable,
  number,
  oneOf,
  optional,
  type Shape,
  string,
  variant,
} from './shape-checks.js';
import type { StaffEventMessage } from './staff-model.js';

/** The fields each event kind must carry for a client to apply it; the views inside are the server's own mapping. */
const EVENT_FIELDS: Record<string, readonly string[]> = {
  'thread.created': ['thread', 'post'],
  'thread.updated': ['thread'],
  'thread.removed': ['threadId'],
  'post.created': ['post', 'thread'],
  'post.updated': ['post', 'thread'],
  'post.removed': ['postId', 'thread'],
  'vote.changed': ['postId', 'threadId', 'score'],
  'board.released': ['name', 'releasedAt'],
  'post.held': ['post', 'thread'],
  'report.created': ['postId', 'threadId'],
  'queue.changed': ['queue'],
  'thread.escalated': ['threadId'],
};

const present: Shape = (value) => value != null;

const BoardEvent = variant(
  'kind',
  Object.fromEntries(
    Object.entries(EVENT_FIELDS).map(([kind, names]) => [
      kind,
      fields(Object.fromEntries(names.map((n) => [n, present]))),
    ]),
  ),
);

const EventFrame = fields({ type: oneOf(['event']), board: string, seq: count, event: BoardEvent });

/** Every frame a server may send, by its `type`. */
const ServerFrameShape = variant('type', {
  result: fields({ id: nonEmptyString, result: anything }),
  error: fields({
    id: nullable(nonEmptyString),
    error: fields({ code: oneOf(ERROR_CODE_LIST), message: string, retryAfterMs: optional(number) }),
  }),
  event: EventFrame,
  batch: fields({ frames: arrayOf(EventFrame) }),
  resync: fields({ board: string }),
  presence: fields({ staffOnline: boolean }),
  typing: fields({ board: string, threadId: nonEmptyString }),
  notices: fields({
    threads: arrayOf(fields({ threadId: nonEmptyString, board: string, title: string, unread: count })),
  }),
  bye: fields({
    reason: oneOf(['shutdown', 'slow_consumer', 'busy', 'timeout', 'policy']),
    message: string,
  }),
});

/** Any frame a server may send: the customer protocol plus staff-only events. */
export type ServerFrame = ServerMessage | StaffEventMessage;

/** Parses one raw server frame; null when it is not JSON or not a frame of the protocol. Never throws. */
export function parseServerFrame(raw: string): ServerFrame | null {
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return null;
  }
  return ServerFrameShape(data) ? (data as ServerFrame) : null;
}
