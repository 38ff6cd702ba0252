/**
 * A Booth node as its own process, for tests that need to signal one (SIGTERM) or start it again
 * on the same port: the real app from buildApp, on the schema `BOOTH_TEST_SCHEMA` of
 * `DATABASE_URL`, listening on 127.0.0.1:`PORT`. It reports when it listens over IPC and shuts
 * down on SIGTERM as `server/src/main.ts` does (drain, close, exit).
 */
import { buildApp } from '../../server/src/app.js';
import { loadConfig } from '../../server/src/config.js';
import { openDatabase } from '../../server/src/db/connect.js';

const config = loadConfig();
const database = await openDatabase({
  url: config.databaseUrl,
  dataDir: null,
  schema: process.env.BOOTH_TEST_SCHEMA ?? 'public',
  poolSize: 5,
});
const app = await buildApp({ config, database, webhooks: { enabled: false } });
await app.listen({ port: config.port, host: '127.0.0.1' });
process.send?.({ ready: true });

process.once('SIGTERM', () => {
  app
    .close()
    .then(() => database.close())
    .finally(() => process.exit(0));
});
