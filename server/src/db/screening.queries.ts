import { type RawBuilder, sql } from 'kysely';
import type { MemberRow, SiteRow } from './database.js';
import type { Executor } from './executor.js';
import { columnList, prepared } from './prepared-statements.js';

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

/** A post that has the same text as the one being screened: who wrote it, and where. */
export interface SameTextPost {
  author_id: string;
  board_id: string;
}

/** Posts with this text hash on the site since `since` count as the same text. */
export interface SameTextWindow {
  contentHash: string;
  since: Date;
}

/** What to read about a post's author and site for screening, in one statement. */
export interface ScreeningQuery {
  siteId: string;
  memberId: string;
  /** The author's posts written after this instant are their recent posts. */
  recentSince: Date;
  /** Posts written after this instant are not recent: only what came before the post being screened. */
  until: Date;
  /** The post being edited, left out of the recent posts and of the same text. */
  exceptPostId?: string | undefined;
  /**
   * The duplicate check, read along when the site's duplicate window is known beforehand (null:
   * not read). Its window is the caller's; whoever uses the result checks it is the policy's.
   */
  sameText: SameTextWindow | null;
}

/** What screening reads about a post's author and the author's site as stored. */
interface AuthorAndSite {
  role: MemberRow['role'];
  guest: boolean;
  name: string;
  trust_level: number;
  /** The site's stored policy; null with `premoderate_first_posts` when the site is not found. */
  policy: SiteRow['policy'] | null;
  premoderate_first_posts: boolean | null;
  allowed_origins: string[] | null;
}

export interface ScreeningRow extends AuthorAndSite {
  recent_threads: number;
  recent_replies: number;
  recent_first_at: Date | null;
  recent_linked_html: string[] | null;
  recent_older: boolean | null;
  has_approved_post: boolean | null;
  same_text_author_ids: string[] | null;
  same_text_board_ids: string[] | null;
}

/** The columns of `screeningFacts`, for a prepared statement that selects them from it. */
export const SCREENING_COLUMNS = columnList<ScreeningRow>({
  role: true,
  guest: true,
  name: true,
  trust_level: true,
  policy: true,
  premoderate_first_posts: true,
  allowed_origins: true,
  recent_threads: true,
  recent_replies: true,
  recent_first_at: true,
  recent_linked_html: true,
  recent_older: true,
  has_approved_post: true,
  same_text_author_ids: true,
  same_text_board_ids: true,
});

/** Recent posts the summary of `screeningSelect` reads at most. */
const RECENT_POSTS_READ = 200;
/** Posts with the same text `screeningSelect` reads at most. */
const SAME_TEXT_READ = 20;

/**
 * What the spam policy reads about a post's author and the author's site, as a select of one row
 * (none for an unknown member) to run alone or join into another statement. Read in Postgres and
 * summed up there, so a busy new member's posts are not sent to the node one by one:
 * - for members at trust levels 0 and 1 (the only ones the first-day and link limits look at), a
 *   summary of their recent posts, read through the (author, created_at) index;
 * - whether any post of the member is visible, only for a member at trust level 0 on a site that
 *   pre-moderates first posts (the only case that asks; null otherwise);
 * - when asked, who posted the same text on the site within the window, and where: at most 20
 *   posts, through the (content_hash, created_at) index.
 * It takes no lock: the author's row is the write's first lock (see `claimKey`).
 */
export function screeningFacts(q: ScreeningQuery): RawBuilder<ScreeningRow> {
  return screeningSelect({
    siteId: q.siteId,
    memberId: q.memberId,
    recentSince: q.recentSince,
    until: q.until,
    exceptPostId: q.exceptPostId ?? null,
    sameTextHash: q.sameText?.contentHash ?? null,
    sameTextSince: q.sameText?.since ?? null,
  });
}

/**
 * What `screeningFacts` reads by: each a value, or an expression of the statement it is read in
 * (a column of a list of posts to screen, say, so one statement reads the facts of several).
 */
export interface ScreeningInputs {
  siteId: unknown;
  memberId: unknown;
  recentSince: unknown;
  until: unknown;
  exceptPostId: unknown;
  /** Null (or an expression that is) leaves the duplicate check out. */
  sameTextHash: unknown;
  sameTextSince: unknown;
}

/** The select of `screeningFacts`, by values or expressions (see `ScreeningInputs`). */
export function screeningSelect(q: ScreeningInputs): RawBuilder<ScreeningRow> {
  const exceptPostId = q.exceptPostId;
  return sql<ScreeningRow>`
    select m.role, m.guest, m.name, m.trust_level, s.policy, s.premoderate_first_posts, s.allowed_origins,
           r.threads as recent_threads, r.replies as recent_replies, r.first_at as recent_first_at,
           r.linked_html as recent_linked_html,
           m.trust_level <= 1 and exists (
             select 1 from posts o where o.author_id = m.id and o.created_at <= ${q.recentSince}
           ) as recent_older,
           case when s.premoderate_first_posts and m.trust_level = 0 then exists (
             select 1 from posts v where v.author_id = m.id and v.status = 'visible'
           ) end as has_approved_post,
           d.author_ids as same_text_author_ids, d.board_ids as same_text_board_ids
    from members m
    left join sites s on s.id = ${q.siteId}
    cross join lateral (
      select count(*) filter (where p.root)::int as threads,
             count(*) filter (where not p.root)::int as replies,
             min(p.created_at) as first_at,
             array_agg(p.html) filter (where p.html like '%href="%') as linked_html
      from (
        select root, html, created_at from posts
        where m.trust_level <= 1 and author_id = m.id
          and created_at > ${q.recentSince} and created_at <= ${q.until}
          and (${exceptPostId}::bigint is null or id <> ${exceptPostId}::bigint)
        order by created_at
        limit ${sql.lit(RECENT_POSTS_READ)}
      ) p
    ) r
    cross join lateral (
      select array_agg(t.author_id::text) as author_ids, array_agg(t.board_id::text) as board_ids
      from (
        select same.author_id, same.board_id from posts same
        where same.content_hash = ${q.sameTextHash}
          and same.created_at > ${q.sameTextSince} and same.status <> 'deleted'
          and (${exceptPostId}::bigint is null or same.id <> ${exceptPostId}::bigint)
          -- Each post's board by its key: a text's posts are few, where a site's boards can be many.
          and (select b.site_id from boards b where b.id = same.board_id) = ${q.siteId}
        limit ${sql.lit(SAME_TEXT_READ)}
      ) t
    ) d
    where m.id = ${q.memberId}`;
}

/** A post of the member written earlier in the same transaction, which a statement run before it did not see. */
export interface EarlierPost {
  root: boolean;
  html: string;
  created_at: Date;
  status: string;
  content_hash: string | null;
  author_id: string;
  board_id: string;
}

/**
 * A row of `screeningFacts` as it would read with the member's `earlier` posts stored: what
 * `screeningSelect` reads, applied to those posts in the same way (for replies of one member
 * screened side by side in one statement, see `SideBySide`). Posts are of the row's member and site.
 */
export function withEarlierPosts(row: ScreeningRow, q: ScreeningQuery, earlier: readonly EarlierPost[]): ScreeningRow {
  const next = { ...row };
  const same = q.sameText;
  for (const post of earlier) {
    const at = post.created_at.getTime();
    const recent = at > q.recentSince.getTime() && at <= q.until.getTime();
    if (row.trust_level <= 1 && recent && next.recent_threads + next.recent_replies < RECENT_POSTS_READ) {
      if (post.root) next.recent_threads += 1;
      else next.recent_replies += 1;
      if (next.recent_first_at === null || at < next.recent_first_at.getTime()) next.recent_first_at = post.created_at;
      if (post.html.includes('href="')) next.recent_linked_html = [...(next.recent_linked_html ?? []), post.html];
    }
    if (next.has_approved_post === false && post.status === 'visible') next.has_approved_post = true;
    if (same && isSameText(post, same) && (next.same_text_author_ids ?? []).length < SAME_TEXT_READ) {
      next.same_text_author_ids = [...(next.same_text_author_ids ?? []), post.author_id];
      next.same_text_board_ids = [...(next.same_text_board_ids ?? []), post.board_id];
    }
  }
  return next;
}

/** Whether a post counts as the same text in a window, as `screeningSelect` reads them. */
export function isSameText(post: EarlierPost, same: SameTextWindow): boolean {
  return (
    post.content_hash === same.contentHash &&
    post.created_at.getTime() > same.since.getTime() &&
    post.status !== 'deleted'
  );
}

/** What screening knows about a post's author and site, as read by `screeningFacts`. */
export interface ScreeningFacts extends AuthorAndSite {
  /** The author's recent posts; null above trust level 1. */
  recent: RecentPostsSummary | null;
  /** Whether a post of the author is visible; null when not asked (see `screeningFacts`). */
  hasApprovedPost: boolean | null;
  /** The same text within the window asked for; null when not asked. */
  sameText: (SameTextWindow & { posts: SameTextPost[] }) | null;
  /**
   * The author's posts stored earlier in the same transaction, which the read did not see (they
   * are counted in the facts above already; screening adds them to what it reads itself).
   */
  earlier: readonly EarlierPost[];
}

/** Maps a row of `screeningFacts` to what screening uses. */
export function toScreeningFacts(
  row: ScreeningRow,
  q: ScreeningQuery,
  earlier: readonly EarlierPost[] = [],
): ScreeningFacts {
  const {
    recent_threads,
    recent_replies,
    recent_first_at,
    recent_linked_html,
    recent_older,
    has_approved_post,
    same_text_author_ids,
    same_text_board_ids,
    ...authorAndSite
  } = row;
  const boards = same_text_board_ids ?? [];
  return {
    ...authorAndSite,
    recent:
      row.trust_level <= 1
        ? {
            threads: recent_threads,
            replies: recent_replies,
            firstAt: recent_first_at,
            linkedHtml: recent_linked_html ?? [],
            older: recent_older === true,
          }
        : null,
    hasApprovedPost: has_approved_post,
    sameText: q.sameText && {
      ...q.sameText,
      posts: (same_text_author_ids ?? []).map((author_id, i) => ({ author_id, board_id: boards[i] as string })),
    },
    earlier,
  };
}

/** Reads what screening needs about a post's author and site (see `screeningFacts`). */
export async function findScreeningFacts(db: Executor, q: ScreeningQuery): Promise<ScreeningFacts> {
  const { rows } = await sql<ScreeningRow>`${screeningFacts(q)} ${prepared()}`.execute(db);
  const row = rows[0];
  if (!row) throw new Error(`No member ${q.memberId}`);
  return toScreeningFacts(row, q);
}

export interface SameTextQuery extends SameTextWindow {
  siteId: string;
  /** The post being edited, left out. */
  exceptPostId?: string | undefined;
}

/**
 * Who posted a text with this hash on the site since `since`, and where (at most 20): the
 * duplicate check alone, for when the window read with the author was not the policy's.
 */
export async function listSameTextPosts(db: Executor, query: SameTextQuery): Promise<SameTextPost[]> {
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
