/**
 * Full-text queries over thread titles and post sources. They use the stored `title_tsv` and
 * `source_tsv` vectors (English configuration) and their GIN indexes.
 */
import { type RawBuilder, sql } from 'kysely';
import type { Executor } from './executor.js';

/** Boards a search looks in: one board of a site, or all of them. */
export interface SearchScope {
  siteId: string;
  /** Board slug, or null for the whole site. */
  board: string | null;
}

/** The ids of the boards in scope, as a subquery. */
export function scopeBoards(scope: SearchScope): RawBuilder<unknown> {
  return sql`select id from boards where site_id = ${scope.siteId}${
    scope.board === null ? sql`` : sql` and slug = ${scope.board}`
  }`;
}

export interface SearchRow {
  thread_id: string;
  post_id: string;
  rank: number;
}

/** Weight of a reply's match against a match in the question itself. */
const REPLY_WEIGHT = 0.8;
/** Weight of a title match, added to the best post match. */
const TITLE_WEIGHT = 2;

/**
 * Threads matching a web-search style query (`"exact phrase"`, `or`, `-not`), answered ones
 * first, then by rank. Each row names the post (question or reply) that matched best.
 */
export async function searchThreads(
  db: Executor,
  scope: SearchScope,
  query: string,
  limit: number,
  offset: number,
): Promise<SearchRow[]> {
  const boards = scopeBoards(scope);
  const { rows } = await sql<SearchRow & { answered: boolean }>`
    with q as (select websearch_to_tsquery('english', ${query}) as q),
    title_hits as (
      select t.id as thread_id, ts_rank(t.title_tsv, q.q) * ${sql.lit(TITLE_WEIGHT)} as rank
      from threads t, q
      where t.board_id in (${boards}) and t.hidden = false and t.title_tsv @@ q.q
    ),
    post_hits as (
      select distinct on (p.thread_id) p.thread_id, p.id as post_id,
        ts_rank(p.source_tsv, q.q) * (case when p.root then 1.0 else ${sql.lit(REPLY_WEIGHT)} end) as rank
      from posts p, q
      where p.board_id in (${boards}) and p.status = 'visible' and p.source_tsv @@ q.q
      order by p.thread_id, rank desc, p.id
    ),
    hits as (
      select coalesce(ph.thread_id, th.thread_id) as thread_id, ph.post_id,
        coalesce(th.rank, 0) + coalesce(ph.rank, 0) as rank
      from title_hits th full join post_hits ph on ph.thread_id = th.thread_id
    )
    select h.thread_id, coalesce(h.post_id, t.root_post_id) as post_id, h.rank::float8 as rank,
      (t.answered_at is not null) as answered
    from hits h join threads t on t.id = h.thread_id
    where t.hidden = false and t.root_post_id is not null
    order by answered desc, h.rank desc, h.thread_id desc
    limit ${limit} offset ${offset}
  `.execute(db);
  return rows.map(({ thread_id, post_id, rank }) => ({ thread_id, post_id, rank: Number(rank) }));
}

/** Marks that ts_headline puts around matched words; posts can never contain them. */
export const MATCH_START = '\u0001';
export const MATCH_END = '\u0002';

const HEADLINE_OPTIONS = `StartSel="${MATCH_START}", StopSel="${MATCH_END}", MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`;
const TITLE_OPTIONS = `StartSel="${MATCH_START}", StopSel="${MATCH_END}", HighlightAll=true`;

/** Titles and post passages of the given threads and posts with the query's words marked. */
export async function headlines(
  db: Executor,
  query: string,
  hits: Array<{ thread_id: string; post_id: string }>,
): Promise<{ titles: Map<string, string>; snippets: Map<string, string> }> {
  if (hits.length === 0) return { titles: new Map(), snippets: new Map() };
  const threadIds = hits.map((h) => h.thread_id);
  const postIds = hits.map((h) => h.post_id);
  const titles = await sql<{ id: string; text: string }>`
    select t.id, ts_headline('english', t.title, websearch_to_tsquery('english', ${query}), ${TITLE_OPTIONS}) as text
    from threads t where t.id = any(${threadIds}::bigint[])
  `.execute(db);
  const snippets = await sql<{ id: string; text: string }>`
    select p.id, ts_headline('english', p.source, websearch_to_tsquery('english', ${query}), ${HEADLINE_OPTIONS}) as text
    from posts p where p.id = any(${postIds}::bigint[])
  `.execute(db);
  return {
    titles: new Map(titles.rows.map((r) => [r.id, r.text])),
    snippets: new Map(snippets.rows.map((r) => [r.id, r.text])),
  };
}

/** Matching titles ranked per suggestion query at most. */
const SUGGEST_CANDIDATES = 1000;

export interface SuggestRow {
  thread_id: string;
  answered: boolean;
  /** How many of the terms the title has. */
  matched: number;
}

/**
 * The terms that can match anything: English stop words ("how", "the", "my") are dropped, as
 * the stemmed title vectors do not hold them. Terms are letters and digits only (see `titleTerms`).
 */
export async function usefulTerms(
  db: Executor,
  terms: { words: string[]; prefix: string | null },
): Promise<{ words: string[]; prefix: string | null }> {
  const all = terms.prefix === null ? terms.words : [...terms.words, terms.prefix];
  if (all.length === 0) return { words: [], prefix: null };
  const { rows } = await sql<{ word: string; useful: boolean }>`
    select w as word, numnode(to_tsquery('english', w)) > 0 as useful from unnest(${all}::text[]) w
  `.execute(db);
  const useful = new Set(rows.filter((r) => r.useful).map((r) => r.word));
  return {
    words: terms.words.filter((w) => useful.has(w)),
    prefix: terms.prefix !== null && useful.has(terms.prefix) ? terms.prefix : null,
  };
}

/**
 * Answered (or unanswered) questions whose title has every term (`all`) or any term (`any`), by
 * how many terms they have, then shorter titles (a closer match) first. Finished words match by
 * stem; the word being typed matches as a prefix of an unstemmed title word. Each term is
 * checked on its own, which is far cheaper than ts_rank over thousands of candidates.
 * Terms must come from `usefulTerms`.
 */
export async function matchQuestionTitles(
  db: Executor,
  scope: SearchScope,
  terms: { words: string[]; prefix: string | null },
  mode: 'all' | 'any',
  answered: boolean,
  limit: number,
): Promise<SuggestRow[]> {
  const checks = [
    ...terms.words.map((w) => sql`t.title_tsv @@ to_tsquery('english', ${w})`),
    ...(terms.prefix === null ? [] : [sql`t.title_words_tsv @@ to_tsquery('simple', ${`${terms.prefix}:*`})`]),
  ];
  if (checks.length === 0) return [];
  const words = terms.words.join(mode === 'all' ? ' & ' : ' | ');
  const prefix = terms.prefix === null ? null : sql`t.title_words_tsv @@ to_tsquery('simple', ${`${terms.prefix}:*`})`;
  const byWords = words ? sql`t.title_tsv @@ to_tsquery('english', ${words})` : null;
  const parts = [byWords, prefix].filter((x) => x !== null);
  const match = sql.join(parts, mode === 'all' ? sql` and ` : sql` or `);
  const matched = sql.join(
    checks.map((c) => sql`(${c})::int`),
    sql` + `,
  );
  // Ordering needs every candidate; a very common word ("order") or a short prefix ("doe") can
  // match a large share of a board, so only the first candidates the index yields are ranked.
  const { rows } = await sql<SuggestRow>`
    select t.id as thread_id, (t.answered_at is not null) as answered, ${matched} as matched
    from (
      select t.id, t.title, t.answered_at, t.title_tsv, t.title_words_tsv
      from threads t
      where t.board_id in (${scopeBoards(scope)}) and t.hidden = false and t.kind = 'question'
        and t.answered_at ${answered ? sql`is not null` : sql`is null`} and (${match})
      limit ${sql.lit(SUGGEST_CANDIDATES)}
    ) t
    order by matched desc, length(t.title), t.id desc
    limit ${limit}
  `.execute(db);
  return rows.map((r) => ({ ...r, matched: Number(r.matched) }));
}

/** Sources of the accepted answers of the given threads, keyed by thread id. */
export async function acceptedAnswerSources(db: Executor, threadIds: string[]): Promise<Map<string, string>> {
  if (threadIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('threads')
    .innerJoin('posts', 'posts.id', 'threads.accepted_post_id')
    .select(['threads.id', 'posts.source'])
    .where('threads.id', 'in', threadIds)
    .where('posts.status', '=', 'visible')
    .execute();
  return new Map(rows.map((r) => [r.id, r.source]));
}

/**
 * For the rest of the transaction, keeps the planner off sequential scans: common words match a
 * large share of a board, and it would rather scan the table than use the index, several times slower.
 */
export async function preferIndexScans(tx: Executor): Promise<void> {
  await sql`set local enable_seqscan = off`.execute(tx);
}
