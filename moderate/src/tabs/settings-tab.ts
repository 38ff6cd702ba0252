import { LANGUAGES, type SiteSettingsView } from '@booth/shared';
import { newKey } from '@booth/shared/client';
import { html, nothing, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { LANGUAGE_NAMES } from '../i18n/strings.js';
import { readPolicyFields, renderPolicyFields } from '../policy-fields.js';
import { parseOrigins } from '../state/desk-state.js';
import './email-settings.js';
import { TabElement } from './tab-element.js';

const DELETED_POSTS: readonly SiteSettingsView['deletedMemberPosts'][] = ['anonymize', 'remove'];

/**
 * Site settings (owners): origins, guests, premoderation, deleted accounts' posts, language, the posting
 * policy, embed snippet, SSO secret; then the Emails section (its own element).
 */
@customElement('booth-settings-tab')
export class SettingsTab extends TabElement {
  @state() private settings: SiteSettingsView | null = null;
  /** A freshly rotated SSO secret, shown once. */
  @state() private secretShown: string | null = null;

  protected override async load(): Promise<void> {
    if (!this.desk.isOwner) return;
    this.settings = await this.desk.request({ type: 'staff.settings' });
  }

  override render(): TemplateResult {
    const s = this.settings;
    const { t } = this.strings;
    if (!s) return html`<section class="list"><p class="empty">${t('app.loading')}</p></section>`;
    return html`<section class="list card" aria-label=${t('settings.label')}>
      <h2>${t('settings.label')}</h2>
      <form class="settings" @submit=${this._onSave}>
        <label>${t('settings.origins')}
          <textarea name="origins" dir="ltr">${s.allowedOrigins.join('\n')}</textarea>
        </label>
        <label class="inline"><input type="checkbox" name="guests" ?checked=${s.guestsAllowed} /> ${t('settings.guests')}</label>
        <label class="inline"><input type="checkbox" name="premoderate" ?checked=${s.premoderateFirstPosts} /> ${t('settings.premoderate')}</label>
        <label class="inline"><input type="checkbox" name="answerBadge" aria-describedby="answer-badge-hint" ?checked=${s.answerBadge} /> ${t('settings.answerBadge')}</label>
        <p class="meta" id="answer-badge-hint">${t('settings.answerBadgeHint', { site: s.name })} <code dir="ltr">${s.answerBadgeUrl}</code></p>
        <label class="inline"><input type="checkbox" name="autoEscalate" aria-describedby="auto-escalate-hint" ?checked=${s.autoEscalate} /> ${t('settings.autoEscalate')}</label>
        <p class="meta" id="auto-escalate-hint">${t('settings.autoEscalateHint')}</p>
        <label>${t('settings.deletedPosts')}
          <select name="deletedMemberPosts">
            ${DELETED_POSTS.map((value) => html`<option value=${value} ?selected=${s.deletedMemberPosts === value}>${t(`settings.deletedPosts.${value}`)}</option>`)}
          </select>
        </label>
        <label>${t('settings.language')}
          <select name="language">
            ${LANGUAGES.map((l) => html`<option value=${l} lang=${l} ?selected=${s.language === l}>${LANGUAGE_NAMES[l]}</option>`)}
          </select>
        </label>
        <label>${t('settings.shareImage')}
          <input type="url" name="shareImageUrl" dir="ltr" pattern="https://.*" .value=${s.shareImageUrl ?? ''} />
        </label>
        ${renderPolicyFields(this.strings, s.policy)}
        <div class="actions"><button class="primary" type="submit">${t('settings.save')}</button></div>
        <div>
          <strong>${t('settings.embed')}</strong>
          <pre dir="ltr">${s.embedSnippet}</pre>
          <div class="actions"><button type="button" @click=${() => this.copyText(s.embedSnippet)}>${t('settings.copyEmbed')}</button> <span class="meta">${t('settings.embedHint')}</span></div>
        </div>
        <div>
          <strong>${t('settings.sso')}</strong>
          <p class="meta">${t('settings.ssoHint')}</p>
          ${this.secretShown ? html`<pre dir="ltr">${this.secretShown}</pre><p class="meta">${t('settings.ssoShownOnce')}</p>` : nothing}
          <div class="actions"><button type="button" class="danger" @click=${this._onRotate}>${t('settings.rotate')}</button></div>
        </div>
      </form>
    </section>
    <booth-email-settings .desk=${this.desk} .strings=${this.strings} .revision=${this.revision}></booth-email-settings>`;
  }

  private _onSave(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    return this.desk.act(this.strings.t('settings.saved'), async () => {
      this.settings = await this.desk.request({
        type: 'staff.settings.update',
        key: newKey(),
        allowedOrigins: parseOrigins(String(data.get('origins') ?? '')),
        guestsAllowed: data.get('guests') === 'on',
        premoderateFirstPosts: data.get('premoderate') === 'on',
        policy: readPolicyFields(data, data.get('premoderate') === 'on'),
        deletedMemberPosts: data.get('deletedMemberPosts') === 'remove' ? 'remove' : 'anonymize',
        language: LANGUAGES.find((l) => l === data.get('language')),
        shareImageUrl: String(data.get('shareImageUrl') ?? '').trim() || null,
        answerBadge: data.get('answerBadge') === 'on',
        autoEscalate: data.get('autoEscalate') === 'on',
      });
    });
  }

  private _onRotate(): Promise<void> {
    return this.desk.act(this.strings.t('settings.rotated'), async () => {
      this.secretShown = (await this.desk.request({ type: 'staff.sso.rotate', key: newKey() })).ssoSecret;
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'booth-settings-tab': SettingsTab;
  }
}
