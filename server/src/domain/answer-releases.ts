/**
 * Answers that go stale: staff record a product release on a board, every answer accepted there
 * before it may be out of date (the widget says so) and waits in the re-check queue until staff
 * confirm it or accept another. Recording, confirming and replacing are in the audit log.
 */
import type { ClientMessageOf, RecheckItem, ReleaseView, ThreadView } from '@booth/shared';
import { findBoard } from '../db/boards.queries.js';
import type { ThreadRow } from '../db/database.js';
import {
  flagBoardAnswers,
  insertRelease,
  listSiteReleases,
  listStaleAnswers,
  type ReleaseRow,
} from '../db/releases.queries.js';
import { updateThread } from '../db/threads.queries.js';
import { recordAction } from './audit.js';
import { DomainError } from './domain-error.js';
import { lockSiteThread } from './lookups.js';
import { toThreadView } from './mappers.js';
import { announceThread } from './moderation.js';
import type { Actor, Services } from './services.js';
import { assertStaff } from './staff-authorization.js';
import { runWrite } from './write.js';

/** Longest re-check queue returned at once; the answers checked longest ago come first. */
const RECHECK_LIMIT = 200;
/** Releases listed beside the queue. */
const RELEASES_LISTED = 20;

function toReleaseView(row: ReleaseRow): ReleaseView {
  return { id: row.id, board: row.board_slug, name: row.name, releasedAt: row.released_at.toISOString() };
}

/** Records a release on a board of the actor's site and flags the board's accepted answers for a re-check. */
export async function recordRelease(
  services: Services,
  actor: Actor,
  msg: ClientMessageOf<'staff.release.record'>,
): Promise<{ release: ReleaseView; stale: number }> {
  const now = services.now();
  assertStaff(actor.member, actor.site, now);
  return runWrite(services, actor, msg, async (tx, emit) => {
    const board = await findBoard(tx, actor.site.id, msg.board);
    if (!board) throw new DomainError('not_found', { key: 'refusal.noBoard', params: { board: msg.board } });
    const row = await insertRelease(tx, {
      boardId: board.id,
      boardSlug: board.slug,
      name: msg.name,
      memberId: actor.member.id,
      now,
    });
    const stale = await flagBoardAnswers(tx, board.id);
    const release = toReleaseView(row);
    // One event for the whole board: the widget flags the accepted answers it shows, as the server just did.
    await emit(board.id, { kind: 'board.released', name: release.name, releasedAt: release.releasedAt });
    await recordAction(tx, actor, now, {
      action: 'board.release',
      target: { type: 'board', id: board.id, label: board.slug },
      details: { release: release.name, stale },
    });
    return { release, stale };
  });
}

/** The accepted answers waiting for a re-check, and the site's latest releases. */
export async function recheckQueue(
  services: Services,
  actor: Actor,
): Promise<{ items: RecheckItem[]; releases: ReleaseView[] }> {
  assertStaff(actor.member, actor.site, services.now());
  const [rows, releases] = await Promise.all([
    listStaleAnswers(services.db, actor.site.id, RECHECK_LIMIT),
    listSiteReleases(services.db, actor.site.id, RELEASES_LISTED),
  ]);
  const items = rows.map((row) => ({
    thread: toThreadView(row),
    checkedAt: row.answer_checked_at?.toISOString() ?? null,
    release:
      row.release_id !== null && row.release_name !== null && row.released_at !== null
        ? toReleaseView({
            id: row.release_id,
            board_slug: row.board_slug,
            name: row.release_name,
            released_at: row.released_at,
          })
        : null,
  }));
  return { items, releases: releases.map(toReleaseView) };
}

/** Staff confirm a thread's accepted answer still holds: stamped as checked now, no longer stale. */
export async function confirmAnswer(
  services: Services,
  actor: Actor,
  msg: ClientMessageOf<'staff.answer.confirm'>,
): Promise<{ thread: ThreadView }> {
  const now = services.now();
  assertStaff(actor.member, actor.site, now);
  return runWrite(services, actor, msg, async (tx, emit) => {
    const thread = await lockSiteThread(tx, actor, msg.threadId);
    if (thread.accepted_post_id === null) throw new DomainError('conflict', { key: 'refusal.noAcceptedAnswer' });
    const changes = { answer_stale: false, answer_checked_at: now };
    await updateThread(tx, thread.id, changes);
    const view = await announceThread(tx, emit, thread, { ...thread, ...changes } as ThreadRow);
    await recordAction(tx, actor, now, {
      action: 'answer.confirm',
      target: { type: 'thread', id: thread.id, label: thread.title },
      reason: msg.reason,
      details: { postId: thread.accepted_post_id, wasStale: thread.answer_stale },
    });
    return { thread: view };
  });
}
