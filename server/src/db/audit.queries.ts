import type { AuditAction, AuditEntry } from '@booth/shared';
import type { Executor } from './executor.js';

export interface NewAuditEntry {
  siteId: string;
  actorId: string;
  action: AuditAction;
  target: AuditEntry['target'];
  reason: string | null;
  details?: Record<string, unknown>;
  now: Date;
}

/** Records one moderation action; called inside the action's own transaction. */
export async function insertAuditEntry(db: Executor, entry: NewAuditEntry): Promise<void> {
  await db
    .insertInto('moderation_actions')
    .values({
      site_id: entry.siteId,
      actor_id: entry.actorId,
      action: entry.action,
      target_type: entry.target.type,
      target_id: entry.target.id,
      target_label: entry.target.label,
      reason: entry.reason,
      details: JSON.stringify(entry.details ?? {}),
      created_at: entry.now,
    })
    .execute();
}

/** A page of a site's audit log, newest first. */
export async function listAuditEntries(db: Executor, siteId: string, beforeId: string | null, limit: number) {
  let query = db
    .selectFrom('moderation_actions as a')
    .innerJoin('members as actor', 'actor.id', 'a.actor_id')
    .select([
      'a.id',
      'a.action',
      'a.target_type',
      'a.target_id',
      'a.target_label',
      'a.reason',
      'a.details',
      'a.created_at',
      'actor.id as author_id',
      'actor.name as author_name',
      'actor.avatar_url as author_avatar_url',
      'actor.role as author_role',
      'actor.guest as author_guest',
    ])
    .where('a.site_id', '=', siteId)
    .orderBy('a.id', 'desc')
    .limit(limit);
  if (beforeId !== null) query = query.where('a.id', '<', beforeId);
  return query.execute();
}

export type AuditRow = Awaited<ReturnType<typeof listAuditEntries>>[number];
