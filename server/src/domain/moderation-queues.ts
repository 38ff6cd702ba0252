/** What the moderation view lists: the three queues, recent threads, one thread in full, the audit log. */

import type {
  AuditEntry,
  ClientMessageOf,
  PendingPost,
  ReportedPost,
  ReportView,
  StaffResultMap,
  ThreadView,
  UnansweredOrder,
  UnansweredThread,
} from '@booth/shared';
import { listAuditEntries } from '../db/audit.queries.js';
import { findBoardById } from '../db/boards.queries.js';
import { openEscalationsAmong } from '../db/escalations.queries.js';
import type { Executor } from '../db/executor.js';
import { listPendingPostViews, listRecentThreadViews, listStaffThreadPosts } from '../db/moderation-queues.queries.js';
import { listPostViewsByIds } from '../db/posts.queries.js';
import { listOpenReports } from '../db/reports.queries.js';
import { findThreadView, listThreadViewsByIds, listUnanswered } from '../db/threads.queries.js';
import { brandLinksOf } from './brand-pages.js';
import { DomainError } from './domain-error.js';
import { escalationOf } from './escalations.js';
import { toPostView, toThreadView } from './mappers.js';
import type { Actor, Services } from './services.js';
import { assertStaff } from './staff-authorization.js';
import { toAuditEntry, toReportView } from './staff-mappers.js';

/** Longest queue returned at once; the oldest items come first, so nothing old is cut. */
const QUEUE_LIMIT = 200;
const AUDIT_PAGE = 50;

function staffOnly(services: Services, actor: Actor): void {
  assertStaff(actor.member, actor.site, services.now());
}

/** Questions of every board of the site with no staff reply and no accepted answer, in the order staff chose (oldest first by default). */
export async function unansweredQueue(
  services: Services,
  actor: Actor,
  order: UnansweredOrder = 'oldest',
): Promise<{ threads: UnansweredThread[] }> {
  staffOnly(services, actor);
  const rows = await listUnanswered(services.db, actor.site.id, order, QUEUE_LIMIT);
  const escalated = await openEscalationsAmong(
    services.db,
    rows.map((r) => r.id),
  );
  return {
    threads: rows.map((r) => ({
      thread: toThreadView(r),
      waitingSince: r.created_at.toISOString(),
      escalated: escalated.has(r.id),
    })),
  };
}

async function threadsById(db: Executor, ids: string[]): Promise<Map<string, ThreadView>> {
  if (ids.length === 0) return new Map();
  const rows = await listThreadViewsByIds(db, ids);
  return new Map(rows.map((r) => [r.id, toThreadView(r)]));
}

/** Posts with open reports, the longest-reported first, each with its reports. */
export async function reportsQueue(services: Services, actor: Actor): Promise<{ items: ReportedPost[] }> {
  staffOnly(services, actor);
  const reports = await listOpenReports(services.db, actor.site.id, { limit: QUEUE_LIMIT * 5 });
  const byPost = new Map<string, ReportView[]>();
  for (const r of reports) {
    const list = byPost.get(r.post_id) ?? [];
    list.push(toReportView(r));
    byPost.set(r.post_id, list);
  }
  const postIds = [...byPost.keys()].slice(0, QUEUE_LIMIT);
  if (postIds.length === 0) return { items: [] };
  const posts = (await listPostViewsByIds(services.db, postIds)).map(toPostView);
  const threads = await threadsById(services.db, [...new Set(posts.map((p) => p.threadId))]);
  const postsById = new Map(posts.map((p) => [p.id, p]));
  const items: ReportedPost[] = [];
  for (const id of postIds) {
    const post = postsById.get(id);
    const thread = post && threads.get(post.threadId);
    if (post && thread) items.push({ post, thread, reports: byPost.get(id) ?? [] });
  }
  return { items };
}

/** Posts held for review, oldest first. */
export async function pendingQueue(services: Services, actor: Actor): Promise<{ items: PendingPost[] }> {
  staffOnly(services, actor);
  const rows = await listPendingPostViews(services.db, actor.site.id, QUEUE_LIMIT);
  const threads = await threadsById(services.db, [...new Set(rows.map((r) => r.thread_id))]);
  return {
    items: rows.flatMap((row) => {
      const thread = threads.get(row.thread_id);
      return thread ? [{ post: toPostView(row), thread, holdReason: row.hold_reason }] : [];
    }),
  };
}

/** The site's most recently active threads, hidden ones included, optionally filtered. */
export async function recentThreads(
  services: Services,
  actor: Actor,
  msg: ClientMessageOf<'staff.threads'>,
): Promise<{ threads: ThreadView[] }> {
  staffOnly(services, actor);
  const rows = await listRecentThreadViews(services.db, actor.site.id, msg.filter, 100);
  return { threads: rows.map(toThreadView) };
}

/** One thread with every post a moderator may act on (held and hidden ones too) and its open reports. */
export async function staffOpenThread(
  services: Services,
  actor: Actor,
  threadId: string,
): Promise<StaffResultMap['staff.thread.open']> {
  staffOnly(services, actor);
  const row = await findThreadView(services.db, threadId);
  if (!row) throw new DomainError('not_found');
  const board = await findBoardById(services.db, row.board_id);
  if (board?.site_id !== actor.site.id) throw new DomainError('not_found');
  const posts = await listStaffThreadPosts(services.db, threadId, 500);
  const reports: Record<string, ReportView[]> = {};
  for (const r of await listOpenReports(services.db, actor.site.id, { threadId, limit: 500 })) {
    const list = reports[r.post_id] ?? [];
    list.push(toReportView(r));
    reports[r.post_id] = list;
  }
  const thread = toThreadView(row);
  const brandUrl = (await brandLinksOf(services.db, actor.site.id, thread))(null);
  const escalation = await escalationOf(services.db, threadId);
  return { thread, posts: posts.map(toPostView), reports, brandUrl, boardPageUrl: board.page_url, escalation };
}

/** A page of the audit log, newest first; `next` is the `before` of the following page. */
export async function auditLog(
  services: Services,
  actor: Actor,
  before: string | null,
): Promise<{ entries: AuditEntry[]; next: string | null }> {
  staffOnly(services, actor);
  const rows = await listAuditEntries(services.db, actor.site.id, before, AUDIT_PAGE + 1);
  const entries = rows.slice(0, AUDIT_PAGE).map(toAuditEntry);
  return { entries, next: rows.length > AUDIT_PAGE ? (entries.at(-1)?.id ?? null) : null };
}
