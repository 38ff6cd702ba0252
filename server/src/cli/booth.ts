import type { Kysely } from 'kysely';
import { type BoothConfig, loadConfig } from '../config.js';
import { openDatabase } from '../db/connect.js';
import type { Database } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { configuredImageStore } from '../storage/configured-image-store.js';
import { BACKUP_USAGE, runBackupCommand } from './backup-commands.js';
import { runSiteDataCommand, SITE_DATA_USAGE } from './site-data-commands.js';
import { runStaffCommand, STAFF_USAGE } from './staff-commands.js';
import { runWebhookCommand, WEBHOOK_USAGE } from './webhook-commands.js';

const USAGE = `Usage: booth <command>

Commands:
  migrate     bring the database schema up to date
${BACKUP_USAGE}${STAFF_USAGE}${SITE_DATA_USAGE}${WEBHOOK_USAGE}`;

/** Opens the configured database for a command, which migrates it on first use; closes it after. */
async function withDatabase(
  run: (db: () => Promise<Kysely<Database>>, config: BoothConfig) => Promise<number | null>,
): Promise<number | null> {
  const config = loadConfig();
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    return await run(async () => {
      await migrateToLatest(database.db as Kysely<unknown>);
      return database.db;
    }, config);
  } finally {
    await database.close();
  }
}

/** The `booth` command line: operations that need no running server. */
async function cli(args: string[]): Promise<number> {
  const [command] = args;
  if (command === 'migrate') {
    const config = loadConfig();
    const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
    try {
      const result = await migrateToLatest(database.db as Kysely<unknown>);
      const applied = result.results ?? [];
      process.stdout.write(
        applied.length ? applied.map((r) => `applied ${r.migrationName}\n`).join('') : 'already up to date\n',
      );
      return 0;
    } finally {
      await database.close();
    }
  }
  const out = (text: string) => process.stdout.write(text);
  if (command === 'backup' || command === 'restore') {
    const code = await runBackupCommand(args, loadConfig(), out, (text) => process.stderr.write(text));
    if (code !== null) return code;
  }
  if (command === 'export' || command === 'import' || command === 'import-disqus') {
    const code = await withDatabase((db, config) =>
      runSiteDataCommand(args, db, out, { store: configuredImageStore(config), publicUrl: config.publicUrl }),
    );
    if (code !== null) return code;
  }
  if (command === 'webhook' || command === 'settings') {
    const code = await withDatabase((db, config) => runWebhookCommand(args, db, out, config.webhookInternalTargets));
    if (code !== null) return code;
  }
  if (command === 'site' || command === 'staff') {
    const code = await withDatabase((db, config) => runStaffCommand(args, db, config, out));
    if (code !== null) return code;
  }
  process.stderr.write(USAGE);
  return command ? 2 : 0;
}

cli(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
