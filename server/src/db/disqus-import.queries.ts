import type { Insertable } from 'kysely';
import type { MembersTable, NewPost, ThreadsTable } from './database.js';
import type { Executor } from './executor.js';

/** The id of the site's member with this external id, if there is one. */
export async function findMemberIdByExternalId(
  db: Executor,
  siteId: string,
  externalId: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('members')
    .select('id')
    .where('site_id', '=', siteId)
    .where('external_id', '=', externalId)
    .executeTakeFirst();
  return row?.id;
}

/** Inserts a member; returns the new id. */
export async function insertImportedMember(db: Executor, member: Insertable<MembersTable>): Promise<string> {
  const row = await db.insertInto('members').values(member).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** The Disqus thread ids already imported into the board. */
export async function listImportedDisqusIds(db: Executor, boardId: string): Promise<string[]> {
  const rows = await db.selectFrom('disqus_threads').select('disqus_id').where('board_id', '=', boardId).execute();
  return rows.map((row) => row.disqus_id);
}

/** Inserts a thread as it is (no opening post yet); returns the new id. */
export async function insertImportedThread(db: Executor, thread: Insertable<ThreadsTable>): Promise<string> {
  const row = await db.insertInto('threads').values(thread).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Inserts a post as it is; returns the new id. */
export async function insertImportedPost(db: Executor, post: NewPost): Promise<string> {
  const row = await db.insertInto('posts').values(post).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Remembers that a Disqus thread became this board's thread, so a second import skips it. */
export async function recordDisqusThread(
  db: Executor,
  boardId: string,
  disqusId: string,
  threadId: string,
): Promise<void> {
  await db
    .insertInto('disqus_threads')
    .values({ board_id: boardId, disqus_id: disqusId, thread_id: threadId })
    .execute();
}
