/** Staff actions on members: ban for a period or for good, lift a ban, change a role. */
import type { ClientMessageOf, StaffMemberView } from '@booth/shared';
import { countOwners, lockMember, updateMember } from '../db/staff-members.queries.js';
import { deleteMemberSessions } from '../db/staff-sessions.queries.js';
import { recordAction } from './audit.js';
import { DomainError } from './domain-error.js';
import { banInTransaction } from './moderation-posts.js';
import type { Actor, Services } from './services.js';
import { assertCanActOnMember, assertOwner, assertStaff } from './staff-authorization.js';
import { toStaffMemberView } from './staff-mappers.js';
import { runWrite } from './write.js';

/** Bans a customer: they keep reading, and every write is refused with a clear message. */
export async function banMember(
  services: Services,
  actor: Actor,
  msg: ClientMessageOf<'staff.member.ban'>,
): Promise<{ member: StaffMemberView }> {
  const now = services.now();
  assertStaff(actor.member, actor.site, now);
  const changed = await runWrite(services, actor, msg, async (tx) => {
    const member = await banInTransaction(tx, actor, msg.memberId, msg.days, msg.reason ?? null, now);
    return { member: toStaffMemberView(member, now) };
  });
  // Listings show authors' roles; a ban may hide what they wrote.
  services.listingChanged(actor.site.id);
  return changed;
}

export async function unbanMember(
  services: Services,
  actor: Actor,
  msg: ClientMessageOf<'staff.member.unban'>,
): Promise<{ member: StaffMemberView }> {
  const now = services.now();
  assertStaff(actor.member, actor.site, now);
  const changed = await runWrite(services, actor, msg, async (tx) => {
    const target = await lockMember(tx, msg.memberId);
    assertCanActOnMember(actor.member, target);
    if (target.banned_until === null || target.banned_until <= now) {
      throw new DomainError('conflict', { key: 'refusal.notBanned' });
    }
    const member = await updateMember(tx, target.id, { banned_until: null });
    await recordAction(tx, actor, now, {
      action: 'member.unban',
      target: { type: 'member', id: target.id, label: target.name },
      reason: msg.reason,
    });
    return { member: toStaffMemberView(member, now) };
  });
  // Listings show authors' roles; a ban may hide what they wrote.
  services.listingChanged(actor.site.id);
  return changed;
}

/** Owners change a member's role; guests cannot become staff and the last owner stays one. */
export async function changeRole(
  services: Services,
  actor: Actor,
  msg: ClientMessageOf<'staff.member.role'>,
): Promise<{ member: StaffMemberView }> {
  const now = services.now();
  assertOwner(actor.member, actor.site, now);
  const changed = await runWrite(services, actor, msg, async (tx) => {
    const target = await lockMember(tx, msg.memberId);
    assertCanActOnMember(actor.member, target);
    if (target.role === msg.role)
      throw new DomainError('conflict', { key: 'refusal.alreadyRole', params: { role: msg.role } });
    if (target.guest && msg.role !== 'customer') {
      throw new DomainError('conflict', { key: 'refusal.guestNotStaff' });
    }
    if (target.role === 'owner' && (await countOwners(tx, actor.site.id)) <= 1) {
      throw new DomainError('conflict', { key: 'refusal.lastOwner' });
    }
    const member = await updateMember(tx, target.id, {
      role: msg.role,
      ...(msg.role !== 'customer' ? { banned_until: null, trust_level: Math.max(target.trust_level, 2) } : {}),
    });
    if (msg.role === 'customer') await deleteMemberSessions(tx, target.id);
    await recordAction(tx, actor, now, {
      action: 'member.role',
      target: { type: 'member', id: target.id, label: target.name },
      reason: msg.reason,
      details: { from: target.role, to: msg.role },
    });
    return { member: toStaffMemberView(member, now) };
  });
  // Listings show authors' roles; a ban may hide what they wrote.
  services.listingChanged(actor.site.id);
  return changed;
}
