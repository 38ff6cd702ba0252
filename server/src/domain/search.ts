/**
 * Finding answers: full-text search over a board or a site, and similar questions while a
 * customer types a title. Both put answered questions first.
 */
import { SEARCH_LIMITS, type SearchResult, type SuggestResult, type ThreadView } from '@booth/shared';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import type { Executor } from '../db/executor.js';
import {
  acceptedAnswerSources,
  headlines,
  matchQuestionTitles,
  preferIndexScans,
  type SearchScope,
  type SuggestRow,
  searchConfig,
  searchThreads,
  usefulTerms,
} from '../db/search.queries.js';
import { listThreadViewsByIds } from '../db/threads.queries.js';
import { toThreadView } from './mappers.js';
import { firstLine, markCjk, stripMarkdownMarks, titleTerms, toRuns } from './search-text.js';

async function threadViews(db: Executor, ids: string[]): Promise<Map<string, ThreadView>> {
  if (ids.length === 0) return new Map();
  const rows = await listThreadViewsByIds(db, ids);
  return new Map(rows.map((r) => [r.id, toThreadView(r)]));
}

/** One page of search hits with highlighted titles and passages. */
export async function search(
  db: Executor,
  scope: SearchScope,
  query: string,
  offset = 0,
  pageSize: number = SEARCH_LIMITS.pageSize,
): Promise<SearchResult> {
  const config = await searchConfig(db, scope.siteId);
  const rows = await searchThreads(db, scope, config, query, pageSize + 1, offset);
  const page = rows.slice(0, pageSize);
  const [views, marked] = await Promise.all([
    threadViews(
      db,
      page.map((r) => r.thread_id),
    ),
    headlines(db, config, query, page),
  ]);
  const hits = page.flatMap((row) => {
    const thread = views.get(row.thread_id);
    if (!thread) return [];
    return [
      {
        thread,
        title: markCjk(toRuns(marked.titles.get(row.thread_id) ?? thread.title), query),
        snippet: markCjk(toRuns(stripMarkdownMarks(marked.snippets.get(row.post_id) ?? '')), query),
        postId: row.post_id,
        rank: row.rank,
      },
    ];
  });
  return { hits, next: rows.length > pageSize ? offset + pageSize : null };
}

/**
 * Up to five existing questions similar to a title being typed: answered ones first, and within
 * each those sharing every word before those sharing any; each with its answer's first line.
 */
export async function suggest(db: Kysely<Database>, scope: SearchScope, title: string): Promise<SuggestResult> {
  const limit = SEARCH_LIMITS.suggestions;
  const typed = title.trim().length >= SEARCH_LIMITS.suggestMinChars ? titleTerms(title) : null;
  if (!typed) return { suggestions: [] };
  // Common words match a large share of a board: the planner would rather scan the table for
  // the first candidates than use the index, which is several times slower here.
  const found = await db.transaction().execute(async (tx) => {
    await preferIndexScans(tx);
    const config = await searchConfig(tx, scope.siteId);
    const terms = await usefulTerms(tx, config, typed);
    const several = terms.words.length + (terms.prefix ? 1 : 0) > 1;
    // Answered questions first; within each, those with every word before those with any.
    const phases = [
      ['all', true],
      ['any', true],
      ['all', false],
      ['any', false],
    ] as const;
    const rows: SuggestRow[] = [];
    const seen = new Set<string>();
    for (const [mode, answered] of phases) {
      if (rows.length >= limit) break;
      if (mode === 'any' && !several) continue;
      for (const row of await matchQuestionTitles(tx, scope, config, terms, mode, answered, limit + rows.length)) {
        if (rows.length < limit && !seen.has(row.thread_id)) {
          seen.add(row.thread_id);
          rows.push(row);
        }
      }
    }
    return rows;
  });
  const ids = found.map((row) => row.thread_id);
  const [views, answers] = await Promise.all([threadViews(db, ids), acceptedAnswerSources(db, ids)]);
  return {
    suggestions: ids.flatMap((id) => {
      const thread = views.get(id);
      if (!thread) return [];
      const answer = answers.get(id);
      return [{ thread, answer: answer === undefined ? null : firstLine(answer) }];
    }),
  };
}
