/**
 * Runtime validators for the frames the server sends. Clients check every frame with
 * `parseServerFrame` before they act on it, as the server checks client frames with
 * `parseClientFrame`: a frame that is not JSON or has the wrong shape is dropped, never trusted.
 */
import * as v from 'valibot';
import { ERROR_CODE_LIST } from './error-codes.js';
import type { ServerMessage } from './protocol.js';
import type { StaffEventMessage } from './staff-model.js';

const Id = v.pipe(v.string(), v.minLength(1));
const Seq = v.pipe(v.number(), v.safeInteger(), v.minValue(0));

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
};

const BoardEventSchema = v.pipe(
  v.looseObject({ kind: v.picklist(Object.keys(EVENT_FIELDS) as [string, ...string[]]) }),
  v.check(
    (event) => (EVENT_FIELDS[event.kind] ?? []).every((field) => (event as Record<string, unknown>)[field] != null),
    'event: lacks a field its kind needs',
  ),
);

const EventFrameSchema = v.looseObject({
  type: v.literal('event'),
  board: v.string(),
  seq: Seq,
  event: BoardEventSchema,
});

export const ServerFrameSchema = v.variant('type', [
  v.looseObject({ type: v.literal('result'), id: Id, result: v.unknown() }),
  v.looseObject({
    type: v.literal('error'),
    id: v.nullable(Id),
    error: v.looseObject({
      code: v.picklist(ERROR_CODE_LIST),
      message: v.string(),
      retryAfterMs: v.optional(v.number()),
    }),
  }),
  EventFrameSchema,
  v.looseObject({ type: v.literal('batch'), frames: v.array(EventFrameSchema) }),
  v.looseObject({ type: v.literal('resync'), board: v.string() }),
  v.looseObject({ type: v.literal('presence'), staffOnline: v.boolean() }),
  v.looseObject({ type: v.literal('typing'), board: v.string(), threadId: Id }),
  v.looseObject({
    type: v.literal('notices'),
    threads: v.array(v.looseObject({ threadId: Id, board: v.string(), title: v.string(), unread: Seq })),
  }),
  v.looseObject({
    type: v.literal('bye'),
    reason: v.picklist(['shutdown', 'slow_consumer', 'busy', 'timeout', 'policy']),
    message: v.string(),
  }),
]);

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
  const result = v.safeParse(ServerFrameSchema, data);
  return result.success ? (data as ServerFrame) : null;
}
