import type pg from 'pg';

type Query = (...args: unknown[]) => Promise<unknown>;

/** What Kysely reads of a `begin`'s result. */
const BEGUN = { command: 'BEGIN', rowCount: null, rows: [], fields: [] };

/**
 * Sends a transaction's `begin` together with its first statement: `begin` is answered at once,
 * and the real one is queued on the connection, which sends the next statement as soon as
 * Postgres has taken it (the client keeps one query in flight). The caller waits one round trip
 * and one turn of the event loop fewer per transaction; on a busy node, a turn can take a
 * millisecond or more.
 *
 * Nothing is lost on failure: a `begin` that fails (the connection broke) fails the statement
 * after it, with the begin's error, and that statement never ran outside a transaction, since it
 * went on the same broken connection.
 */
export function pipelineBegin(client: pg.PoolClient): void {
  const query = client.query.bind(client) as Query;
  let pendingBegin: Promise<unknown> | null = null;
  const pipelined = (...args: unknown[]) => {
    if (isBegin(args)) {
      const begin = query('begin');
      // Reported by the next statement (see below), not as an unhandled rejection.
      begin.catch(() => {});
      pendingBegin = begin;
      return Promise.resolve(BEGUN);
    }
    const result = query(...args);
    const begin = pendingBegin;
    if (begin === null) return result;
    pendingBegin = null;
    // The statement's own error, if both failed, would only say the connection was gone.
    result.catch(() => {});
    return begin.then(() => result);
  };
  client.query = pipelined as typeof client.query;
}

/** Kysely sends `begin` as its text with no values. */
function isBegin(args: unknown[]): boolean {
  const [text, values] = args;
  return (
    text === 'begin' && (values === undefined || (Array.isArray(values) && values.length === 0)) && args.length <= 2
  );
}
