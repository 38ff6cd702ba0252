import type { ClientMessageOf, MemberView } from '@booth/shared';
import type { MemberRow, SiteRow } from '../db/database.js';
import type { Executor } from '../db/executor.js';
import { findMemberEmail, setMemberEmail } from '../db/member-emails.queries.js';
import { findMember, insertGuest, renameMember, upsertSsoMember } from '../db/members.queries.js';
import { assertCanWrite } from './authorization.js';
import { DomainError } from './domain-error.js';
import { toMemberView } from './mappers.js';
import { assertNotImpersonating } from './policy/display-names.js';
import type { Actor, Services } from './services.js';
import { signSsoSession, verifySsoForSite, verifySsoSession } from './sso-sign-in.js';
import { signGuestToken, verifyGuestToken } from './tokens.js';
import { runWrite } from './write.js';

/** Who a `hello` names, and for an SSO sign-in the session token that signs them in again. */
export interface Identified {
  member: MemberRow | null;
  session: string | null;
}

async function rememberSsoEmail(db: Executor, member: MemberRow, address: string, now: Date): Promise<void> {
  const known = await findMemberEmail(db, member.id);
  if (known?.address === address && known.confirmed_at !== null) return;
  await setMemberEmail(db, { memberId: member.id, siteId: member.site_id, address, confirmed: true, now });
}

/**
 * Resolves who is behind a `hello`: an SSO token wins over a session token, which wins over a
 * guest token; none means a reader. An SSO sign-in hands back a session token for reconnects.
 */
export async function identify(
  services: Services,
  site: SiteRow,
  tokens: { sso?: string | undefined; session?: string | undefined; guest?: string | undefined },
): Promise<Identified> {
  if (tokens.sso) {
    const profile = await verifySsoForSite(services, site, tokens.sso);
    if (profile.role !== 'staff') await assertNotImpersonating(services.db, site.id, profile.name);
    const member = await upsertSsoMember(services.db, site.id, profile);
    // The token may carry a new name, avatar or role, which listings show.
    services.listingChanged(site.id);
    // A signed address is confirmed by the site; it is stored only when it changed.
    if (profile.email) await rememberSsoEmail(services.db, member, profile.email, services.now());
    return { member, session: signSsoSession(services.guestSecret, site.id, member.id, services.now()) };
  }
  if (tokens.session) {
    const memberId = verifySsoSession(services.guestSecret, site.id, tokens.session, services.now());
    const member = await findMember(services.db, memberId);
    if (!member || member.site_id !== site.id || member.guest || member.erased_at !== null) {
      throw new DomainError('invalid_token');
    }
    return { member, session: null };
  }
  if (tokens.guest) {
    const memberId = verifyGuestToken(services.guestSecret, site.id, tokens.guest);
    const member = await findMember(services.db, memberId);
    // A deleted account's token names nobody any more.
    if (!member || member.site_id !== site.id || !member.guest || member.erased_at !== null) {
      throw new DomainError('invalid_token');
    }
    return { member, session: null };
  }
  return { member: null, session: null };
}

/** Creates a guest identity with a display name and hands back the token that proves it later. */
export async function joinAsGuest(
  services: Services,
  site: SiteRow,
  name: string,
): Promise<{ member: MemberRow; me: MemberView; guestToken: string }> {
  if (!site.guests_allowed) throw new DomainError('guests_not_allowed');
  await assertNotImpersonating(services.db, site.id, name);
  const member = await insertGuest(services.db, site.id, name);
  return { member, me: toMemberView(member), guestToken: signGuestToken(services.guestSecret, site.id, member.id) };
}

/**
 * Changes a guest's display name, under the same rules as joining. The guest stays the same
 * member, so they can still edit their earlier posts, which show the new name: posts refer to
 * their author. No board event is sent: events carry views as they were written, and every view
 * read from now on has the new name. A signed-in member's name comes from the host page.
 */
export async function renameGuest(
  services: Services,
  actor: Actor,
  msg: ClientMessageOf<'guest.rename'>,
): Promise<{ me: MemberView }> {
  assertCanWrite(actor.member, actor.site, services.now());
  if (!actor.member.guest) {
    throw new DomainError('forbidden', { key: 'refusal.nameFromSignIn' });
  }
  const renamed = await runWrite(services, actor, msg, async (tx) => {
    await assertNotImpersonating(tx, actor.site.id, msg.name);
    return { me: toMemberView(await renameMember(tx, actor.member.id, msg.name)) };
  });
  services.listingChanged(actor.site.id);
  return renamed;
}
