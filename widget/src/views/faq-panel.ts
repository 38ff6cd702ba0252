import type { FaqEntry } from '@booth/shared';
import { css, html, nothing, type TemplateResult } from 'lit';
import { unsafeHTML } from 'lit/directives/unsafe-html.js';
import type { BoardController } from '../board-controller.js';
import type { WidgetTranslator } from '../i18n/translator.js';
import { LatestLookup } from '../lookup.js';
import type { PanelHost } from './panel-host.js';

/** Styles of the FAQ, added to the board when its chunk loads. */
export const faqStyles = css`
  .faq { display: grid; gap: 0.5rem; padding: 0.5rem 0; }
  .faq-head { display: flex; gap: 0.5rem; align-items: center; justify-content: space-between; flex-wrap: wrap; }
  .faq-head h2 { font-size: 1.05rem; margin: 0; }
  .faq ol { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.5rem; }
  .faq details { border: 1px solid var(--booth-border, #d8d8de); border-radius: var(--booth-radius, 8px); padding: 0.5rem 0.75rem; }
  .faq summary { cursor: pointer; font-weight: 600; }
  .faq .faq-summary { margin: 0.5rem 0 0; }
`;

/**
 * The board's FAQ built from answers: the answered questions staff left in, in FAQ order, each
 * opening to its canonical summary or its answer, searchable with the board's search.
 */
export class FaqPanel {
  /** True while the FAQ replaces the thread list. */
  active = false;
  private query = '';
  private entries: FaqEntry[] | null = null;
  private error = '';
  private readonly lookup = new LatestLookup(300);

  constructor(
    private readonly host: PanelHost,
    private readonly ctl: BoardController,
  ) {}

  private set(change: () => void): void {
    change();
    this.host.requestUpdate();
  }

  /** Shows the FAQ and loads it. */
  open(): void {
    this.set(() => (this.active = true));
    this.fetch('');
    this.host.focusOn('#faq-heading');
  }

  close(): void {
    this.lookup.cancel();
    this.set(() => {
      this.active = false;
      this.query = '';
      this.entries = null;
    });
    this.host.focusOn('.faq-toggle');
  }

  /** Looks the FAQ up once typing pauses; the latest lookup wins. */
  private fetch(query: string): void {
    this.lookup.run(
      () => {
        const board = this.ctl.config().board;
        return this.ctl.connection.request({ type: 'faq', board, ...(query ? { query } : {}) });
      },
      ({ entries }) =>
        this.set(() => {
          this.entries = entries;
          this.error = '';
        }),
      (error) => this.set(() => (this.error = this.host.describe(error))),
    );
  }

  private onQuery(query: string): void {
    this.query = query;
    this.fetch(query.trim());
  }

  render(tr: WidgetTranslator, onOpen: (threadId: string) => void): TemplateResult {
    const entries = this.entries;
    return html`<section class="faq" part="faq" aria-labelledby="faq-heading">
      <div class="faq-head">
        <h2 id="faq-heading" tabindex="-1">${tr.t('faq.title')}</h2>
        <button type="button" class="link" @click=${() => this.close()}>${tr.t('faq.close')}</button>
      </div>
      <form role="search" aria-label=${tr.t('faq.search')} @submit=${(e: SubmitEvent) => e.preventDefault()}>
        <label class="visually-hidden" for="faq-search">${tr.t('faq.search')}</label>
        <input id="faq-search" type="search" part="input" maxlength="200" placeholder=${tr.t('faq.search')}
          .value=${this.query} @input=${(e: InputEvent) => this.onQuery((e.target as HTMLInputElement).value)} />
      </form>
      ${this.error ? html`<p class="error-text" role="alert">${this.error}</p>` : nothing}
      ${
        entries === null
          ? html`<p role="status">${tr.t('common.loading')}</p>`
          : entries.length === 0
            ? html`<p role="status">${tr.t('faq.empty')}</p>`
            : html`<ol aria-label=${tr.t('faq.title')}>${entries.map((entry) => this.renderEntry(entry, tr, onOpen))}</ol>`
      }
    </section>`;
  }

  private renderEntry(entry: FaqEntry, tr: WidgetTranslator, onOpen: (threadId: string) => void): TemplateResult {
    // The summary is plain text staff wrote; the answer is HTML the server sanitized.
    const answer = entry.summary
      ? html`<p class="faq-summary" dir="auto">${entry.summary}</p>`
      : html`<div class="body" dir="auto">${unsafeHTML(entry.answer.html)}</div>`;
    const staff = entry.answer.author.role === 'customer' ? nothing : html` · ${tr.t('faq.staffAnswer')}`;
    return html`<li>
      <details>
        <summary><bdi>${entry.thread.title}</bdi></summary>
        ${answer}
        <p class="meta"><bdi>${entry.answer.author.name}</bdi>${staff} ·
          <button type="button" class="link" @click=${() => onOpen(entry.thread.id)}>${tr.t('faq.readThread')}</button></p>
      </details>
    </li>`;
  }
}
