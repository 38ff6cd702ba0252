import pg from 'pg';

/**
 * Commits per second that `connections` sessions make together for `seconds`, each running
 * `statement` in its own transaction, one after another. `select pg_notify(…)` commits take
 * Postgres' global NOTIFY lock from before their commit record is flushed until after it;
 * `select txid_current()` commits flush a commit record just the same without it.
 */
export async function commitsPerSecond(url: string, connections: number, seconds: number, statement: string) {
  const clients = await Promise.all(
    Array.from({ length: connections }, async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      return client;
    }),
  );
  try {
    let commits = 0;
    const startedAt = performance.now();
    const deadline = startedAt + seconds * 1000;
    await Promise.all(
      clients.map(async (client) => {
        while (performance.now() < deadline) {
          await client.query(statement);
          commits += 1;
        }
      }),
    );
    return commits / ((performance.now() - startedAt) / 1000);
  } finally {
    await Promise.all(clients.map((client) => client.end().catch(() => {})));
  }
}

/** A NOTIFY on a channel nobody listens to: the queue entry is written and the lock taken all the same. */
export const NOTIFY_STATEMENT = "select pg_notify('booth_bench_notify_commits', '1:1')";
/** A commit with a transaction id and no NOTIFY. */
export const PLAIN_COMMIT_STATEMENT = 'select txid_current()';
