import type { PendingPost } from '@booth/shared';
import { html, nothing, type TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { moment } from '../i18n/formats.js';
import { richText } from '../i18n/strings.js';
import { holdReasonText } from '../state/desk-state.js';
import { postAction } from '../views/post-actions.js';
import { TabElement } from './tab-element.js';

/** The Pending queue: posts held for review, with why they were held. */
@customElement('booth-pending-tab')
export class PendingTab extends TabElement {
  /** The queue, as the shell last loaded it. */
  @property({ attribute: false }) items: PendingPost[] = [];

  override render(): TemplateResult {
    const { t } = this.strings;
    return html`<section class="list" aria-label=${t('pending.label')}>
      <h2>${t('pending.title')}</h2>
      ${this.items.length === 0 ? html`<p class="empty">${t('pending.empty')}</p>` : nothing}
      <ul class="rows">
        ${this.items.map(
          (item) => html`<li>
            <button type="button" class="row-title" @click=${() => this.desk.openThread(item.thread.id)}>${richText(this.strings, item.post.root ? 'pending.newThread' : 'pending.replyIn', { title: html`<bdi>${item.thread.title}</bdi>` })}</button>
            <span class="body" dir="auto">${item.post.source}</span>
            <span class="meta">${richText(this.strings, 'pending.by', { name: html`<bdi>${item.post.author.name}</bdi>` }, { date: moment(this.strings, item.post.createdAt) })}${item.holdReason ? html` · <span class="held-why">${t('pending.held', { why: holdReasonText(this.strings, item.holdReason) })}</span>` : nothing}</span>
            <span class="actions">
              <button type="button" class="primary" ?disabled=${this.busy} @click=${() => postAction(this.desk, this.strings, item.post, 'approve')}>${t('post.approve')}</button>
              <button type="button" class="danger" ?disabled=${this.busy} @click=${() => postAction(this.desk, this.strings, item.post, 'reject')}>${t('post.reject')}</button>
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
