import { sql } from 'kysely';
import type { ReportStatus } from './database.js';
import type { Executor } from './executor.js';

export interface NewReport {
  siteId: string;
  postId: string;
  reporterId: string;
  reason: string;
  now: Date;
}

/** Files a report; returns false when this member already has an open report on the post. */
export async function insertReport(db: Executor, r: NewReport): Promise<boolean> {
  const row = await db
    .insertInto('reports')
    .values({
      site_id: r.siteId,
      post_id: r.postId,
      reporter_id: r.reporterId,
      reason: r.reason,
      created_at: r.now,
      resolved_at: null,
      resolved_by: null,
    })
    .onConflict((oc) => oc.columns(['post_id', 'reporter_id']).where('status', '=', 'open').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Closes the open reports of a post; returns how many were closed. */
export async function resolveReports(
  db: Executor,
  postId: string,
  status: Exclude<ReportStatus, 'open'>,
  by: string,
  now: Date,
): Promise<number> {
  const result = await db
    .updateTable('reports')
    .set({ status, resolved_by: by, resolved_at: now })
    .where('post_id', '=', postId)
    .where('status', '=', 'open')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Open reports of a site (or of one thread), oldest first, with the reporter. */
export async function listOpenReports(db: Executor, siteId: string, filter: { threadId?: string; limit: number }) {
  let query = db
    .selectFrom('reports')
    .innerJoin('members as author', 'author.id', 'reports.reporter_id')
    .innerJoin('posts', 'posts.id', 'reports.post_id')
    .select([
      'reports.id',
      'reports.post_id',
      'reports.reason',
      'reports.created_at',
      'author.id as author_id',
      'author.name as author_name',
      'author.avatar_url as author_avatar_url',
      'author.role as author_role',
      'author.guest as author_guest',
    ])
    .where('reports.site_id', '=', siteId)
    .where('reports.status', '=', 'open')
    .orderBy('reports.created_at')
    .orderBy('reports.id')
    .limit(filter.limit);
  if (filter.threadId !== undefined) query = query.where('posts.thread_id', '=', filter.threadId);
  return query.execute();
}

export type OpenReportRow = Awaited<ReturnType<typeof listOpenReports>>[number];

/** The latest report of a post: its id and reason. */
export async function findLatestReport(
  db: Executor,
  postId: string,
): Promise<{ id: string; reason: string } | undefined> {
  const { rows } = await sql<{ id: string; reason: string }>`
    select id, reason from reports where post_id = ${postId} order by id desc limit 1
  `.execute(db);
  return rows[0];
}
