import type { UnansweredThread } from '@booth/shared';
import { waited } from '@booth/shared/client';
import { html, nothing, type TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { threadMeta } from '../views/fragments.js';
import { TabElement } from './tab-element.js';

/** The Unanswered queue: questions without a staff answer, oldest first. */
@customElement('booth-unanswered-tab')
export class UnansweredTab extends TabElement {
  /** The queue, as the shell last loaded it. */
  @property({ attribute: false }) items: UnansweredThread[] = [];

  override render(): TemplateResult {
    return html`<section class="list" aria-label="Unanswered questions">
      <h2>Unanswered questions, oldest first</h2>
      ${this.items.length === 0 ? html`<p class="empty">Every question has a staff answer. Nice work.</p>` : nothing}
      <ul class="rows">
        ${this.items.map(
          ({ thread, waitingSince }) => html`<li class=${this.openThreadId === thread.id ? 'selected' : ''}>
            <button type="button" class="row-title" @click=${() => this.desk.openThread(thread.id)}>${thread.title}</button>
            <span class="meta">${thread.excerpt}</span>
            <span>${threadMeta(thread)} · <span class="waited">waiting ${waited(waitingSince, this.now)}</span></span>
            <span class="actions"><button type="button" @click=${() => this.desk.openThread(thread.id)}>Answer</button></span>
          </li>`,
        )}
      </ul>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'booth-unanswered-tab': UnansweredTab;
  }
}
