/**
 * Handing a thread to the brand's helpdesk and taking its answer back. Staff escalate with one
 * click; a site may have questions escalate on their own once they wait past its unanswered
 * threshold (the webhook queue's scan). Either way the thread gets one escalation with an
 * unguessable callback reference, and the `thread.escalated` webhook carries it out, signed. The
 * helpdesk answers through the API's reply route with that reference, which resolves it.
 */
import { randomBytes } from 'node:crypto';
import type { ClientMessageOf, EscalationView } from '@booth/shared';
import { type EscalationRow, findEscalation, insertEscalation, resolveEscalation } from '../db/escalations.queries.js';
import type { Executor } from '../db/executor.js';
import { recordAction } from './audit.js';
import { DomainError } from './domain-error.js';
import { lockSiteThread } from './lookups.js';
import type { Actor, Services } from './services.js';
import { assertStaff } from './staff-authorization.js';
import { runWrite } from './write.js';

export function newCallbackRef(): string {
  return `esc_${randomBytes(24).toString('base64url')}`;
}

export function toEscalationView(row: EscalationRow): EscalationView {
  return {
    threadId: row.thread_id,
    reason: row.reason,
    escalatedAt: row.escalated_at.toISOString(),
    escalatedBy: row.escalated_by_name,
    resolvedAt: row.resolved_at?.toISOString() ?? null,
  };
}

/** A thread's escalation as staff see it, or null. */
export async function escalationOf(db: Executor, threadId: string): Promise<EscalationView | null> {
  const row = await findEscalation(db, threadId);
  return row ? toEscalationView(row) : null;
}

/**
 * Staff: hands a thread to the helpdesk (audited). A thread goes once: escalating it again
 * answers the escalation it has and sends nothing more.
 */
export async function escalateThread(
  services: Services,
  actor: Actor,
  msg: ClientMessageOf<'staff.thread.escalate'>,
): Promise<{ escalation: EscalationView }> {
  const now = services.now();
  assertStaff(actor.member, actor.site, now);
  return runWrite(services, actor, msg, async (tx, emit) => {
    const thread = await lockSiteThread(tx, actor, msg.threadId);
    const callbackRef = newCallbackRef();
    const made = await insertEscalation(tx, {
      threadId: thread.id,
      siteId: actor.site.id,
      callbackRef,
      reason: 'manual',
      escalatedBy: actor.member.id,
      now,
    });
    if (made) {
      await recordAction(tx, actor, now, {
        action: 'thread.escalate',
        target: { type: 'thread', id: thread.id, label: thread.title },
        details: {},
      });
      // Staff views refresh; the webhook queue, told of the event in this transaction, sends the webhook.
      await emit(thread.board_id, { kind: 'thread.escalated', threadId: thread.id, callbackRef, reason: 'manual' });
    }
    const row = await findEscalation(tx, thread.id);
    if (!row) throw new DomainError('not_found');
    return { escalation: toEscalationView(row) };
  });
}

/**
 * A staff answer sent through the API on a thread with an escalation resolves it, in the
 * answer's own transaction (a refused answer leaves it open). A callback reference, when sent,
 * must be the thread's, else the answer is refused as not found and nothing is written; without
 * one, the helpdesk is matched by the thread (the first answer is the one recorded).
 */
export async function resolveWithAnswer(
  tx: Executor,
  threadId: string,
  postId: string,
  now: Date,
  callbackRef: string | undefined,
): Promise<void> {
  const row = await findEscalation(tx, threadId);
  if (callbackRef !== undefined && row?.callback_ref !== callbackRef) {
    throw new DomainError('not_found', 'callbackRef: no such escalation of this thread');
  }
  if (row && row.resolved_at === null) await resolveEscalation(tx, threadId, postId, now);
}
