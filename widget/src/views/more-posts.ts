import { html, nothing, type TemplateResult } from 'lit';
import { createRef, ref } from 'lit/directives/ref.js';
import { ThreadPaging } from '../board/thread-paging.js';
import type { BoardController } from '../board-controller.js';
import type { WidgetTranslator } from '../i18n/translator.js';
import type { ThreadState } from '../state/thread-store.js';
import type { PanelHost } from './panel-host.js';

/** How far below the visible part of the page the next page starts loading, so scrolling rarely waits. */
const AHEAD = '600px';

/**
 * The end of a long thread's loaded posts: a sentinel that loads the next page as the reader
 * scrolls near it, and a Load more button for readers (and browsers) it does not reach.
 */
export class MorePosts {
  private readonly sentinel = createRef<HTMLElement>();
  private observer: IntersectionObserver | null = null;
  private watched: Element | null = null;
  private error = '';
  private readonly paging: ThreadPaging;

  constructor(
    private readonly host: PanelHost,
    ctl: BoardController,
  ) {
    this.paging = new ThreadPaging(ctl);
  }

  /** Forgets a failed load, e.g. when another thread opens. */
  reset(): void {
    this.error = '';
    this.unwatch();
  }

  render(open: ThreadState, tr: WidgetTranslator): TemplateResult | typeof nothing {
    if (open.next === null || open.removed) {
      this.unwatch();
      return nothing;
    }
    const busy = this.paging.loading;
    // Watched once the sentinel is in the page.
    void this.host.updateComplete.then(() => this.watch());
    return html`<div class="list-footer" part="more-posts" ${ref(this.sentinel)}>
      ${this.error ? html`<p class="error-text" role="alert">${this.error}</p>` : nothing}
      <button type="button" class="btn" aria-busy=${busy ? 'true' : 'false'} ?disabled=${busy} @click=${() => void this.load()}>
        ${tr.t(busy ? 'common.loading' : 'thread.loadMore')}
      </button>
    </div>`;
  }

  private watch(): void {
    const element = this.sentinel.value ?? null;
    if (element === this.watched || typeof IntersectionObserver === 'undefined') return;
    this.unwatch();
    if (!element) return;
    this.observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting) && !this.error) void this.load();
      },
      { rootMargin: `0px 0px ${AHEAD} 0px` },
    );
    this.observer.observe(element);
    this.watched = element;
  }

  private unwatch(): void {
    this.observer?.disconnect();
    this.observer = null;
    this.watched = null;
  }

  private async load(): Promise<void> {
    if (this.paging.loading) return;
    this.error = '';
    try {
      await this.paging.loadMore();
    } catch (error) {
      // The button stays to try again; scrolling does not retry on its own.
      this.error = this.host.describe(error);
    }
    this.host.requestUpdate();
    // The observer tells only of changes: a page too short to push the sentinel away would stop
    // the loading here, so it looks again from scratch.
    await this.host.updateComplete;
    this.unwatch();
    this.watch();
  }
}
