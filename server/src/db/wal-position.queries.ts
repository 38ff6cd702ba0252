import { type Kysely, sql } from 'kysely';
import type { Database } from './database.js';

/**
 * A position in Postgres's write-ahead log as a number of bytes from its start, so that two
 * positions compare and subtract in JavaScript. Postgres prints one as two hex halves, `16/B374D848`.
 */
export type WalPosition = bigint;

/** Reads Postgres's `X/Y` log position; null stays null (a server that replays nothing). */
export function parseWalPosition(text: string | null): WalPosition | null {
  if (text === null) return null;
  const match = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(text);
  if (!match) throw new Error(`Not a WAL position: ${text}`);
  return (BigInt(`0x${match[1]}`) << 32n) + BigInt(`0x${match[2]}`);
}

/**
 * Where the primary's log ends now. Read after a commit, it is past that commit's record: a
 * replica that has replayed up to here shows the commit.
 */
export async function primaryWalPosition(db: Kysely<Database>): Promise<WalPosition> {
  const { rows } = await sql<{ lsn: string }>`select pg_current_wal_lsn()::text as lsn`.execute(db);
  return parseWalPosition(rows[0]?.lsn ?? null) ?? 0n;
}

/** How far a replica has replayed the primary's log; null when the server is not a replica. */
export async function replayedWalPosition(db: Kysely<Database>): Promise<WalPosition | null> {
  const { rows } = await sql<{ lsn: string | null }>`select pg_last_wal_replay_lsn()::text as lsn`.execute(db);
  return parseWalPosition(rows[0]?.lsn ?? null);
}
