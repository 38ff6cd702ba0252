import {
  type BoardEvent,
  type ClientMessage,
  compareIds,
  STAFF_EVENT_KINDS,
  type StaffBoardEvent,
} from '@booth/shared';
import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/database.js';
import { appendEvents, type NewEvent, type StoredEvent } from '../db/events.queries.js';
import { claimKey, findResponse, saveResponseQuery } from '../db/idempotency.queries.js';
import { retryOnConflict } from '../db/retry-conflicts.js';
import { DomainError } from './domain-error.js';
import type { Notice, Notify } from './mail/notices.js';
import { requestFingerprint } from './request-fingerprint.js';
import type { Actor, Services } from './services.js';

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
 * Runs one write: claims the idempotency key, does the work, appends its events, enqueues its
 * notices for followers and stores the response, all in one transaction; then announces the events. A retry with the same key
 * and content gets the stored response and changes nothing; the same key with other content
 * is a conflict.
 *
 * Lock order. Every write takes its row locks in this order, so two writes wait for each other
 * instead of deadlocking:
 * 1. the writing member's row (taken by `claimKey`, first thing): one member's writes run one
 *    after another, whichever sockets and nodes they come from;
 * 2. the row of a member the write acts on (the author of a post staff approve, a member they ban);
 * 3. the post (several: in id order), then 4. its thread (a reply locks only the thread);
 * 5. the boards whose events it appends, in id order, last (`appendEvents`).
 * Rows are locked `FOR NO KEY UPDATE` (no write changes a key), so the share locks that foreign
 * keys of new rows take on members, threads and posts never wait for them.
 */
export async function runWrite<R>(
  services: Services,
  actor: Actor,
  request: WriteRequest,
  work: (tx: Transaction<Database>, emit: Emit, notify: Notify) => Promise<R>,
): Promise<R> {
  const memberId = actor.member.id;
  const started = performance.now();
  const published = new Map<string, StoredEvent[]>();
  const fingerprint = requestFingerprint(request);
  // A transaction Postgres aborts as a deadlock or serialization failure left nothing: run it again.
  const outcome = await retryOnConflict(() =>
    services.db.transaction().execute(async (tx) => {
      published.clear();
      if (!(await claimKey(tx, memberId, request.key, request.type, fingerprint))) {
        return { replayed: true as const, stored: await findResponse(tx, memberId, request.key) };
      }
      const events = new Map<string, NewEvent[]>();
      const emit: Emit = async (boardId, event) => {
        const audience = STAFF_EVENT_KINDS.has(event.kind) ? 'staff' : 'all';
        events.set(boardId, [...(events.get(boardId) ?? []), { event, audience }]);
        for (const sink of services.sinks) await sink.onEvent(tx, actor.site, event);
      };
      const notices: Notice[] = [];
      const result = await work(tx, emit, (notice) => notices.push(notice));
      // One job for the whole write, however many people follow: a worker fans it out.
      const fanOut = notices.length > 0 ? await services.mail?.enqueueStatement(actor.site.id, notices) : null;
      // Last, so the board row is locked (see appendEvents) only for one statement and the commit;
      // the response is stored and the job enqueued in the same statement as the first board's
      // events. Boards are taken in id order, so two writes touching the same boards (moves
      // between them) never deadlock.
      const alongside = [saveResponseQuery(tx, memberId, request.key, result), ...(fanOut ? [fanOut] : [])];
      for (const [boardId, list] of [...events].sort(([a], [b]) => compareIds(a, b))) {
        published.set(boardId, await appendEvents(tx, boardId, list, alongside.splice(0)));
      }
      for (const statement of alongside) await sql`${statement}`.execute(tx);
      return { replayed: false as const, result };
    }),
  );

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
  for (const [boardId, stored] of published) services.published(actor.site.id, boardId, stored);
  // Before the reply: the writer's next read, on whichever request, must see this write.
  await services.reads.wrote(memberId);
  return outcome.result;
}
