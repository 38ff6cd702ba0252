import type { Executor } from './executor.js';

/** Every post a member wrote, whatever its status, with its thread and board, oldest first. */
export async function postsByMember(db: Executor, memberId: string) {
  return db
    .selectFrom('posts')
    .innerJoin('threads', 'threads.id', 'posts.thread_id')
    .innerJoin('boards', 'boards.id', 'posts.board_id')
    .select([
      'posts.id',
      'posts.thread_id',
      'threads.title as thread_title',
      'boards.slug as board',
      'posts.root',
      'posts.status',
      'posts.source',
      'posts.created_at',
      'posts.edited_at',
    ])
    .where('posts.author_id', '=', memberId)
    .orderBy('posts.id')
    .execute();
}

/** Every vote a member cast. */
export async function votesByMember(db: Executor, memberId: string) {
  return db
    .selectFrom('votes')
    .select(['post_id', 'value', 'created_at'])
    .where('member_id', '=', memberId)
    .orderBy('post_id')
    .execute();
}

/** Every report a member filed. */
export async function reportsByMember(db: Executor, memberId: string) {
  return db
    .selectFrom('reports')
    .select(['post_id', 'reason', 'status', 'created_at'])
    .where('reporter_id', '=', memberId)
    .orderBy('id')
    .execute();
}

/** The threads a member follows. */
export async function followsByMember(db: Executor, memberId: string) {
  return db
    .selectFrom('follows')
    .select(['thread_id', 'reason', 'created_at'])
    .where('member_id', '=', memberId)
    .orderBy('thread_id')
    .execute();
}

/** The address a member gave for email, if any. */
export async function addressOfMember(db: Executor, memberId: string) {
  return db
    .selectFrom('member_emails')
    .select(['address', 'confirmed_at', 'all_off_at', 'created_at'])
    .where('member_id', '=', memberId)
    .executeTakeFirst();
}
