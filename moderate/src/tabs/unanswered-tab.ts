import type { UnansweredOrder, UnansweredThread } from '@booth/shared';
import { waited } from '@booth/shared/client';
import { html, nothing, type TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { threadMeta } from '../views/fragments.js';
import { TabElement } from './tab-element.js';

const ORDERS: Record<UnansweredOrder, string> = {
  oldest: 'longest waiting first',
  most_waiting: 'most people waiting first',
};

const people = (n: number) => (n === 1 ? '1 person waiting' : `${n} people waiting`);

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
    return html`<section class="list" aria-label="Unanswered questions">
      <h2>
        Unanswered questions,
        <select aria-label="Order" @change=${this._onOrder}>
          ${(Object.keys(ORDERS) as UnansweredOrder[]).map(
            (o) => html`<option value=${o} ?selected=${this.order === o}>${ORDERS[o]}</option>`,
          )}
        </select>
      </h2>
      ${this.items.length === 0 ? html`<p class="empty">Every question has a staff answer. Nice work.</p>` : nothing}
      <ul class="rows">
        ${this.items.map(
          ({ thread, waitingSince }) => html`<li class=${this.openThreadId === thread.id ? 'selected' : ''}>
            <button type="button" class="row-title" @click=${() => this.desk.openThread(thread.id)}>${thread.title}</button>
            <span class="meta">${thread.excerpt}</span>
            <span
              >${threadMeta(thread)} · <span class="waited">waiting ${waited(waitingSince, this.now)}</span> ·
              <span class="people">${people(thread.waiting)}</span></span
            >
            <span class="actions"><button type="button" @click=${() => this.desk.openThread(thread.id)}>Answer</button></span>
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
