import { insertAuditEntry, type NewAuditEntry } from '../db/audit.queries.js';
import type { Executor } from '../db/executor.js';
import type { Actor } from './services.js';

/** What a staff member did: the action, its target, and the optional reason and details. */
export type ActionRecord = Pick<NewAuditEntry, 'action' | 'target' | 'details'> & { reason?: string | null };

/** Records an action of a staff member on their own site in the audit log, inside the action's transaction. */
export function recordAction(db: Executor, actor: Actor, now: Date, record: ActionRecord): Promise<void> {
  return insertAuditEntry(db, {
    ...record,
    reason: record.reason ?? null,
    siteId: actor.site.id,
    actorId: actor.member.id,
    now,
  });
}
