/**
 * Who may moderate. Pure rules over rows, like authorization.ts; every staff use case calls
 * them before it reads or writes anything, whatever the transport already checked.
 */
import type { MemberRow, SiteRow } from '../db/database.js';
import { isStaff } from './authorization.js';
import { DomainError } from './domain-error.js';

type Member = Pick<MemberRow, 'id' | 'site_id' | 'role' | 'guest' | 'banned_until'>;

/** Throws unless the member is staff or owner of the site and not banned at `now`. */
export function assertStaff(member: Member | null, site: Pick<SiteRow, 'id'>, now: Date): asserts member is Member {
  if (!member) throw new DomainError('auth_required', { key: 'refusal.staffSignInFirst' });
  if (member.site_id !== site.id || !isStaff(member)) {
    throw new DomainError('forbidden', { key: 'refusal.staffOnly' }, `member ${member.id}`);
  }
  if (member.banned_until !== null && member.banned_until > now) {
    throw new DomainError('banned', { key: 'refusal.bannedHere' });
  }
}

/** Throws unless the member is an owner of the site. */
export function assertOwner(member: Member | null, site: Pick<SiteRow, 'id'>, now: Date): asserts member is Member {
  assertStaff(member, site, now);
  if (member.role !== 'owner') throw new DomainError('forbidden', { key: 'refusal.ownersOnly' });
}

/** Staff act on customers: a ban or a role change never targets oneself or another site. */
export function assertCanActOnMember(actor: Member, target: Member | undefined): asserts target is Member {
  if (!target || target.site_id !== actor.site_id) throw new DomainError('not_found', { key: 'refusal.noMember' });
  if (target.id === actor.id) throw new DomainError('conflict', { key: 'refusal.notToSelf' });
}

/** Staff and owners are removed from staff, not banned. */
export function assertCanBan(actor: Member, target: Member | undefined): asserts target is Member {
  assertCanActOnMember(actor, target);
  if (isStaff(target)) throw new DomainError('conflict', { key: 'refusal.staffNotBannable' });
}
