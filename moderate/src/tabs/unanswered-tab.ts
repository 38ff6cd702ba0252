import type { UnansweredOrder, UnansweredThread } from '@booth/shared';
import { html, nothing, type TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { waitedFor } from '../i18n/formats.js';
import { threadMeta } from '../views/fragments.js';
import { TabElement } from './tab-element.js';

const ORDERS: readonly UnansweredOrder[] = ['oldest', 'most_waiting'];

/**
 * The Unanswered queue: questions without a staff answer, longest waiting first or most people
 * waiting first (the asker and everyone who has the question too), with that count on each row.
 */
@customElement('booth-unanswered-tab')
export class UnansweredTab extends TabElement {
  /** The queue, as the shell last loaded it. */
  @property({ attribute: false }) items: UnansweredThread[] = [];
  /** The order the queue was loaded in. */
  @property() order: UnansweredOrder = 'oldest';

  override render(): TemplateResult {
    const { t } = this.strings;
    return html`<section class="list" aria-label=${t('unanswered.label')}>
      <h2>
        ${t('unanswered.title')}
        <select aria-label=${t('unanswered.order')} @change=${this._onOrder}>
          ${ORDERS.map((o) => html`<option value=${o} ?selected=${this.order === o}>${t(`unanswered.order.${o}`)}</option>`)}
        </select>
      </h2>
      ${this.items.length === 0 ? html`<p class="empty">${t('unanswered.empty')}</p>` : nothing}
      <ul class="rows">
        ${this.items.map(
          ({ thread, waitingSince, escalated }) => html`<li class=${this.openThreadId === thread.id ? 'selected' : ''}>
            <button type="button" class="row-title" @click=${() => this.desk.openThread(thread.id)}><bdi>${thread.title}</bdi></button>
            ${escalated ? html`<span class="chip warn escalated">${t('panel.escalated')}</span>` : nothing}
            <span class="meta"><bdi>${thread.excerpt}</bdi></span>
            <span
              >${threadMeta(this.strings, thread)} ·
              <span class="waited">${t('unanswered.waiting', { time: waitedFor(this.strings, waitingSince, this.now) })}</span> ·
              <span class="people">${t('unanswered.people', { count: thread.waiting })}</span></span
            >
            <span class="actions"><button type="button" @click=${() => this.desk.openThread(thread.id)}>${t('unanswered.answer')}</button></span>
          </li>`,
        )}
      </ul>
    </section>`;
  }

  private _onOrder(event: Event): void {
    this.desk.orderUnanswered((event.target as HTMLSelectElement).value as UnansweredOrder);
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'booth-unanswered-tab': UnansweredTab;
  }
}
