import type { PendingPost } from '@booth/shared';
import { absoluteTime } from '@booth/shared/client';
import { html, nothing, type TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { holdReasonText } from '../state/desk-state.js';
import { postAction } from '../views/post-actions.js';
import { TabElement } from './tab-element.js';

/** The Pending queue: posts held for review, with why they were held. */
@customElement('booth-pending-tab')
export class PendingTab extends TabElement {
  /** The queue, as the shell last loaded it. */
  @property({ attribute: false }) items: PendingPost[] = [];

  override render(): TemplateResult {
    return html`<section class="list" aria-label="Posts waiting for review">
      <h2>Waiting for review</h2>
      ${this.items.length === 0 ? html`<p class="empty">Nothing is held for review.</p>` : nothing}
      <ul class="rows">
        ${this.items.map(
          (item) => html`<li>
            <button type="button" class="row-title" @click=${() => this.desk.openThread(item.thread.id)}>${item.post.root ? 'New thread: ' : 'Reply in: '}${item.thread.title}</button>
            <span class="body">${item.post.source}</span>
            <span class="meta">by <bdi>${item.post.author.name}</bdi> · ${absoluteTime(item.post.createdAt)}${item.holdReason ? html` · <span class="held-why">held: ${holdReasonText(item.holdReason)}</span>` : nothing}</span>
            <span class="actions">
              <button type="button" class="primary" ?disabled=${this.busy} @click=${() => postAction(this.desk, item.post, 'approve')}>Approve</button>
              <button type="button" class="danger" ?disabled=${this.busy} @click=${() => postAction(this.desk, item.post, 'reject')}>Reject</button>
            </span>
          </li>`,
        )}
      </ul>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'booth-pending-tab': PendingTab;
  }
}
