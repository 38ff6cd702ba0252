import fp from 'fastify-plugin';
import type { Kysely } from 'kysely';
import type { BoothConfig } from '../config.js';
import { type OpenDatabase, openDatabase } from '../db/connect.js';
import type { Database } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The open database: Kysely plus connection facts. */
    database: OpenDatabase;
    db: Kysely<Database>;
    /** The read replica (`DATABASE_READ_URL`) in the same schema, or null without one. */
    readDatabase: OpenDatabase | null;
  }
}

export interface DatabasePluginOptions {
  config: BoothConfig;
  /** An already open database, kept open on close (tests share one per file). */
  database?: OpenDatabase;
}

/**
 * Opens the database (or takes the given one), runs migrations, opens the read replica when
 * one is configured, and closes what it opened.
 */
async function databasePlugin(app: import('fastify').FastifyInstance, options: DatabasePluginOptions) {
  const owned = options.database === undefined;
  const database =
    options.database ?? (await openDatabase({ url: options.config.databaseUrl, dataDir: options.config.dataDir }));
  await migrateToLatest(database.db as Kysely<unknown>);
  app.decorate('database', database);
  app.decorate('db', database.db);
  if (owned) app.addHook('onClose', async () => database.close());
  const replica = options.config.readReplica;
  const readDatabase = replica
    ? await openDatabase({ url: replica.url, dataDir: null, schema: database.schema, readOnly: true })
    : null;
  app.decorate('readDatabase', readDatabase);
  if (readDatabase) app.addHook('onClose', async () => readDatabase.close());
}

export default fp(databasePlugin, { name: 'booth-database' });
