import type { BoardRow } from './database.js';
import type { Executor } from './executor.js';

/** A site's boards, by id. */
export async function listBoardsForExport(db: Executor, siteId: string): Promise<BoardRow[]> {
  return db.selectFrom('boards').selectAll().where('site_id', '=', siteId).orderBy('id').execute();
}

/** A site's members, by id, with the columns an export carries. */
export async function listMembersForExport(db: Executor, siteId: string) {
  return db
    .selectFrom('members')
    .select([
      'id',
      'external_id',
      'guest',
      'name',
      'avatar_url',
      'role',
      'trust_level',
      'banned_until',
      'email',
      'created_at',
    ])
    .where('site_id', '=', siteId)
    .orderBy('id')
    .execute();
}

/** The threads of these boards, by id, with the columns an export carries. */
export async function listThreadsForExport(db: Executor, boardIds: string[]) {
  return db
    .selectFrom('threads')
    .select([
      'id',
      'board_id',
      'kind',
      'title',
      'excerpt',
      'author_id',
      'accepted_post_id',
      'answered_at',
      'first_staff_reply_at',
      'pinned',
      'locked',
      'hidden',
      'reply_count',
      'score',
      'created_at',
      'last_activity_at',
      'answer_stale',
      'answer_checked_at',
    ])
    .where('board_id', 'in', boardIds)
    .orderBy('id')
    .execute();
}

/** The posts of these boards, by id, with the columns an export carries. */
export async function listPostsForExport(db: Executor, boardIds: string[]) {
  return db
    .selectFrom('posts')
    .select([
      'id',
      'thread_id',
      'parent_id',
      'author_id',
      'root',
      'source',
      'status',
      'score',
      'created_at',
      'edited_at',
    ])
    .where('board_id', 'in', boardIds)
    .orderBy('id')
    .execute();
}

/** The votes on posts of these boards, by post then member. */
export async function listVotesForExport(db: Executor, boardIds: string[]) {
  return db
    .selectFrom('votes')
    .innerJoin('posts', 'posts.id', 'votes.post_id')
    .select(['votes.post_id', 'votes.member_id', 'votes.value', 'votes.created_at'])
    .where('posts.board_id', 'in', boardIds)
    .orderBy('votes.post_id')
    .orderBy('votes.member_id')
    .execute();
}

/** The product releases recorded on these boards, by id. */
export async function listReleasesForExport(db: Executor, boardIds: string[]) {
  return db
    .selectFrom('board_releases')
    .select(['board_id', 'name', 'released_at'])
    .where('board_id', 'in', boardIds)
    .orderBy('id')
    .execute();
}
