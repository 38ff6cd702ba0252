import type { FaqEntry } from '@booth/shared';
import { newKey } from '@booth/shared/client';
import { html, nothing, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { TabElement } from './tab-element.js';

/**
 * Curating the FAQ built from answers: every answered question of the site in FAQ order, each
 * with its place (in or left out, a pinned position) and a short canonical summary.
 */
@customElement('booth-faq-tab')
export class FaqTab extends TabElement {
  @state() private entries: FaqEntry[] = [];

  protected override async load(): Promise<void> {
    this.entries = (await this.desk.request({ type: 'staff.faq' })).entries;
  }

  override render(): TemplateResult {
    const { t } = this.strings;
    return html`<section class="list" aria-label=${t('faq.title')}>
      <h2>${t('faq.title')}</h2>
      <p class="meta settings">${t('faq.intro')}</p>
      ${this.entries.length === 0 ? html`<p class="empty">${t('faq.empty')}</p>` : nothing}
      <ul class="rows">
        ${this.entries.map((entry) => this.renderEntry(entry))}
      </ul>
    </section>`;
  }

  private renderEntry(entry: FaqEntry): TemplateResult {
    const { t } = this.strings;
    const id = entry.thread.id;
    return html`<li>
      <button type="button" class="row-title" @click=${() => this.desk.openThread(id)}><bdi>${entry.thread.title}</bdi></button>
      <span class="meta">
        ${t('faq.figures', { helpfulness: entry.helpfulness, views: entry.views })}
        ${entry.included ? nothing : html` · <strong>${t('faq.excluded')}</strong>`}
      </span>
      <form class="settings" aria-label=${entry.thread.title} @submit=${(e: SubmitEvent) => this._onSave(e, id)}>
        <div class="actions">
          <label><input type="checkbox" name="included" ?checked=${entry.included} /> ${t('faq.included')}</label>
          <label>${t('faq.position')} <input name="position" type="number" min="1" max="1000" .value=${entry.position === null ? '' : String(entry.position)} /></label>
        </div>
        <label>${t('faq.summary')} <textarea name="summary" maxlength="500" rows="2" .value=${entry.summary ?? ''}></textarea></label>
        <div class="actions"><button class="primary" type="submit" ?disabled=${this.busy}>${t('faq.save')}</button></div>
      </form>
    </li>`;
  }

  private async _onSave(event: SubmitEvent, threadId: string): Promise<void> {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const position = String(data.get('position') ?? '').trim();
    const summary = String(data.get('summary') ?? '').trim();
    await this.desk.act(this.strings.t('faq.saved'), async () => {
      await this.desk.request({
        type: 'staff.faq.curate',
        key: newKey(),
        threadId,
        included: data.get('included') !== null,
        position: position === '' ? null : Number(position),
        summary: summary === '' ? null : summary,
      });
      await this.load();
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'booth-faq-tab': FaqTab;
  }
}
