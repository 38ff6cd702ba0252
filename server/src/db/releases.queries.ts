import type { Executor } from './executor.js';
import { selectThreadViews, type ThreadViewRow } from './threads.queries.js';

/** A release as listed: its board's slug beside it. */
export interface ReleaseRow {
  id: string;
  board_slug: string;
  name: string;
  released_at: Date;
}

/** Records a release of a board; returns it as listed. */
export async function insertRelease(
  db: Executor,
  release: { boardId: string; boardSlug: string; name: string; memberId: string; now: Date },
): Promise<ReleaseRow> {
  const row = await db
    .insertInto('board_releases')
    .values({
      board_id: release.boardId,
      name: release.name,
      created_by: release.memberId,
      released_at: release.now,
    })
    .returning(['id', 'name', 'released_at'])
    .executeTakeFirstOrThrow();
  return { ...row, board_slug: release.boardSlug };
}

/**
 * Flags every accepted answer of a board as one to re-check (a release just made them all older
 * than it); returns how many were not flagged yet.
 */
export async function flagBoardAnswers(db: Executor, boardId: string): Promise<number> {
  const result = await db
    .updateTable('threads')
    .set({ answer_stale: true })
    .where('board_id', '=', boardId)
    .where('accepted_post_id', 'is not', null)
    .where('answer_stale', '=', false)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** The latest releases of a site's boards, newest first. */
export async function listSiteReleases(db: Executor, siteId: string, limit: number): Promise<ReleaseRow[]> {
  return db
    .selectFrom('board_releases')
    .innerJoin('boards', 'boards.id', 'board_releases.board_id')
    .select(['board_releases.id', 'boards.slug as board_slug', 'board_releases.name', 'board_releases.released_at'])
    .where('boards.site_id', '=', siteId)
    .orderBy('board_releases.id', 'desc')
    .limit(limit)
    .execute();
}

/**
 * Accepted answers of a site's visible threads flagged for a re-check, checked longest ago first,
 * each with its board's latest release.
 */
export async function listStaleAnswers(
  db: Executor,
  siteId: string,
  limit: number,
): Promise<(ThreadViewRow & { release_id: string | null; release_name: string | null; released_at: Date | null })[]> {
  return selectThreadViews(db)
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('board_releases')
          .select([
            'board_releases.id as release_id',
            'board_releases.name as release_name',
            'board_releases.released_at',
          ])
          .whereRef('board_releases.board_id', '=', 'threads.board_id')
          .orderBy('board_releases.id', 'desc')
          .limit(1)
          .as('latest'),
      (join) => join.onTrue(),
    )
    .select(['latest.release_id', 'latest.release_name', 'latest.released_at'])
    .where('boards.site_id', '=', siteId)
    .where('threads.answer_stale', '=', true)
    .where('threads.accepted_post_id', 'is not', null)
    .where('threads.hidden', '=', false)
    .orderBy('threads.answer_checked_at')
    .orderBy('threads.id')
    .limit(limit)
    .execute();
}
