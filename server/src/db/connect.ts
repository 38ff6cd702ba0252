import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { Database } from './database.js';
import { type EmbeddedPostgres, startEmbeddedPostgres } from './embedded-postgres.js';
import { pipelineBegin } from './pipelined-begin.js';
import { prepareMarkedStatements } from './prepared-statements.js';

export interface DatabaseOptions {
  /** Postgres URL; null starts the embedded Postgres. */
  url: string | null;
  /** Folder for the embedded Postgres; null keeps it in memory. */
  dataDir: string | null;
  /** Schema to work in (tests use one per file); default `public`. */
  schema?: string;
  /** Pool size; default 10. */
  poolSize?: number;
  /**
   * The server at `url` is an embedded Postgres (PGlite): it serves one node, and its
   * LISTEN/NOTIFY does not reach across connections. Implied when `url` is null.
   */
  embedded?: boolean;
  /**
   * The server at `url` is a read replica (a hot standby): nothing is created there, since it
   * takes no writes; the schema comes from the primary by replication.
   */
  readOnly?: boolean;
}

/** An open database: Kysely, the URL it reached, and whether it is the embedded one. */
export interface OpenDatabase {
  db: Kysely<Database>;
  url: string;
  schema: string;
  embedded: boolean;
  close(): Promise<void>;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Opens Kysely on `url`, or on a freshly started embedded Postgres when `url` is null. */
export async function openDatabase(options: DatabaseOptions): Promise<OpenDatabase> {
  const schema = options.schema ?? 'public';
  if (!SCHEMA_NAME.test(schema)) throw new Error(`Invalid schema name: ${schema}`);
  let embedded: EmbeddedPostgres | null = null;
  if (options.url === null) embedded = await startEmbeddedPostgres(options.dataDir);
  const url = options.url ?? (embedded as EmbeddedPostgres).url;
  const isEmbedded = embedded !== null || options.embedded === true;

  const pool = new pg.Pool({ connectionString: url, max: options.poolSize ?? 10 });
  // An idle client that loses its server (e.g. a Postgres restart) emits 'error'; the pool drops it.
  pool.on('error', () => {});
  // A client in use when its server goes away emits 'error' too (its query fails on its own);
  // with no listener, that would crash the process.
  pool.on('connect', (client) => {
    client.on('error', () => {});
    if (!isEmbedded) prepareMarkedStatements(client);
    pipelineBegin(client);
  });
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({
      pool,
      onCreateConnection: async (connection) => {
        if (schema !== 'public') {
          await connection.executeQuery(sql`set search_path to ${sql.id(schema)}, public`.compile(db));
        }
      },
    }),
  });
  if (schema !== 'public' && options.readOnly !== true)
    await sql`create schema if not exists ${sql.id(schema)}`.execute(db);

  return {
    db,
    url,
    schema,
    embedded: isEmbedded,
    async close() {
      await db.destroy();
      await embedded?.close();
    },
  };
}
