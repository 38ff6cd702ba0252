import { sql } from 'kysely';
import type { MemberRow, SiteRow } from './database.js';
import type { Executor } from './executor.js';
import { columnList, prepared } from './prepared-statements.js';
import { findSiteById } from './sites.queries.js';

const SITE_COLUMNS = columnList<SiteRow>({
  id: true,
  public_key: true,
  name: true,
  allowed_origins: true,
  sso_secret: true,
  guests_allowed: true,
  answer_badge: true,
  auto_escalate: true,
  premoderate_first_posts: true,
  policy: true,
  language: true,
  share_image_url: true,
  created_at: true,
});

export const MEMBER_COLUMNS = columnList<MemberRow>({
  id: true,
  site_id: true,
  external_id: true,
  guest: true,
  name: true,
  avatar_url: true,
  role: true,
  trust_level: true,
  banned_until: true,
  email: true,
  password_hash: true,
  created_at: true,
  erased_at: true,
});

/** Member columns come back under this prefix; no site column has a dot in its name. */
const MEMBER_PREFIX = 'member.';

/**
 * The columns of the members table under alias `alias`, each named with `MEMBER_PREFIX`, for a
 * statement that selects a member beside other columns; `memberOf` reads the member back.
 */
export function prefixedMemberColumns(alias: string) {
  return sql.join(MEMBER_COLUMNS.map((c) => sql`${sql.ref(`${alias}.${c}`)} as ${sql.id(MEMBER_PREFIX + c)}`));
}

/** The member of a row selected with `prefixedMemberColumns`; undefined when none was found. */
export function memberOf(row: Record<string, unknown>): MemberRow | undefined {
  const member = Object.fromEntries(MEMBER_COLUMNS.map((c) => [c, row[MEMBER_PREFIX + c]]));
  return member.id == null ? undefined : (member as unknown as MemberRow);
}

/** What the statement selects, built once: it runs before every write. */
const SELECTED = sql.join([...SITE_COLUMNS.map((c) => sql`s.${sql.id(c)}`), prefixedMemberColumns('m')]);

/**
 * A site and one of its members as stored now, in one statement (the member is left out when
 * `memberId` is null). A socket reads both before each write, so a ban, a role change or a
 * site setting applies to sockets already open. Prepared, so it lists its columns.
 *
 * @example
 * const { site, member } = await findSiteAndMember(db, session.site.id, session.member.id);
 */
export async function findSiteAndMember(
  db: Executor,
  siteId: string,
  memberId: string | null,
): Promise<{ site: SiteRow | undefined; member: MemberRow | undefined }> {
  if (memberId === null) return { site: await findSiteById(db, siteId), member: undefined };
  // Either may be missing: one row always comes back, with nulls for what is not found.
  const { rows } = await sql<Record<string, unknown>>`
    select ${SELECTED}
    from (select) as one
    left join sites s on s.id = ${siteId}
    left join members m on m.id = ${memberId} ${prepared()}`.execute(db);
  const row = rows[0] ?? {};
  const site = Object.fromEntries(SITE_COLUMNS.map((c) => [c, row[c]]));
  return { site: site.id == null ? undefined : (site as unknown as SiteRow), member: memberOf(row) };
}
