import { SEARCH_LIMITS, type SearchResult, type Suggestion } from '@booth/shared';
import type { TemplateResult } from 'lit';
import type { BoardController } from '../board-controller.js';
import type { WidgetTranslator } from '../i18n/translator.js';
import { LatestLookup } from '../lookup.js';
import type { PanelHost } from './panel-host.js';
import { searchResults } from './search-results.js';
import { suggestions } from './suggestions.js';

export { searchStyles } from '../styles/search.js';

interface SearchState {
  query: string;
  result: SearchResult | null;
  busy: boolean;
  error: string;
}

/**
 * Finding answers: the board's search field and its results, and the similar questions offered
 * while a question title is typed. Lookups wait for a pause in typing; the latest one wins.
 */
export class SearchPanel {
  /** The search field's text. */
  query = '';
  private search: SearchState | null = null;
  private similar: readonly Suggestion[] = [];
  private readonly searchLookup = new LatestLookup(300);
  private readonly suggestLookup = new LatestLookup(300);

  constructor(
    private readonly host: PanelHost,
    private readonly ctl: BoardController,
  ) {}

  /** True while results replace the thread list. */
  get active(): boolean {
    return this.search !== null;
  }

  /** Full-text search over the board's threads and replies, from `offset` on. */
  private find(query: string, offset = 0): Promise<SearchResult> {
    return this.ctl.connection.request({ type: 'search', query, board: this.ctl.config().board, offset });
  }

  private set(change: () => void): void {
    change();
    this.host.requestUpdate();
  }

  onQuery(query: string): void {
    this.query = query;
    const trimmed = query.trim();
    if (trimmed === '') {
      this.clear(false);
      return;
    }
    this.set(() => (this.search = { query: trimmed, result: this.search?.result ?? null, busy: true, error: '' }));
    this.searchLookup.run(
      () => this.find(trimmed),
      (result) => {
        this.set(() => (this.search = { query: trimmed, result, busy: false, error: '' }));
        const n = result.hits.length;
        const found = result.next === null ? 'search.found' : 'search.foundMore';
        this.ctl.announce(this.host.t(n === 0 ? 'search.noResults' : found, { count: n }));
      },
      (error) =>
        this.set(() => (this.search = { query: trimmed, result: null, busy: false, error: this.host.describe(error) })),
    );
  }

  /** Empties the field and goes back to the thread list. */
  clear(focus = true): void {
    this.searchLookup.cancel();
    this.set(() => {
      this.search = null;
      this.query = '';
    });
    if (focus) this.host.focusOn('#search');
  }

  private async more(): Promise<void> {
    const search = this.search;
    const offset = search?.result?.next;
    if (!search?.result || offset == null || search.busy) return;
    this.set(() => (this.search = { ...search, busy: true }));
    try {
      const more = await this.find(search.query, offset);
      if (this.search?.query !== search.query) return;
      const hits = [...search.result.hits, ...more.hits];
      this.set(() => (this.search = { ...search, busy: false, result: { hits, next: more.next } }));
    } catch (error) {
      this.set(() => (this.search = { ...search, busy: false, error: this.host.describe(error) }));
    }
  }

  renderResults(
    tr: WidgetTranslator,
    openingId: string | null,
    now: number,
    onOpen: (threadId: string) => void,
  ): TemplateResult | null {
    if (!this.search) return null;
    return searchResults({
      ...this.search,
      tr,
      openingId,
      now,
      onOpen,
      onMore: () => void this.more(),
      onClear: () => this.clear(),
    });
  }

  /** Looks up existing questions like the title being typed. */
  onTitle(title: string): void {
    if (title.trim().length < SEARCH_LIMITS.suggestMinChars) {
      this.clearSuggestions();
      return;
    }
    this.suggestLookup.run(
      () => this.ctl.connection.request({ type: 'suggest', title, board: this.ctl.config().board }),
      ({ suggestions: found }) => {
        const before = this.similar.length;
        this.set(() => (this.similar = found));
        if (found.length > 0 && before === 0) {
          this.ctl.announce(this.host.t('suggest.found', { count: found.length }));
        }
      },
      () => this.set(() => (this.similar = [])),
    );
  }

  clearSuggestions(): void {
    this.suggestLookup.cancel();
    if (this.similar.length > 0) this.set(() => (this.similar = []));
  }

  renderSuggestions(tr: WidgetTranslator, onOpen: (threadId: string) => void): ReturnType<typeof suggestions> {
    return suggestions(this.similar, tr, onOpen);
  }
}
