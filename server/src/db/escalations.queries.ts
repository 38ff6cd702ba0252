import { sql } from 'kysely';
import type { Executor } from './executor.js';

export interface NewEscalation {
  threadId: string;
  siteId: string;
  callbackRef: string;
  reason: 'manual' | 'automatic';
  escalatedBy: string | null;
  now: Date;
}

/** Records an escalation unless the thread has one; true when this call made it. */
export async function insertEscalation(db: Executor, e: NewEscalation): Promise<boolean> {
  const made = await db
    .insertInto('thread_escalations')
    .values({
      thread_id: e.threadId,
      site_id: e.siteId,
      callback_ref: e.callbackRef,
      reason: e.reason,
      escalated_at: e.now,
      escalated_by: e.escalatedBy,
    })
    .onConflict((oc) => oc.column('thread_id').doNothing())
    .returning('thread_id')
    .executeTakeFirst();
  return made !== undefined;
}

/** A thread's escalation with the name of who escalated it. */
export function findEscalation(db: Executor, threadId: string) {
  return db
    .selectFrom('thread_escalations as e')
    .leftJoin('members as m', 'm.id', 'e.escalated_by')
    .select([
      'e.thread_id',
      'e.site_id',
      'e.callback_ref',
      'e.reason',
      'e.escalated_at',
      'e.resolved_at',
      'e.resolved_post_id',
      'm.name as escalated_by_name',
    ])
    .where('e.thread_id', '=', threadId)
    .executeTakeFirst();
}

export type EscalationRow = NonNullable<Awaited<ReturnType<typeof findEscalation>>>;

/** Marks a thread's escalation answered by `postId` (the first answer stays the one recorded). */
export async function resolveEscalation(db: Executor, threadId: string, postId: string, now: Date): Promise<void> {
  await db
    .updateTable('thread_escalations')
    .set({ resolved_at: now, resolved_post_id: postId })
    .where('thread_id', '=', threadId)
    .where('resolved_at', 'is', null)
    .execute();
}

/**
 * Questions of sites with automatic escalation that have waited past the site's unanswered
 * threshold (a day unless the site set one) with no accepted answer and no staff reply, and are not escalated yet, oldest first.
 */
export async function questionsToEscalate(db: Executor, now: Date, limit: number) {
  const { rows } = await sql<{ thread_id: string; site_id: string }>`
    select t.id as thread_id, s.id as site_id
    from sites s
    left join site_reach_settings r on r.site_id = s.id
    join boards b on b.site_id = s.id
    join threads t on t.board_id = b.id
    where s.auto_escalate
      and t.kind = 'question' and not t.hidden and not t.locked and t.accepted_post_id is null and t.answered_at is null
      and t.first_staff_reply_at is null
      and t.created_at <= ${now}::timestamptz - make_interval(mins => coalesce(r.unanswered_alert_minutes, 1440))
      and not exists (select 1 from thread_escalations e where e.thread_id = t.id)
    order by t.created_at, t.id
    limit ${limit}
  `.execute(db);
  return rows;
}

/** Which of these threads are with the helpdesk now (escalated, not yet resolved). */
export async function openEscalationsAmong(db: Executor, threadIds: readonly string[]): Promise<Set<string>> {
  if (threadIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('thread_escalations')
    .select('thread_id')
    .where('thread_id', 'in', threadIds)
    .where('resolved_at', 'is', null)
    .execute();
  return new Set(rows.map((r) => r.thread_id));
}
