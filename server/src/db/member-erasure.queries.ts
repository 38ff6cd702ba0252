import { sql } from 'kysely';
import type { MemberRow, PostRow } from './database.js';
import type { Executor } from './executor.js';

/** A member's posts that are not deleted yet, by thread, with what their removal changes. */
export async function listMemberPostsToRemove(
  db: Executor,
  memberId: string,
): Promise<Pick<PostRow, 'id' | 'thread_id' | 'board_id' | 'root' | 'status'>[]> {
  return db
    .selectFrom('posts')
    .select(['id', 'thread_id', 'board_id', 'root', 'status'])
    .where('author_id', '=', memberId)
    .where('status', '!=', 'deleted')
    .orderBy('thread_id')
    .execute();
}

/** Marks every post of a member deleted and empties its text. */
export async function deleteMemberPostsText(db: Executor, memberId: string): Promise<void> {
  await db
    .updateTable('posts')
    .set({ status: 'deleted', source: '', html: '', content_hash: null, hold_reason: null })
    .where('author_id', '=', memberId)
    .execute();
}

/**
 * Rewrites the stored events of the site that carry the member's name (to `shownName`), avatar or,
 * when `removed` is given, text; threads in `removed` lose their excerpt too.
 */
export async function scrubMemberFromEvents(
  tx: Executor,
  siteId: string,
  memberId: string,
  shownName: string,
  removed: string[] | null,
): Promise<void> {
  const name = JSON.stringify(shownName);
  const inSite = sql`board_id in (select id from boards where site_id = ${siteId})`;
  for (const path of ['post', 'thread']) {
    await sql`
      update events
      set payload = jsonb_set(
        jsonb_set(payload, ${`{${path},author,name}`}::text[], ${name}::jsonb),
        ${`{${path},author,avatarUrl}`}::text[], 'null'::jsonb)
      where ${inSite} and payload -> ${path} -> 'author' ->> 'id' = ${memberId}
    `.execute(tx);
  }
  if (removed === null) return;
  await sql`
    update events
    set payload = jsonb_set(jsonb_set(payload, '{post,html}', '""'), '{post,source}', '""')
    where ${inSite} and payload -> 'post' -> 'author' ->> 'id' = ${memberId}
  `.execute(tx);
  if (removed.length === 0) return;
  await sql`
    update events
    set payload = jsonb_set(payload, '{thread,excerpt}', '""')
    where ${inSite} and payload -> 'thread' ->> 'id' = any(${removed}::text[])
  `.execute(tx);
}

/**
 * Erases a member's identity and personal data, leaving `shownName` where their name was; their
 * remaining rows then name nobody. The idempotency key `keepKey` (the erasing request's) stays.
 */
export async function eraseMemberIdentity(
  tx: Executor,
  member: Pick<MemberRow, 'id'>,
  shownName: string,
  keepKey: string,
  now: Date,
): Promise<MemberRow> {
  await tx.deleteFrom('staff_sessions').where('member_id', '=', member.id).execute();
  // Their follows stay (they count who waited for an answer) but can reach nobody without an address.
  const address = await tx
    .deleteFrom('member_emails')
    .where('member_id', '=', member.id)
    .returning('address')
    .executeTakeFirst();
  await tx.deleteFrom('mail_deliveries').where('member_id', '=', member.id).execute();
  if (address) await tx.deleteFrom('mail_outbox').where('to_address', '=', address.address).execute();
  // Stored responses of earlier writes repeat what they wrote; the current one answers this request.
  await tx.deleteFrom('idempotency_keys').where('member_id', '=', member.id).where('key', '!=', keepKey).execute();
  await tx
    .updateTable('moderation_actions')
    .set({ target_label: shownName })
    .where('target_type', '=', 'member')
    .where('target_id', '=', member.id)
    .execute();
  return tx
    .updateTable('members')
    .set({
      name: shownName,
      avatar_url: null,
      email: null,
      external_id: null,
      password_hash: null,
      erased_at: now,
    })
    .where('id', '=', member.id)
    .returningAll()
    .executeTakeFirstOrThrow();
}
