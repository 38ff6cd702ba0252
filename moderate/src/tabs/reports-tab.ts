import type { ReportedPost } from '@booth/shared';
import { newKey } from '@booth/shared/client';
import { html, nothing, type TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { banDays, banSelect, reasonIn } from '../views/fragments.js';
import { TabElement } from './tab-element.js';

const RESOLVED: Record<'dismiss' | 'hide' | 'ban', string> = {
  dismiss: 'Reports dismissed; the post stays.',
  hide: 'Post hidden.',
  ban: 'Post hidden and author banned.',
};

/** The Reports queue: reported posts with their reports, to approve, hide or hide and ban. */
@customElement('booth-reports-tab')
export class ReportsTab extends TabElement {
  /** The queue, as the shell last loaded it. */
  @property({ attribute: false }) items: ReportedPost[] = [];

  override render(): TemplateResult {
    return html`<section class="list" aria-label="Reported posts">
      <h2>Reported posts</h2>
      ${this.items.length === 0 ? html`<p class="empty">No open reports.</p>` : nothing}
      <ul class="rows">
        ${this.items.map(
          (item) => html`<li data-post=${item.post.id}>
            <button type="button" class="row-title" @click=${() => this.desk.openThread(item.thread.id)}>${item.thread.title}</button>
            <span class="body">${item.post.source}</span>
            <span class="meta">by <bdi>${item.post.author.name}</bdi> · ${item.post.status !== 'visible' ? html`<span class="chip warn">${item.post.status}</span>` : nothing}</span>
            <span class="meta">${item.reports.length} report${item.reports.length === 1 ? '' : 's'}:
              ${item.reports.map((r) => html`<span class="chip bad">“${r.reason}” — <bdi>${r.reporter.name}</bdi></span>`)}</span>
            <span class="actions">
              <input name="reason" placeholder="Reason (optional)" aria-label="Reason" />
              <button type="button" ?disabled=${this.busy} @click=${(e: Event) => this._onResolve(e, item, 'dismiss')}>Approve post</button>
              <button type="button" class="danger" ?disabled=${this.busy} @click=${(e: Event) => this._onResolve(e, item, 'hide')}>Hide post</button>
              ${banSelect()}
              <button type="button" class="danger" ?disabled=${this.busy} @click=${(e: Event) => this._onResolve(e, item, 'ban')}>Hide and ban author</button>
            </span>
          </li>`,
        )}
      </ul>
    </section>`;
  }

  private _onResolve(event: Event, item: ReportedPost, action: 'dismiss' | 'hide' | 'ban'): Promise<void> {
    const row = (event.currentTarget as Element).closest('li');
    const reason = reasonIn(row);
    return this.desk.act(RESOLVED[action], () =>
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
