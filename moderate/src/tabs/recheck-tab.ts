import type { RecheckItem, ReleaseView } from '@booth/shared';
import { newKey } from '@booth/shared/client';
import { html, nothing, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { moment } from '../i18n/formats.js';
import { threadMeta } from '../views/fragments.js';
import { TabElement } from './tab-element.js';

/**
 * Answers that go stale: the accepted answers given before their board's latest product release,
 * each confirmed as still correct or opened to be replaced; and the form that records a release.
 */
@customElement('booth-recheck-tab')
export class RecheckTab extends TabElement {
  @state() private items: RecheckItem[] = [];
  @state() private releases: ReleaseView[] = [];

  protected override async load(): Promise<void> {
    const queue = await this.desk.request({ type: 'staff.recheck' });
    this.items = queue.items;
    this.releases = queue.releases;
  }

  override render(): TemplateResult {
    const { t } = this.strings;
    return html`<section class="list" aria-label=${t('recheck.title')}>
        <h2>${t('recheck.title')}</h2>
        <p class="meta settings">${t('recheck.intro')}</p>
        ${this.items.length === 0 ? html`<p class="empty">${t('recheck.empty')}</p>` : nothing}
        <ul class="rows">
          ${this.items.map((item) => this.renderItem(item))}
        </ul>
      </section>
      ${this.renderReleases()}`;
  }

  private renderItem({ thread, checkedAt, release }: RecheckItem): TemplateResult {
    const { t } = this.strings;
    return html`<li class=${this.openThreadId === thread.id ? 'selected' : ''}>
      <button type="button" class="row-title" @click=${() => this.desk.openThread(thread.id)}><bdi>${thread.title}</bdi></button>
      <span>
        ${threadMeta(this.strings, thread)}
        ${checkedAt ? html` · <span class="meta">${t('recheck.checked', { when: moment(this.strings, checkedAt) })}</span>` : nothing}
        ${release ? html` · <span class="meta"><bdi>${t('recheck.before', { release: release.name, when: moment(this.strings, release.releasedAt) })}</bdi></span>` : nothing}
      </span>
      <span class="actions">
        <button type="button" class="primary" ?disabled=${this.busy} @click=${() => this.confirm(thread.id)}>${t('recheck.confirm')}</button>
        <button type="button" @click=${() => this.desk.openThread(thread.id)}>${t('recheck.replace')}</button>
      </span>
    </li>`;
  }

  private renderReleases(): TemplateResult {
    const { t } = this.strings;
    return html`<section class="list card" aria-label=${t('releases.title')}>
      <h2>${t('releases.title')}</h2>
      <form class="settings" @submit=${this._onRecord}>
        <p class="meta">${t('releases.intro')}</p>
        <div class="actions">
          <label>${t('releases.board')} <input name="board" required maxlength="64" dir="ltr" /></label>
          <label>${t('releases.name')} <input name="release" required maxlength="120" placeholder=${t('releases.namePlaceholder')} /></label>
        </div>
        <div class="actions"><button class="primary" type="submit" ?disabled=${this.busy}>${t('releases.record')}</button></div>
      </form>
      ${
        this.releases.length === 0
          ? html`<p class="empty">${t('releases.empty')}</p>`
          : html`<table>
            <thead><tr><th>${t('releases.board')}</th><th>${t('releases.name')}</th><th>${t('releases.when')}</th></tr></thead>
            <tbody>
              ${this.releases.map(
                (r) =>
                  html`<tr><td><bdi>${r.board}</bdi></td><td><bdi>${r.name}</bdi></td><td>${moment(this.strings, r.releasedAt)}</td></tr>`,
              )}
            </tbody>
          </table>`
      }
    </section>`;
  }

  private confirm(threadId: string): Promise<void> {
    return this.desk.act(this.strings.t('recheck.confirmed'), () =>
      this.desk.request({ type: 'staff.answer.confirm', key: newKey(), threadId }),
    );
  }

  private async _onRecord(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const board = String(data.get('board') ?? '').trim();
    const name = String(data.get('release') ?? '').trim();
    if (!board || !name) {
      this.desk.notify(this.strings.t('releases.needBoard'));
      return;
    }
    const recorded: { stale?: number } = {};
    await this.desk.act('', async () => {
      recorded.stale = (await this.desk.request({ type: 'staff.release.record', key: newKey(), board, name })).stale;
      form.reset();
    });
    // How many answers it flagged is known only once the release is recorded.
    if (recorded.stale !== undefined) {
      this.desk.notify(this.strings.t('releases.recorded', { count: recorded.stale }), true);
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'booth-recheck-tab': RecheckTab;
  }
}
