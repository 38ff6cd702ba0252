/**
 * The FAQ built from answers. Every answered question of a board (an accepted answer, or a
 * staff reply) is in it unless staff leave it out; staff may pin entries to positions and write
 * a short canonical summary. Readers may narrow it with the same full-text search as the board's.
 */
import { type ClientMessageOf, FAQ_LIMITS, type FaqEntry, SEARCH_LIMITS } from '@booth/shared';
import type { Executor } from '../../db/executor.js';
import { type FaqRow, listFaqRows, upsertFaqEntry } from '../../db/faq.queries.js';
import { listPostViewsByIds } from '../../db/posts.queries.js';
import { type SearchScope, searchConfig, searchThreads } from '../../db/search.queries.js';
import { recordAction } from '../audit.js';
import { DomainError } from '../domain-error.js';
import { lockSiteThread } from '../lookups.js';
import { toPostView, toThreadView } from '../mappers.js';
import type { Actor, Services } from '../services.js';
import { assertStaff } from '../staff-authorization.js';
import { runWrite } from '../write.js';

/** Search hits the FAQ is narrowed to: the deepest a reader can page a search. */
const SEARCHED_THREADS = SEARCH_LIMITS.maxOffset + SEARCH_LIMITS.pageSize;

export interface FaqRequest {
  scope: SearchScope;
  query: string | null;
  /** Staff see the entries they left out too. */
  withExcluded: boolean;
}

async function matchingThreads(db: Executor, scope: SearchScope, query: string | null): Promise<string[] | null> {
  if (query === null) return null;
  const rows = await searchThreads(db, scope, await searchConfig(db, scope.siteId), query, SEARCHED_THREADS, 0);
  return rows.map((r) => r.thread_id);
}

async function toEntries(db: Executor, rows: FaqRow[]): Promise<FaqEntry[]> {
  const answerIds = rows.flatMap((r) => (r.answer_post_id ? [r.answer_post_id] : []));
  const posts = new Map(
    (answerIds.length ? await listPostViewsByIds(db, answerIds) : []).map((p) => [p.id, toPostView(p)]),
  );
  return rows.flatMap((row) => {
    const post = row.answer_post_id ? posts.get(row.answer_post_id) : undefined;
    if (!post) return [];
    return [
      {
        thread: toThreadView(row),
        answer: { postId: post.id, author: post.author, html: post.html, accepted: post.id === row.accepted_post_id },
        summary: row.summary ?? null,
        position: row.position ?? null,
        included: row.included ?? true,
        views: Number(row.view_count),
        helpfulness: row.helpfulness,
      },
    ];
  });
}

/** The FAQ of a board or a site, in order: pinned positions first, then by helpfulness. */
export async function readFaq(db: Executor, request: FaqRequest): Promise<FaqEntry[]> {
  const threadIds = await matchingThreads(db, request.scope, request.query);
  const rows = await listFaqRows(db, {
    scope: request.scope,
    withExcluded: request.withExcluded,
    threadIds,
    limit: FAQ_LIMITS.entries,
  });
  return toEntries(db, rows);
}

/** Staff: the FAQ of the site (or a board) with the entries left out, to curate it. */
export async function staffFaq(
  services: Services,
  actor: Actor,
  msg: ClientMessageOf<'staff.faq'>,
): Promise<{ entries: FaqEntry[] }> {
  assertStaff(actor.member, actor.site, services.now());
  const scope = { siteId: actor.site.id, board: msg.board ?? null };
  return { entries: await readFaq(services.db, { scope, query: null, withExcluded: true }) };
}

/** Staff: includes or leaves out a thread, pins it, or sets its summary; in the audit log. */
export async function curateFaq(
  services: Services,
  actor: Actor,
  msg: ClientMessageOf<'staff.faq.curate'>,
): Promise<{ entry: FaqEntry }> {
  const now = services.now();
  assertStaff(actor.member, actor.site, now);
  return runWrite(services, actor, msg, async (tx) => {
    const thread = await lockSiteThread(tx, actor, msg.threadId);
    await upsertFaqEntry(tx, {
      threadId: thread.id,
      siteId: actor.site.id,
      included: msg.included,
      position: msg.position,
      summary: msg.summary,
      memberId: actor.member.id,
      now,
    });
    const rows = await listFaqRows(tx, {
      scope: { siteId: actor.site.id, board: null },
      withExcluded: true,
      threadIds: [thread.id],
      limit: 1,
    });
    const [entry] = await toEntries(tx, rows);
    // Only answered questions have a place in the FAQ; the transaction rolls the row back.
    if (!entry) throw new DomainError('not_found', { key: 'refusal.notInFaq' });
    await recordAction(tx, actor, now, {
      action: 'faq.curate',
      target: { type: 'thread', id: thread.id, label: thread.title },
      details: { included: msg.included, position: msg.position, summary: msg.summary !== null },
    });
    return { entry };
  });
}
