import { randomInt } from 'node:crypto';
import type { Executor } from './executor.js';
import type { MemberEmailRow } from './mail.tables.js';

/** The address a member gave (confirmed or not), or undefined. */
export async function findMemberEmail(db: Executor, memberId: string): Promise<MemberEmailRow | undefined> {
  return db.selectFrom('member_emails').selectAll().where('member_id', '=', memberId).executeTakeFirst();
}

/** The addresses of a list of members (those who gave one). */
export async function findMemberEmails(db: Executor, memberIds: string[]): Promise<MemberEmailRow[]> {
  if (memberIds.length === 0) return [];
  return db.selectFrom('member_emails').selectAll().where('member_id', 'in', memberIds).execute();
}

/**
 * Records the address a member gave. A new address starts unconfirmed (with a fresh nonce, so
 * links sent for an earlier one confirm nothing) unless `confirmed` says the site vouches for
 * it (a signed SSO claim). The same address again changes nothing.
 */
export async function setMemberEmail(
  db: Executor,
  e: { memberId: string; siteId: string; address: string; confirmed: boolean; now: Date },
): Promise<MemberEmailRow> {
  const address = e.address.trim();
  const nonce = String(randomInt(1, 2 ** 47));
  return db
    .insertInto('member_emails')
    .values({
      member_id: e.memberId,
      site_id: e.siteId,
      address,
      confirmed_at: e.confirmed ? e.now : null,
      confirm_nonce: nonce,
      created_at: e.now,
    })
    .onConflict((oc) =>
      oc.column('member_id').doUpdateSet((eb) => ({
        address,
        confirm_nonce: eb
          .case()
          .when('member_emails.address', '=', address)
          .then(eb.ref('member_emails.confirm_nonce'))
          .else(nonce)
          .end(),
        confirmed_at: e.confirmed
          ? eb.fn.coalesce('member_emails.confirmed_at', eb.val(e.now))
          : eb
              .case()
              .when('member_emails.address', '=', address)
              .then(eb.ref('member_emails.confirmed_at'))
              .else(null)
              .end(),
      })),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Confirms a member's address if the nonce is the one sent for it; returns whether it did. */
export async function confirmMemberEmail(db: Executor, memberId: string, nonce: string, now: Date): Promise<boolean> {
  const row = await db
    .updateTable('member_emails')
    .set((eb) => ({ confirmed_at: eb.fn.coalesce('confirmed_at', eb.val(now)), all_off_at: null }))
    .where('member_id', '=', memberId)
    .where('confirm_nonce', '=', nonce)
    .returning('member_id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Turns every thread email to a member off (or on again). */
export async function setAllMailOff(db: Executor, memberId: string, off: Date | null): Promise<boolean> {
  const row = await db
    .updateTable('member_emails')
    .set({ all_off_at: off })
    .where('member_id', '=', memberId)
    .returning('member_id')
    .executeTakeFirst();
  return row !== undefined;
}
