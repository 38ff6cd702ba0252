import { type RawBuilder, sql } from 'kysely';
import type pg from 'pg';

/**
 * The columns of a table's row for a prepared statement to list (see `prepared`), written as a
 * record so that a column added to the row type cannot be left out.
 */
export function columnList<Row>(columns: Record<keyof Row, true>): (keyof Row & string)[] {
  return Object.keys(columns) as (keyof Row & string)[];
}

/** The listed columns of a row that a statement read along with others. */
export function pickColumns<Row, Column extends keyof Row>(row: Row, columns: readonly Column[]): Pick<Row, Column> {
  return Object.fromEntries(columns.map((column) => [column, row[column]])) as Pick<Row, Column>;
}

/** The comment that marks a statement to be prepared (see `prepared`). */
export const PREPARED_MARK = '/* booth:prepared */';

/** Prepared statements a connection keeps at most; past that, marked statements run unprepared. */
const MAX_PER_CONNECTION = 100;

/**
 * Marks a statement of the write path to run as a named prepared statement: Postgres parses and
 * plans it once per connection instead of on every write. Append it with `modifyEnd`, or put it
 * at the end of a raw `sql` statement. Mark only statements that list their result columns (no
 * `*` in what they return), so a column a migration adds cannot change the result of a statement
 * already prepared on another node's connection.
 *
 * @example
 * db.selectFrom('members').select(['role']).where('id', '=', id).modifyEnd(prepared())
 */
export function prepared(): RawBuilder<unknown> {
  return sql.raw(PREPARED_MARK);
}

/**
 * Runs the marked statements of one connection as named prepared statements. Not for the
 * embedded Postgres, whose connections share one backend (and so one set of statement names).
 */
export function prepareMarkedStatements(client: pg.PoolClient): void {
  const names = new Map<string, string>();
  const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
  // Kysely sends every statement as (text, values); anything else passes through unchanged.
  const prepare = (...args: unknown[]) => {
    const [text, values] = args;
    if (args.length === 2 && typeof text === 'string' && Array.isArray(values) && text.endsWith(PREPARED_MARK)) {
      let name = names.get(text);
      if (name === undefined && names.size < MAX_PER_CONNECTION) {
        name = `booth_${names.size}`;
        names.set(text, name);
      }
      if (name !== undefined) return query({ name, text, values });
    }
    return query(...args);
  };
  client.query = prepare as typeof client.query;
}
