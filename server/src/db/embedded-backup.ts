import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PGLITE_EXTENSIONS } from './embedded-postgres.js';

/** A backup or restore that cannot go ahead, with a message for the operator. */
export class BackupError extends Error {
  override name = 'BackupError';
}

const isEmpty = (dir: string) => !existsSync(dir) || readdirSync(dir).length === 0;

/** PGlite keeps `postmaster.pid` in its folder while it is open (and removes it on close). */
function assertNotInUse(dataDir: string): void {
  if (existsSync(`${dataDir}/postmaster.pid`)) {
    throw new BackupError(
      `The embedded database in ${dataDir} is in use: stop Booth first. (If no Booth runs on it — it stopped ` +
        'abruptly — start and stop it once, or delete postmaster.pid in that folder.)',
    );
  }
}

/**
 * Writes the embedded Postgres in `dataDir` to `file` as one gzipped tarball (PGlite's
 * `dumpDataDir`), through a temporary file so a failed backup never leaves a partial one behind.
 * The server must be stopped: PGlite serves one process at a time. Returns the size in bytes.
 */
export async function backupEmbedded(dataDir: string, file: string): Promise<number> {
  if (isEmpty(dataDir)) throw new BackupError(`There is no embedded database in ${dataDir}.`);
  assertNotInUse(dataDir);
  const pglite = await PGlite.create({ dataDir, extensions: PGLITE_EXTENSIONS });
  let archive: Blob;
  try {
    archive = await pglite.dumpDataDir('gzip');
  } finally {
    await pglite.close();
  }
  const bytes = Buffer.from(await archive.arrayBuffer());
  const partial = `${file}.partial`;
  writeFileSync(partial, bytes);
  renameSync(partial, file);
  return bytes.length;
}

/**
 * Creates the embedded Postgres in `dataDir` from a backup `file`. The folder must be empty or
 * absent, so a restore never overwrites data: move the old folder away first. On failure the
 * half-restored folder is removed again.
 */
export async function restoreEmbedded(file: string, dataDir: string): Promise<void> {
  if (!existsSync(file)) throw new BackupError(`No backup at ${file}.`);
  if (!isEmpty(dataDir)) {
    throw new BackupError(`${dataDir} is not empty: move it away (or set BOOTH_DATA_DIR to a new folder) first.`);
  }
  const existed = existsSync(dataDir);
  try {
    const pglite = await PGlite.create({
      dataDir,
      loadDataDir: new Blob([readFileSync(file)]),
      extensions: PGLITE_EXTENSIONS,
    });
    try {
      // Reading the catalog proves the archive was a whole database, not just a tarball.
      await pglite.query('select count(*) from pg_class');
    } finally {
      await pglite.close();
    }
  } catch (error) {
    if (existed)
      for (const entry of readdirSync(dataDir)) rmSync(`${dataDir}/${entry}`, { recursive: true, force: true });
    else rmSync(dataDir, { recursive: true, force: true });
    throw new BackupError(`Could not restore ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
