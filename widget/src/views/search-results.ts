import type { SearchResult, TextRun } from '@booth/shared';
import { html, nothing, type TemplateResult } from 'lit';
import type { WidgetTranslator } from '../i18n/translator.js';
import { threadItem } from './thread-list.js';

export interface SearchResultsProps {
  tr: WidgetTranslator;
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
  const { result, tr } = props;
  const hits = result?.hits ?? [];
  const summary = props.error
    ? props.error
    : result === null
      ? tr.t('search.searching')
      : tr.t(hits.length === 0 ? 'search.nothing' : 'search.resultsFor', { query: props.query });
  return html`
    <div class="search-summary" part="search-summary">
      <p role="status" class=${props.error ? 'error-text' : ''}>${summary}</p>
      <button type="button" class="link" @click=${props.onClear}>${tr.t('search.clear')}</button>
    </div>
    ${
      hits.length > 0
        ? html`<ul class="threads" part="thread-list" aria-label=${tr.t('search.results')}>
          ${hits.map((hit) =>
            threadItem(hit.thread, {
              tr,
              openingId: props.openingId,
              now: props.now,
              onOpen: props.onOpen,
              title: marked(hit.title),
              excerpt: html`<p class="excerpt"><bdi>${marked(hit.snippet)}</bdi></p>`,
            }),
          )}
        </ul>`
        : nothing
    }
    ${
      result?.next != null
        ? html`<div class="list-footer">
          <button type="button" class="btn" ?disabled=${props.busy} @click=${props.onMore}>
            ${tr.t(props.busy ? 'common.loading' : 'search.more')}
          </button>
        </div>`
        : nothing
    }
  `;
}
