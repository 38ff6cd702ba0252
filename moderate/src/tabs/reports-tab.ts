import type { ReportedPost } from '@booth/shared';
import { newKey } from '@booth/shared/client';
import { html, nothing, type TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { richText } from '../i18n/strings.js';
import { banDays, banSelect, reasonIn } from '../views/fragments.js';
import { TabElement } from './tab-element.js';

/** The Reports queue: reported posts with their reports, to approve, hide or hide and ban. */
@customElement('booth-reports-tab')
export class ReportsTab extends TabElement {
  /** The queue, as the shell last loaded it. */
  @property({ attribute: false }) items: ReportedPost[] = [];

  override render(): TemplateResult {
    const { t } = this.strings;
    return html`<section class="list" aria-label=${t('reports.title')}>
      <h2>${t('reports.title')}</h2>
      ${this.items.length === 0 ? html`<p class="empty">${t('reports.empty')}</p>` : nothing}
      <ul class="rows">
        ${this.items.map(
          (item) => html`<li data-post=${item.post.id}>
            <button type="button" class="row-title" @click=${() => this.desk.openThread(item.thread.id)}><bdi>${item.thread.title}</bdi></button>
            <span class="body" dir="auto">${item.post.source}</span>
            <span class="meta">${richText(this.strings, 'reports.by', { name: html`<bdi>${item.post.author.name}</bdi>` })} ${item.post.status !== 'visible' ? html`· <span class="chip warn">${t(`post.status.${item.post.status}`)}</span>` : nothing}</span>
            <span class="meta">${t('reports.count', { count: item.reports.length })}
              ${item.reports.map((r) => html`<span class="chip bad">${richText(this.strings, 'reports.quoted', { reporter: html`<bdi>${r.reporter.name}</bdi>`, reason: html`<bdi>${r.reason}</bdi>` })}</span>`)}</span>
            <span class="actions">
              <input name="reason" placeholder=${t('panel.reasonPlaceholder')} aria-label=${t('panel.reason')} />
              <button type="button" ?disabled=${this.busy} @click=${(e: Event) => this._onResolve(e, item, 'dismiss')}>${t('reports.approve')}</button>
              <button type="button" class="danger" ?disabled=${this.busy} @click=${(e: Event) => this._onResolve(e, item, 'hide')}>${t('reports.hide')}</button>
              ${banSelect(this.strings)}
              <button type="button" class="danger" ?disabled=${this.busy} @click=${(e: Event) => this._onResolve(e, item, 'ban')}>${t('reports.ban')}</button>
            </span>
          </li>`,
        )}
      </ul>
    </section>`;
  }

  private _onResolve(event: Event, item: ReportedPost, action: 'dismiss' | 'hide' | 'ban'): Promise<void> {
    const row = (event.currentTarget as Element).closest('li');
    const reason = reasonIn(row);
    return this.desk.act(this.strings.t(`reports.done.${action}`), () =>
      this.desk.request({
        type: 'staff.report.resolve',
        key: newKey(),
        postId: item.post.id,
        action,
        ...(action === 'ban' ? { banDays: banDays(row) } : {}),
        ...(reason ? { reason } : {}),
      }),
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'booth-reports-tab': ReportsTab;
  }
}
