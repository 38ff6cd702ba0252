import { resolve } from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { findSiteByKey } from '../db/sites.queries.js';
import { DomainError } from '../domain/domain-error.js';

/** The value of option `--name`, trimmed; a missing or empty one is a usage error. */
export function required(values: Record<string, unknown>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value.trim() === '')
    throw new DomainError('invalid_message', `--${name} is required`);
  return value.trim();
}

/** A path as the user typed it: `pnpm booth` runs in the server package, so resolve from where it was called. */
export function userPath(path: string): string {
  return resolve(process.env.INIT_CWD ?? process.cwd(), path);
}

/** The id of the site with public key `key`; an unknown key is a usage error. */
export async function siteIdOf(db: Kysely<Database>, key: string): Promise<string> {
  const site = await findSiteByKey(db, key);
  if (!site) throw new DomainError('unknown_site', `No site with key ${key}.`);
  return site.id;
}
