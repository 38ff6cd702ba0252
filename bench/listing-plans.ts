import type { BoardListing } from '@booth/shared';
import { CompiledQuery, type Kysely } from 'kysely';
import type { Database } from '../server/src/db/database.js';
import { boardThreadsQuery } from '../server/src/db/threads.queries.js';
import { openBenchSchema } from './lib/bench-db.js';

/** How Postgres reads a listing's first page: its access path, the rows it read, and its time. */
export interface ListingPlan {
  listing: BoardListing;
  /** The scan on `threads`, e.g. `Index Scan using threads_board_votes_idx`. */
  access: string;
  /** Rows that scan returned (a page and one, unless a filter made it skip some). */
  rows: string;
  /** Execution time as EXPLAIN ANALYZE measured it. */
  ms: string;
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows'?: number;
  'Rows Removed by Filter'?: number;
  Plans?: PlanNode[];
}

/** The node that reads the threads table, depth first. */
function threadsScan(node: PlanNode): PlanNode | null {
  if (node['Relation Name'] === 'threads') return node;
  for (const child of node.Plans ?? []) {
    const found = threadsScan(child);
    if (found) return found;
  }
  return null;
}

/**
 * Explains the first-page query of each listing on the seeded board, as the server builds it
 * (the same query function), to show which index each sort and filter reads.
 */
export async function explainListings(schema: string, slug: string, listings: BoardListing[]): Promise<ListingPlan[]> {
  const database = await openBenchSchema(schema, false);
  const db = database.db as unknown as Kysely<Database>;
  try {
    const board = await db.selectFrom('boards').select('id').where('slug', '=', slug).executeTakeFirstOrThrow();
    const plans: ListingPlan[] = [];
    for (const listing of listings) {
      const query = boardThreadsQuery(db, board.id, listing, null, 21).compile();
      const explained = await db.executeQuery<{ 'QUERY PLAN': [{ Plan: PlanNode; 'Execution Time': number }] }>(
        CompiledQuery.raw(`explain (analyze, buffers, format json) ${query.sql}`, [...query.parameters]),
      );
      const result = explained.rows[0]?.['QUERY PLAN'][0];
      const scan = result ? threadsScan(result.Plan) : null;
      const removed = scan?.['Rows Removed by Filter'];
      plans.push({
        listing,
        access: scan ? `${scan['Node Type']}${scan['Index Name'] ? ` using ${scan['Index Name']}` : ''}` : 'unknown',
        rows: scan ? `${scan['Actual Rows']}${removed ? ` (${removed} skipped by the filter)` : ''}` : '',
        ms: result ? `${result['Execution Time'].toFixed(2)} ms` : '',
      });
    }
    return plans;
  } finally {
    await database.close();
  }
}
