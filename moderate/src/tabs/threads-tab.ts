import type { ThreadView } from '@booth/shared';
import { html, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { chips, threadMeta } from '../views/fragments.js';
import { TabElement } from './tab-element.js';

type ThreadFilter = 'all' | 'hidden' | 'pinned' | 'locked';

/** Every thread of the site, or only the hidden, pinned or locked ones. */
@customElement('booth-threads-tab')
export class ThreadsTab extends TabElement {
  @state() private filter: ThreadFilter = 'all';
  @state() private threads: ThreadView[] = [];

  protected override async load(): Promise<void> {
    this.threads = (await this.desk.request({ type: 'staff.threads', filter: this.filter })).threads;
  }

  override render(): TemplateResult {
    const { t } = this.strings;
    return html`<section class="list" aria-label=${t('threads.title')}>
      <h2>
        ${t('threads.title')}
        <select aria-label=${t('threads.show')} @change=${this._onFilter}>
          ${(['all', 'hidden', 'pinned', 'locked'] as const).map((f) => html`<option value=${f} ?selected=${this.filter === f}>${t(`threads.filter.${f}`)}</option>`)}
        </select>
      </h2>
      <ul class="rows">
        ${this.threads.map(
          (thread) => html`<li class=${this.openThreadId === thread.id ? 'selected' : ''}>
            <button type="button" class="row-title" @click=${() => this.desk.openThread(thread.id)}><bdi>${thread.title}</bdi></button>
            <span>${chips(this.strings, thread)} ${threadMeta(this.strings, thread)}</span>
          </li>`,
        )}
      </ul>
    </section>`;
  }

  private _onFilter(event: Event): void {
    this.filter = (event.target as HTMLSelectElement).value as ThreadFilter;
    void this.load().catch(() => {});
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'booth-threads-tab': ThreadsTab;
  }
}
