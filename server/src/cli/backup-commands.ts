/**
 * `booth backup FILE` and `booth restore FILE`: the embedded database (PGlite) as one file. A
 * PostgreSQL server is backed up with its own tools (pg_dump, base backups and WAL archiving);
 * see docs/operations.md.
 */

import type { BoothConfig } from '../config.js';
import { BackupError, backupEmbedded, restoreEmbedded } from '../db/embedded-backup.js';
import { userPath } from './cli-arguments.js';

export const BACKUP_USAGE = `  backup FILE        copy the embedded database (BOOTH_DATA_DIR) into FILE; stop Booth first
  restore FILE       create the embedded database in BOOTH_DATA_DIR, which must be empty, from FILE
`;

/** Runs `backup` or `restore`; returns the exit code, or null when `args` is neither. */
export async function runBackupCommand(
  args: string[],
  config: Pick<BoothConfig, 'databaseUrl' | 'dataDir'>,
  out: (text: string) => void,
  err: (text: string) => void,
): Promise<number | null> {
  const [command, file, ...rest] = args;
  if (command !== 'backup' && command !== 'restore') return null;
  if (!file || rest.length > 0) {
    err(`Usage: booth ${command} FILE\n`);
    return 2;
  }
  if (config.databaseUrl) {
    err(
      `DATABASE_URL is set: back up a PostgreSQL server with pg_dump or base backups (see docs/operations.md); ` +
        `booth ${command} is for the embedded database.\n`,
    );
    return 2;
  }
  const path = userPath(file);
  try {
    if (command === 'backup') {
      const bytes = await backupEmbedded(config.dataDir, path);
      out(`Backed up ${config.dataDir} to ${path} (${(bytes / 2 ** 20).toFixed(1)} MiB).\n`);
    } else {
      await restoreEmbedded(path, config.dataDir);
      out(`Restored ${path} into ${config.dataDir}. Start Booth to serve it (migrations run at start).\n`);
    }
    return 0;
  } catch (error) {
    if (!(error instanceof BackupError)) throw error;
    err(`${error.message}\n`);
    return 1;
  }
}
