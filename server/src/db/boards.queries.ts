import type { BoardRow } from './database.js';
import type { Executor } from './executor.js';

export async function findBoard(db: Executor, siteId: string, slug: string): Promise<BoardRow | undefined> {
  return db.selectFrom('boards').selectAll().where('site_id', '=', siteId).where('slug', '=', slug).executeTakeFirst();
}

export async function findBoardById(db: Executor, id: string): Promise<BoardRow | undefined> {
  return db.selectFrom('boards').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Returns the board, creating it on first use. Safe under concurrent first views. */
export async function ensureBoard(db: Executor, siteId: string, slug: string): Promise<BoardRow> {
  await db
    .insertInto('boards')
    .values({ site_id: siteId, slug, name: slug })
    .onConflict((oc) => oc.columns(['site_id', 'slug']).doNothing())
    .execute();
  const board = await findBoard(db, siteId, slug);
  if (!board) throw new Error(`board ${slug} vanished after insert`);
  return board;
}

/** Sets (or with null clears) the brand page a board is embedded in. */
export async function setBoardPageUrl(db: Executor, boardId: string, pageUrl: string | null): Promise<void> {
  await db.updateTable('boards').set({ page_url: pageUrl }).where('id', '=', boardId).execute();
}

/** Keeps the brand page a widget reported for a board, unless the board already has one. */
export async function learnBoardPageUrl(db: Executor, boardId: string, pageUrl: string): Promise<void> {
  await db
    .updateTable('boards')
    .set({ page_url: pageUrl })
    .where('id', '=', boardId)
    .where('page_url', 'is', null)
    .execute();
}

export async function currentSeq(db: Executor, boardId: string): Promise<number> {
  const row = await db.selectFrom('boards').select('last_seq').where('id', '=', boardId).executeTakeFirstOrThrow();
  return Number(row.last_seq);
}

/** Every board of a site with its latest event number. */
export async function listSiteBoards(
  db: Executor,
  siteId: string,
): Promise<Pick<BoardRow, 'id' | 'slug' | 'last_seq'>[]> {
  return db.selectFrom('boards').select(['id', 'slug', 'last_seq']).where('site_id', '=', siteId).execute();
}

/** Every board of these sites. */
export async function listBoardsOfSites(
  db: Executor,
  siteIds: string[],
): Promise<Pick<BoardRow, 'id' | 'site_id' | 'slug'>[]> {
  return db.selectFrom('boards').select(['id', 'site_id', 'slug']).where('site_id', 'in', siteIds).execute();
}

/** The site a board belongs to: its id and public key. */
export async function findBoardSite(
  db: Executor,
  boardId: string,
): Promise<{ id: string; public_key: string } | undefined> {
  return db
    .selectFrom('boards')
    .innerJoin('sites', 'sites.id', 'boards.site_id')
    .select(['sites.id', 'sites.public_key'])
    .where('boards.id', '=', boardId)
    .executeTakeFirst();
}
