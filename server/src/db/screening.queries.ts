import { sql } from 'kysely';
import type { MemberRow, SiteRow } from './database.js';
import type { Executor } from './executor.js';
import { prepared } from './prepared-statements.js';

/**
 * A member's posts of a window, summed up: how many opened threads and how many replied, when the
 * first was written, the HTML of those with links (only those can count a link), and whether the
 * member wrote anything before the window. The window's first 200 posts count, oldest first.
 */
export interface RecentPostsSummary {
  threads: number;
  replies: number;
  firstAt: Date | null;
  linkedHtml: string[];
  /** A post at or before the window's start exists. */
  older: boolean;
}

export interface RecentPostsQuery {
  /** Posts written after this instant count. */
  since: Date;
  /** Posts written after this instant do not: only what came before the post being screened. */
  until: Date;
  /** The post being edited, left out. */
  exceptPostId?: string | undefined;
}

interface ScreeningRow {
  role: MemberRow['role'];
  guest: boolean;
  name: string;
  trust_level: number;
  policy: SiteRow['policy'] | null;
  premoderate_first_posts: boolean | null;
  allowed_origins: string[] | null;
  recent_threads: number;
  recent_replies: number;
  recent_first_at: Date | null;
  recent_linked_html: string[] | null;
  recent_older: boolean | null;
}

/**
 * What the spam policy reads about a post's author and the author's site, and, for members at
 * trust levels 0 and 1 (the only ones the first-day and link limits look at), a summary of their
 * recent posts (`recent`, null for others): one statement, summed up in Postgres, so a busy new
 * member's posts are not sent to the node one by one. Read through the (author, created_at) index.
 */
export async function findScreeningAuthor(db: Executor, siteId: string, memberId: string, window: RecentPostsQuery) {
  const { rows } = await sql<ScreeningRow>`
    select m.role, m.guest, m.name, m.trust_level, s.policy, s.premoderate_first_posts, s.allowed_origins,
           r.threads as recent_threads, r.replies as recent_replies, r.first_at as recent_first_at,
           r.linked_html as recent_linked_html,
           m.trust_level <= 1 and exists (
             select 1 from posts o where o.author_id = m.id and o.created_at <= ${window.since}
           ) as recent_older
    from members m
    left join sites s on s.id = ${siteId}
    cross join lateral (
      select count(*) filter (where p.root)::int as threads,
             count(*) filter (where not p.root)::int as replies,
             min(p.created_at) as first_at,
             array_agg(p.html) filter (where p.html like '%href="%') as linked_html
      from (
        select root, html, created_at from posts
        where m.trust_level <= 1 and author_id = m.id
          and created_at > ${window.since} and created_at <= ${window.until}
          and (${window.exceptPostId ?? null}::bigint is null or id <> ${window.exceptPostId ?? null}::bigint)
        order by created_at
        limit 200
      ) p
    ) r
    where m.id = ${memberId} ${prepared()}`.execute(db);
  const row = rows[0];
  if (!row) throw new Error(`No member ${memberId}`);
  const recent: RecentPostsSummary | null =
    row.trust_level <= 1
      ? {
          threads: row.recent_threads,
          replies: row.recent_replies,
          firstAt: row.recent_first_at,
          linkedHtml: row.recent_linked_html ?? [],
          older: row.recent_older === true,
        }
      : null;
  return { ...row, recent };
}

/** Whether any post of the member is visible. */
export async function hasApprovedPost(db: Executor, memberId: string): Promise<boolean> {
  const row = await db
    .selectFrom('posts')
    .select('id')
    .where('author_id', '=', memberId)
    .where('status', '=', 'visible')
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export interface SameTextQuery {
  siteId: string;
  contentHash: string;
  since: Date;
  /** The post being edited, left out. */
  exceptPostId?: string | undefined;
}

/** Who posted a text with this hash on the site since `since`, and where (at most 20). */
export async function listSameTextPosts(
  db: Executor,
  query: SameTextQuery,
): Promise<{ author_id: string; board_id: string }[]> {
  let select = db
    .selectFrom('posts')
    .innerJoin('boards', 'boards.id', 'posts.board_id')
    .select(['posts.author_id', 'posts.board_id'])
    .where('posts.content_hash', '=', query.contentHash)
    .where('boards.site_id', '=', query.siteId)
    .where('posts.created_at', '>', query.since)
    .where('posts.status', '!=', 'deleted')
    .limit(20);
  if (query.exceptPostId) select = select.where('posts.id', '!=', query.exceptPostId);
  return select.execute();
}
