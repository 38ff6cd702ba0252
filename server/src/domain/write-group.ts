import { STAFF_EVENT_KINDS } from '@booth/shared';
import { type RawBuilder, sql } from 'kysely';
import { appendEvents, type NewEvent, type StoredEvent } from '../db/events.queries.js';
import { claimId, claimKeys, findResponse, saveResponsesQuery } from '../db/idempotency.queries.js';
import { retryOnConflict } from '../db/retry-conflicts.js';
import type { Notice } from './mail/notices.js';
import type { Actor, Services } from './services.js';
import { type ReplyStatements, SideBySide } from './side-by-side.js';
import type { Emit, WriteCheck, WriteRequest, WriteWork } from './write.js';

/** A write waiting to commit: who writes, what they sent, and the work it does in the transaction. */
export interface PendingWrite {
  actor: Actor;
  request: WriteRequest;
  /** The request's content fingerprint, kept with its key. */
  fingerprint: string;
  // biome-ignore lint/suspicious/noExplicitAny: each write of a group returns its own response type.
  work: WriteWork<any>;
  /** Checks the writer as stored now, read with the key's claim under the writer's row lock (see `runWrite`). */
  check?: WriteCheck | undefined;
}

/** How a write came out of its transaction: done now, or a retry of a key used before. */
export type WriteOutcome =
  | { replayed: false; result: unknown }
  | {
      replayed: true;
      stored: { requestType: string; fingerprint: string | null; response: unknown } | undefined;
    };

/** A board's events of the transaction, in the order they were emitted, with their site. */
interface BoardLog {
  siteId: string;
  events: NewEvent[];
}

/**
 * Commits writes in one transaction (`runWrite` tells what each does): claims their keys, runs
 * their work side by side (see `SideBySide`), appends all
 * their boards' events in one statement (boards in id order) with the responses and the mail
 * jobs, commits (sent right behind the append), then announces the events. One outcome per
 * write, in order. If any write fails, the whole transaction is rolled back and the error thrown: the
 * caller decides whether to run the writes again one by one (see `WriteGroups`).
 */
export async function commitWrites(services: Services, writes: readonly PendingWrite[]): Promise<WriteOutcome[]> {
  const published = new Map<string, { siteId: string; events: StoredEvent[] }>();
  // A transaction Postgres aborts as a deadlock or serialization failure left nothing: run it again.
  const outcomes = await retryOnConflict(async () => {
    let appended: Promise<void> = Promise.resolve();
    const outcomes = await services.db.transaction().execute(async (tx) => {
      published.clear();
      // The group's statements take their keys and rows from arrays, so a plan made for one
      // group's values fits the next; without generic plans, Postgres plans them again at every execution.
      const claimed = await claimKeys(
        tx,
        writes.map((w) => ({
          memberId: w.actor.member.id,
          key: w.request.key,
          requestType: w.request.type,
          fingerprint: w.fingerprint,
        })),
        { genericPlans: writes.length > 1 },
      );
      const boards = new Map<string, BoardLog>();
      const notices = new Map<string, Notice[]>();
      const responses: { memberId: string; key: string; response: unknown }[] = [];
      const outcomes: WriteOutcome[] = [];
      /** Each write's events and notices, taken into the group's in the writes' order (see below). */
      const emitted = writes.map(() => ({
        events: [] as { boardId: string; event: NewEvent }[],
        notices: [] as Notice[],
      }));
      const runOne = async (i: number, statements: ReplyStatements): Promise<WriteOutcome> => {
        const write = writes[i] as PendingWrite;
        const own = emitted[i] as (typeof emitted)[number];
        const memberId = write.actor.member.id;
        const claim = claimed.get(claimId(memberId, write.request.key));
        if (!claim) return { replayed: true, stored: await findResponse(tx, memberId, write.request.key) };
        const site = write.actor.site;
        write.check?.({ site: { ...site, guests_allowed: claim.guestsAllowed }, member: claim.member });
        const emit: Emit = async (boardId, event) => {
          const audience = STAFF_EVENT_KINDS.has(event.kind) ? 'staff' : 'all';
          own.events.push({ boardId, event: { event, audience } });
          for (const sink of services.sinks) await sink.onEvent(tx, site, event);
        };
        const notify = (notice: Notice) => own.notices.push(notice);
        const result = await write.work(tx, emit, notify, statements);
        responses.push({ memberId, key: write.request.key, response: result });
        return { replayed: false, result };
      };
      // Writes run side by side, sharing their reply statements (see `SideBySide`).
      const settled = await new SideBySide(tx).run(
        writes.map((write, i) => ({
          memberId: write.actor.member.id,
          threadId: threadOf(write),
          work: (statements: ReplyStatements) => runOne(i, statements),
        })),
      );
      for (const [i, result] of settled.entries()) {
        if (result.status === 'rejected') throw result.reason;
        outcomes[i] = result.value;
      }
      // Events in the writes' order, whichever finished first: a thread's replies are in the order
      // they changed it, so each event's thread view is newer than the one before it.
      for (const [i, { events, notices: own }] of emitted.entries()) {
        const siteId = (writes[i] as PendingWrite).actor.site.id;
        for (const { boardId, event } of events) {
          const log = boards.get(boardId) ?? { siteId, events: [] };
          log.events.push(event);
          boards.set(boardId, log);
        }
        if (own.length > 0) notices.set(siteId, [...(notices.get(siteId) ?? []), ...own]);
      }
      // One job per site for all its writes' notices, however many people follow: a worker fans it out.
      const alongside: RawBuilder<unknown>[] = responses.length > 0 ? [saveResponsesQuery(responses)] : [];
      for (const [siteId, list] of notices) {
        const fanOut = await services.mail?.enqueueStatement(siteId, list);
        if (fanOut) alongside.push(fanOut);
      }
      // Last, so the board rows are locked (see appendEvents) only for one statement and the commit;
      // the responses are stored and the jobs enqueued in the same statement. Boards are taken in
      // id order, so two transactions touching the same boards never deadlock.
      // The commit goes out right behind it, without waiting for its answer: if it fails, the
      // transaction is aborted, the commit only ends it, and its error is thrown below.
      if (boards.size > 0) {
        const logs = [...boards].map(([boardId, log]) => ({ boardId, events: log.events }));
        appended = appendEvents(tx, logs, alongside.splice(0)).then((stored) => {
          for (const [boardId, log] of boards) {
            published.set(boardId, { siteId: log.siteId, events: stored.get(boardId) ?? [] });
          }
        });
        appended.catch(() => {});
      }
      for (const statement of alongside) await sql`${statement}`.execute(tx);
      return outcomes;
    });
    await appended;
    return outcomes;
  });
  for (const [boardId, { siteId, events }] of published) services.published(siteId, boardId, events);
  return outcomes;
}

/** The thread a write replies to, if it is a reply. */
export function threadOf(write: PendingWrite): string | null {
  return 'threadId' in write.request ? String(write.request.threadId) : null;
}
