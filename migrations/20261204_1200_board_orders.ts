import { type Kysely, sql } from 'kysely';

/**
 * Indexes for the board list's sorts and filters, each read as a keyset page: pinned first, then
 * the sort's column, then id, all descending, over the visible threads of one board. Latest
 * activity over all threads already has `threads_board_listing_idx`. The answered and
 * unanswered filters get partial indexes of their own in every sort, since either can be a small
 * share of a board; "questions only" reads the sort's index for all threads and skips the
 * discussions, which a question board has few of.
 */
const ORDERS = {
  newest: 'created_at',
  votes: 'score',
  activity: 'last_activity_at',
} as const;

const FILTERS = {
  unanswered: `hidden = false and kind = 'question' and answered_at is null`,
  answered: `hidden = false and kind = 'question' and answered_at is not null`,
} as const;

function indexes(): { name: string; column: string; where: string }[] {
  const all = [
    { name: 'threads_board_newest_idx', column: ORDERS.newest, where: 'hidden = false' },
    { name: 'threads_board_votes_idx', column: ORDERS.votes, where: 'hidden = false' },
  ];
  const filtered = Object.entries(FILTERS).flatMap(([filter, where]) =>
    Object.entries(ORDERS).map(([order, column]) => ({ name: `threads_board_${filter}_${order}_idx`, column, where })),
  );
  return [...all, ...filtered];
}

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const { name, column, where } of indexes()) {
    await sql`create index ${sql.id(name)} on threads (board_id, pinned desc, ${sql.id(column)} desc, id desc)
      where ${sql.raw(where)}`.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const { name } of indexes().reverse()) await db.schema.dropIndex(name).execute();
}
