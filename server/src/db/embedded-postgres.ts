import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { keepProtocolSequencesTogether } from './pglite-socket-sequences.js';

/** Extensions the embedded Postgres loads: search folds accents with unaccent. */
export const PGLITE_EXTENSIONS = { unaccent };

/** A PGlite database served on a loopback port, so `pg` and Kysely reach it like any Postgres. */
export interface EmbeddedPostgres {
  url: string;
  close(): Promise<void>;
}

/**
 * Starts PGlite with its data in `dataDir` (or in memory when null) and serves it on 127.0.0.1.
 * PGlite runs one query at a time; the socket server queues the others, so a pool works.
 */
export async function startEmbeddedPostgres(dataDir: string | null): Promise<EmbeddedPostgres> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create({ ...(dataDir ? { dataDir } : {}), extensions: PGLITE_EXTENSIONS });
  // The default of one connection makes a pool fail with "Connection terminated unexpectedly".
  const server = new PGLiteSocketServer({ db: pglite, host: '127.0.0.1', port: 0, maxConnections: 100 });
  keepProtocolSequencesTogether(server);
  await server.start();
  return {
    url: `postgres://postgres@${server.getServerConn()}/postgres`,
    async close() {
      await server.stop();
      await pglite.close();
    },
  };
}
