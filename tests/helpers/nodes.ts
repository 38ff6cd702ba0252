import type { OpenDatabase } from '../../server/src/db/connect.js';
import { deleteNatsStream } from './fanouts.js';
import { startTestApp, type TestApp, type TestAppOptions } from './test-app.js';
import { openNodePool, openTestDatabase, testDatabaseKind } from './test-database.js';

/** Why multi-node tests do not run on the embedded Postgres. */
export const SINGLE_NODE_REASON = 'skipped on the embedded Postgres: it serves a single node by design';

/** Several Booth nodes on one database schema, each with its own connection pool, as separate servers would be. */
export interface TestCluster {
  nodes: TestApp[];
  /** The schema's owner connection (for assertions on stored rows). */
  database: OpenDatabase;
  /** Starts one more node on the same schema, with the cluster's options overridden by `overrides`. */
  addNode(overrides?: Omit<TestAppOptions, 'database'>): Promise<TestApp>;
  /** Stops one node (graceful close), leaving the others running. */
  stopNode(node: TestApp): Promise<void>;
  close(): Promise<void>;
}

/** Starts `count` nodes sharing one fresh schema of the test Postgres. */
export async function startCluster(
  count: number,
  options: Omit<TestAppOptions, 'database'> = {},
): Promise<TestCluster> {
  if (testDatabaseKind() === 'embedded') throw new Error(SINGLE_NODE_REASON);
  const owner = await openTestDatabase();
  const pools = new Map<TestApp, OpenDatabase>();
  const nodes: TestApp[] = [];
  const addNode = async (overrides: Omit<TestAppOptions, 'database'> = {}) => {
    const database = await openNodePool(owner.schema);
    const node = await startTestApp({ ...options, ...overrides, database });
    pools.set(node, database);
    nodes.push(node);
    return node;
  };
  const stopNode = async (node: TestApp) => {
    const pool = pools.get(node);
    if (!pool) return;
    pools.delete(node);
    await node.close();
    await pool.close();
  };
  // One at a time: each runs the migrations before it listens.
  for (let i = 0; i < count; i++) await addNode();
  return {
    nodes,
    database: owner,
    addNode,
    stopNode,
    async close() {
      for (const node of [...pools.keys()]) await stopNode(node);
      // The NATS the cluster fanned out through may be shared by other tests: leave nothing there.
      const natsUrl = options.env?.NATS_URL;
      if (natsUrl) await deleteNatsStream(natsUrl, owner.schema).catch(() => {});
      await owner.dispose();
    },
  };
}
