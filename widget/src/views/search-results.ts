import type { SearchResult, TextRun } from '@booth/shared';
import { html, nothing, type TemplateResult } from 'lit';
import { threadItem } from './thread-list.js';

export interface SearchResultsProps {
  query: string;
  result: SearchResult | null;
  busy: boolean;
  error: string;
  openingId: string | null;
  now: number;
  onOpen(threadId: string): void;
  onMore(): void;
  onClear(): void;
}

/** Text with the words that matched the query marked. */
export function marked(runs: readonly TextRun[]): TemplateResult {
  return html`${runs.map((run) => (run.match ? html`<mark>${run.text}</mark>` : run.text))}`;
}

/** Threads matching a search, best first, with the passage that matched. */
export function searchResults(props: SearchResultsProps): TemplateResult {
  const { result } = props;
  const hits = result?.hits ?? [];
  const summary = props.error
    ? props.error
    : result === null
      ? 'Searching…'
      : hits.length === 0
        ? `Nothing found for “${props.query}”. Try other words, or ask it as a new question.`
        : `Results for “${props.query}”`;
  return html`
    <div class="search-summary" part="search-summary">
      <p role="status" class=${props.error ? 'error-text' : ''}>${summary}</p>
      <button type="button" class="link" @click=${props.onClear}>Clear search</button>
    </div>
    ${
      hits.length > 0
        ? html`<ul class="threads" part="thread-list" aria-label="Search results">
          ${hits.map((hit) =>
            threadItem(hit.thread, {
              openingId: props.openingId,
              now: props.now,
              onOpen: props.onOpen,
              title: marked(hit.title),
              excerpt: html`<p class="excerpt">${marked(hit.snippet)}</p>`,
            }),
          )}
        </ul>`
        : nothing
    }
    ${
      result?.next != null
        ? html`<div class="list-footer">
          <button type="button" class="btn" ?disabled=${props.busy} @click=${props.onMore}>
            ${props.busy ? 'Loading…' : 'More results'}
          </button>
        </div>`
        : nothing
    }
  `;
}
