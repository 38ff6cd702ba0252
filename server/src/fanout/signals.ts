import { BoardSlug, describeIssues, EntityId } from '@booth/shared';
import * as v from 'valibot';

/**
 * Signals: short-lived messages between nodes that are not in the event log (staff presence and
 * "Staff is typing…"). A lost signal costs accuracy for a moment, never data: presence is
 * repeated periodically and expires on its own, and a typing hint is repeated while staff type.
 */

/** A node's id, random per process. */
const NodeId = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1 to 64 letters, digits, "-" or "_"'));

/** The longest a presence announcement may be trusted without being repeated, in ms. */
export const MAX_PRESENCE_TTL_MS = 10 * 60_000;

/**
 * Sites one presence signal lists at most: 200 × (18-digit id + count) stays far below
 * Postgres' 8000-byte NOTIFY payload limit.
 */
export const PRESENCE_SITES_PER_SIGNAL = 200;

/** A count of moderation views that cannot be real; refused as malformed. */
const MAX_COUNT = 1_000_000;

const PresenceSignalSchema = v.strictObject({
  kind: v.literal('presence'),
  /** The announcing node. */
  node: NodeId,
  /** Announcements of one node are numbered; one arriving after a newer one is ignored. */
  seq: v.pipe(v.number(), v.safeInteger(), v.minValue(0)),
  /** How long the counts hold unless repeated, in ms. */
  ttlMs: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_PRESENCE_TTL_MS)),
  /** [site id, moderation views open for it on the node]; sites not listed are left as they were. */
  sites: v.pipe(
    v.array(v.tuple([EntityId, v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_COUNT))])),
    v.maxLength(PRESENCE_SITES_PER_SIGNAL),
  ),
  /** Sent by a node that may have missed announcements (it has just started or reconnected): every node answers. */
  ask: v.optional(v.boolean()),
});

const TypingSignalSchema = v.strictObject({
  kind: v.literal('typing'),
  node: NodeId,
  siteId: EntityId,
  boardId: EntityId,
  /** The board's slug, as customer frames name it. */
  board: BoardSlug,
  threadId: EntityId,
});

/** Members one bell signal names at most: 300 × 19 bytes stays far below the 8000-byte NOTIFY limit. */
export const BELL_MEMBERS_PER_SIGNAL = 300;

const BellSignalSchema = v.strictObject({
  kind: v.literal('bell'),
  /** Members whose unread answers and replies changed. */
  memberIds: v.pipe(v.array(EntityId), v.maxLength(BELL_MEMBERS_PER_SIGNAL)),
});

const ListingSignalSchema = v.strictObject({
  kind: v.literal('listing'),
  /** The site whose listings may show something else now (a member renamed or erased, a role, settings). */
  siteId: EntityId,
});

const SignalSchema = v.variant('kind', [
  PresenceSignalSchema,
  TypingSignalSchema,
  BellSignalSchema,
  ListingSignalSchema,
]);

/** A node announces how many moderation views it has open per site. */
export type PresenceSignal = v.InferOutput<typeof PresenceSignalSchema>;
/** Staff type a reply in a thread, on some node. */
export type TypingSignal = v.InferOutput<typeof TypingSignalSchema>;
/** Members' unread news changed, on some node. */
export type BellSignal = v.InferOutput<typeof BellSignalSchema>;
/** What a site's listings show changed without a board event, on some node. */
export type ListingSignal = v.InferOutput<typeof ListingSignalSchema>;
export type Signal = PresenceSignal | TypingSignal | BellSignal | ListingSignal;

export function encodeSignal(signal: Signal): string {
  return JSON.stringify(signal);
}

/** Parses and validates a signal payload; a malformed one comes back with the reason. */
export function decodeSignal(payload: string): { ok: true; signal: Signal } | { ok: false; reason: string } {
  let json: unknown;
  try {
    json = JSON.parse(payload);
  } catch {
    return { ok: false, reason: 'not JSON' };
  }
  const result = v.safeParse(SignalSchema, json);
  return result.success ? { ok: true, signal: result.output } : { ok: false, reason: describeIssues(result.issues) };
}
