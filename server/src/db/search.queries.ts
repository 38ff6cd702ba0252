/**
 * Full-text queries over thread titles and post sources. They use the stored `title_tsv` and
 * `source_tsv` vectors and their GIN indexes, written by triggers in the text search configuration
 * of the site's language (migration `20261204_1600_search_languages`); queries use the same one.
 */
import { type RawBuilder, sql } from 'kysely';
import type { Executor } from './executor.js';

/** Boards a search looks in: one board of a site, or all of them. */
export interface SearchScope {
  siteId: string;
  /** Board slug, or null for the whole site. */
  board: string | null;
}

/**
 * The text search configuration of a site's language, by its oid. Given to a statement as a
 * parameter it plans as a constant, so `to_tsquery(config, 'word')` is computed once per
 * statement, not once for every candidate row.
 */
export interface SearchConfig {
  readonly oid: string;
}

export async function searchConfig(db: Executor, siteId: string): Promise<SearchConfig> {
  const { rows } = await sql<{ oid: string }>`select booth_site_search_config(${siteId})::oid::int8 as oid`.execute(db);
  const oid = rows[0]?.oid;
  if (oid === undefined || oid === null) throw new Error(`no search configuration for site ${siteId}`);
  return { oid: String(oid) };
}

function configOf(config: SearchConfig): RawBuilder<unknown> {
  return sql`${config.oid}::oid::regconfig`;
}

/** A web-search style query as a tsquery in the site's configuration, CJK runs cut into pieces as the vectors hold them. */
function webQuery(config: SearchConfig, query: string): RawBuilder<unknown> {
  return sql`websearch_to_tsquery(${configOf(config)}, booth_cjk_pieces(${query}, false))`;
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
  config: SearchConfig,
  query: string,
  limit: number,
  offset: number,
): Promise<SearchRow[]> {
  const boards = scopeBoards(scope);
  const { rows } = await sql<SearchRow & { answered: boolean }>`
    with q as (select ${webQuery(config, query)} as q),
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
  config: SearchConfig,
  query: string,
  hits: Array<{ thread_id: string; post_id: string }>,
): Promise<{ titles: Map<string, string>; snippets: Map<string, string> }> {
  if (hits.length === 0) return { titles: new Map(), snippets: new Map() };
  const threadIds = hits.map((h) => h.thread_id);
  const postIds = hits.map((h) => h.post_id);
  const titles = await sql<{ id: string; text: string }>`
    select t.id, ts_headline(${configOf(config)}, t.title, ${webQuery(config, query)}, ${TITLE_OPTIONS}) as text
    from threads t where t.id = any(${threadIds}::bigint[])
  `.execute(db);
  const snippets = await sql<{ id: string; text: string }>`
    select p.id, ts_headline(${configOf(config)}, p.source, ${webQuery(config, query)}, ${HEADLINE_OPTIONS}) as text
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
 * The terms that can match anything, in the site's language: stop words ("how", "the", "my") are
 * dropped, as the stemmed title vectors do not hold them. A run of CJK characters becomes its
 * two-character pieces (one character alone stays), each a finished word: the vectors hold those
 * pieces, and a piece already typed matches whatever comes after it. Terms are letters and
 * digits only (see `titleTerms`).
 */
export async function usefulTerms(
  db: Executor,
  config: SearchConfig,
  terms: { words: string[]; prefix: string | null },
): Promise<{ words: string[]; prefix: string | null }> {
  const all = terms.prefix === null ? terms.words : [...terms.words, terms.prefix];
  if (all.length === 0) return { words: [], prefix: null };
  const { rows } = await sql<{ word: string; piece: string; useful: boolean }>`
    select w.word, p.piece, numnode(to_tsquery(${configOf(config)}, p.piece)) > 0 as useful
    from unnest(${all}::text[]) with ordinality w(word, n),
      regexp_split_to_table(btrim(booth_cjk_pieces(w.word, false)), '[[:space:]]+') with ordinality p(piece, m)
    where p.piece <> ''
    order by w.n, p.m
  `.execute(db);
  const pieces = (word: string) => rows.filter((r) => r.word === word && r.useful).map((r) => r.piece);
  const typing = terms.prefix === null ? [] : pieces(terms.prefix);
  const prefixWhole = terms.prefix !== null && typing.length === 1 && typing[0] === terms.prefix;
  const words = [...terms.words.flatMap(pieces), ...(prefixWhole ? [] : typing)];
  return { words: [...new Set(words)], prefix: prefixWhole ? terms.prefix : null };
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
  config: SearchConfig,
  terms: { words: string[]; prefix: string | null },
  mode: 'all' | 'any',
  answered: boolean,
  limit: number,
): Promise<SuggestRow[]> {
  const checks = [
    ...terms.words.map((w) => sql`t.title_tsv @@ to_tsquery(${configOf(config)}, ${w})`),
    ...(terms.prefix === null ? [] : [sql`t.title_words_tsv @@ to_tsquery('booth_simple', ${`${terms.prefix}:*`})`]),
  ];
  if (checks.length === 0) return [];
  const words = terms.words.join(mode === 'all' ? ' & ' : ' | ');
  const prefix =
    terms.prefix === null ? null : sql`t.title_words_tsv @@ to_tsquery('booth_simple', ${`${terms.prefix}:*`})`;
  const byWords = words ? sql`t.title_tsv @@ to_tsquery(${configOf(config)}, ${words})` : null;
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

/**
 * Writes the search vectors of every thread and post of a site again, in the configuration of
 * its language now: the triggers compute them whenever a title or source is written.
 */
export async function reindexSiteSearch(db: Executor, siteId: string): Promise<void> {
  const boards = scopeBoards({ siteId, board: null });
  await sql`update threads set title = title where board_id in (${boards})`.execute(db);
  await sql`update posts set source = source where board_id in (${boards})`.execute(db);
}
