import type { Executor } from '../../db/executor.js';
import { listStaffNames } from '../../db/policy.queries.js';
import { DomainError } from '../domain-error.js';
import { nameSkeleton } from './name-skeleton.js';

/** Names only staff may appear under; guests and SSO customers cannot take them. */
const RESERVED_NAMES = ['admin', 'administrator', 'moderator', 'mod', 'staff', 'system', 'booth', 'support'];
const RESERVED_SKELETONS = new Set(RESERVED_NAMES.map(nameSkeleton));

/** True when a name looks like one of the reserved names, however it is disguised. */
export function isReservedName(name: string): boolean {
  return RESERVED_SKELETONS.has(nameSkeleton(name));
}

/** Display names of the site's staff and owners, as skeletons. */
async function staffSkeletons(db: Executor, siteId: string): Promise<Set<string>> {
  return new Set((await listStaffNames(db, siteId)).map(nameSkeleton));
}

/**
 * Refuses a display name a customer or guest could use to pass as staff: a reserved name or the
 * name of one of the site's staff, however it is disguised (case, accents, spacing, invisible
 * characters, look-alike letters of any script). Names with invisible characters never get here:
 * the `DisplayName` schema refuses them.
 */
export async function assertNotImpersonating(db: Executor, siteId: string, name: string): Promise<void> {
  const skeleton = nameSkeleton(name);
  if (RESERVED_SKELETONS.has(skeleton) || (await staffSkeletons(db, siteId)).has(skeleton)) {
    throw new DomainError('invalid_message', { key: 'refusal.nameReserved' });
  }
}
