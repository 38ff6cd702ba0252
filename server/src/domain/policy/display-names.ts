import type { Executor } from '../../db/executor.js';
import { DomainError } from '../domain-error.js';
import { isReservedName, nameKey } from '../identity.js';

/**
 * Characters that reorder how a name is drawn: "\u202Enimda" is stored as "nimda" and shown as
 * "admin". A display name has no use for them.
 */
const DIRECTION_CONTROLS = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;

/** Cyrillic and Greek letters drawn like Latin ones, folded so "Ѕаm" compares equal to "Sam". */
const CONFUSABLES: Record<string, string> = {
  а: 'a',
  в: 'b',
  е: 'e',
  ё: 'e',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  х: 'x',
  ѕ: 's',
  і: 'i',
  ї: 'i',
  ј: 'j',
  һ: 'h',
  ԁ: 'd',
  ԛ: 'q',
  ԝ: 'w',
  ɑ: 'a',
  ı: 'i',
  α: 'a',
  β: 'b',
  ε: 'e',
  η: 'n',
  ι: 'i',
  κ: 'k',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
  γ: 'y',
};

/** A name folded for comparison: `nameKey`, then look-alike letters of other scripts as Latin. */
export function nameSkeleton(name: string): string {
  return [...nameKey(name)].map((c) => CONFUSABLES[c] ?? c).join('');
}

/** Display names of the site's staff and owners, as skeletons. */
async function staffSkeletons(db: Executor, siteId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('members')
    .select('name')
    .where('site_id', '=', siteId)
    .where('role', 'in', ['staff', 'owner'])
    .execute();
  return new Set(rows.map((r) => nameSkeleton(r.name)));
}

/**
 * Refuses a display name a customer or guest could use to pass as staff: a reserved name, the
 * name of one of the site's staff (however it is disguised: case, accents, invisible characters,
 * look-alike letters), or any name with direction controls.
 */
export async function assertNotImpersonating(db: Executor, siteId: string, name: string): Promise<void> {
  if (DIRECTION_CONTROLS.test(name)) {
    throw new DomainError('invalid_message', 'name: must not contain text direction controls');
  }
  const skeleton = nameSkeleton(name);
  if (isReservedName(name) || isReservedName(skeleton) || (await staffSkeletons(db, siteId)).has(skeleton)) {
    throw new DomainError('invalid_message', 'name: is reserved for staff');
  }
}
