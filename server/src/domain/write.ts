import type { BoardEvent, ClientMessage, StaffBoardEvent } from '@booth/shared';
import type { Transaction } from 'kysely';
import type { Database } from '../db/database.js';
import { DomainError } from './domain-error.js';
import type { Notify } from './mail/notices.js';
import { requestFingerprint } from './request-fingerprint.js';
import type { Actor, Services } from './services.js';
import type { ReplyStatements } from './side-by-side.js';
import { commitWrites, type PendingWrite } from './write-group.js';

/**
 * Adds an event to the board's log as part of the write's transaction (its event id is taken
 * at the end of the transaction). Staff-only kinds (held posts, reports) are stored for the
 * staff audience only.
 */
export type Emit = (boardId: string, event: BoardEvent | StaffBoardEvent) => Promise<void>;

/**
 * A write as validated from the client's frame, whole: its content is fingerprinted, so a key
 * reused for different content is told apart from a retry.
 */
export type WriteRequest = Extract<ClientMessage, { key: string }>;

/**
 * Checks that the writer may write, against their member row and their site's guest setting as
 * stored when the write claimed its key (under the writer's row lock); throws a `DomainError` to
 * refuse. A write that checks so needs no fresh read of the writer before it starts.
 */
export type WriteCheck = (writer: Actor) => void;

/** An actor whose right to write is checked inside the write's transaction (see `WriteCheck`). */
export interface CheckedActor extends Actor {
  check: WriteCheck;
}

/** What a write does inside its transaction; it returns the write's response. */
export type WriteWork<R> = (
  tx: Transaction<Database>,
  emit: Emit,
  notify: Notify,
  /** A reply's statements, sent together with those of the writes running beside it (see `SideBySide`). */
  statements: ReplyStatements,
) => Promise<R>;

/**
 * Runs one write: claims the idempotency key, does the work, appends its events, enqueues its
 * notices for followers and stores the response, all in one transaction; then announces the
 * events. A retry with the same key and content gets the stored response and changes nothing;
 * the same key with other content is a conflict.
 *
 * Writes that can share a transaction (`WriteGroups`) are committed together with the others
 * that arrive while the node's earlier ones commit: one transaction, one event append for
 * all their boards, one commit. A write that fails in a group leaves no trace of it: the group is rolled
 * back and each of its writes runs again alone, so the failure is that write's only.
 *
 * Lock order. Every write takes its row locks in this order, so two writes wait for each other
 * instead of deadlocking:
 * 1. the writing members' rows (taken by `claimKeys`, first thing, in id order): one member's
 *    writes run one after another, whichever sockets and nodes they come from;
 * 2. the row of a member the write acts on (the author of a post staff approve, a member they ban);
 * 3. the post (several: in id order), then 4. its thread (a reply locks only the thread; the
 *    replies of a group in thread id order);
 * 5. the boards whose events it appends, in id order, last (`appendEvents`).
 * Rows are locked `FOR NO KEY UPDATE` (no write changes a key), so the share locks that foreign
 * keys of new rows take on members, threads and posts never wait for them.
 */
export async function runWrite<R>(
  services: Services,
  actor: Actor | CheckedActor,
  request: WriteRequest,
  work: WriteWork<R>,
) {
  const fingerprint = requestFingerprint(request);
  const started = performance.now();
  const { site, member } = actor;
  const check = 'check' in actor ? actor.check : undefined;
  const pending: PendingWrite = { actor: { site, member }, request, fingerprint, work, check };
  const groups = services.writeGroups;
  const [outcome] =
    groups?.accepts(request) === true ? [await groups.submit(pending)] : await commitWrites(services, [pending]);
  if (!outcome) throw new Error('A write committed without its outcome');
  if (outcome.replayed) {
    if (!outcome.stored || outcome.stored.requestType !== request.type) {
      throw new DomainError('conflict', { key: 'refusal.keyReused' });
    }
    // Keys claimed before fingerprints were kept have none, and are matched on type alone.
    if (outcome.stored.fingerprint !== null && outcome.stored.fingerprint !== fingerprint) {
      throw new DomainError('conflict', { key: 'refusal.keyOtherContent' });
    }
    return outcome.stored.response as R;
  }
  services.observeWrite?.(request.type, (performance.now() - started) / 1000);
  // Before the reply: the writer's next read, on whichever request, must see this write.
  await services.reads.wrote(actor.member.id);
  return outcome.result as R;
}
