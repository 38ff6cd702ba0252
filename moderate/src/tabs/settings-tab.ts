import type { SiteSettingsView } from '@booth/shared';
import { newKey } from '@booth/shared/client';
import { html, nothing, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { readPolicyFields, renderPolicyFields } from '../policy-fields.js';
import { parseOrigins } from '../state/desk-state.js';
import './email-settings.js';
import { TabElement } from './tab-element.js';

const DELETED_POSTS: { value: SiteSettingsView['deletedMemberPosts']; label: string }[] = [
  { value: 'anonymize', label: 'Keep them, shown as “Deleted member”' },
  { value: 'remove', label: 'Remove them (threads they started leave the board)' },
];

/**
 * Site settings (owners): origins, guests, premoderation, deleted accounts' posts, the posting
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
    if (!s) return html`<section class="list"><p class="empty">Loading…</p></section>`;
    return html`<section class="list card" aria-label="Site settings">
      <h2>Site settings</h2>
      <form class="settings" @submit=${this._onSave}>
        <label>Allowed origins (one per line: the brand pages that may embed the board)
          <textarea name="origins">${s.allowedOrigins.join('\n')}</textarea>
        </label>
        <label class="inline"><input type="checkbox" name="guests" ?checked=${s.guestsAllowed} /> Guests may post with a display name</label>
        <label class="inline"><input type="checkbox" name="premoderate" ?checked=${s.premoderateFirstPosts} /> Hold first posts of new members for review</label>
        <label>Posts of a member who deletes their account
          <select name="deletedMemberPosts">
            ${DELETED_POSTS.map((c) => html`<option value=${c.value} ?selected=${s.deletedMemberPosts === c.value}>${c.label}</option>`)}
          </select>
        </label>
        ${renderPolicyFields(s.policy)}
        <div class="actions"><button class="primary" type="submit">Save settings</button></div>
        <div>
          <strong>Embed snippet</strong>
          <pre>${s.embedSnippet}</pre>
          <div class="actions"><button type="button" @click=${() => this.copy(s.embedSnippet)}>Copy snippet</button> <span class="meta">Set data-board to the product or page the board belongs to.</span></div>
        </div>
        <div>
          <strong>SSO secret</strong>
          <p class="meta">Your backend signs members' SSO tokens with it. Rotating it stops old tokens at once.</p>
          ${this.secretShown ? html`<pre>${this.secretShown}</pre><p class="meta">Shown once: copy it to your backend now.</p>` : nothing}
          <div class="actions"><button type="button" class="danger" @click=${this._onRotate}>Rotate SSO secret</button></div>
        </div>
      </form>
    </section>
    <booth-email-settings .desk=${this.desk} .revision=${this.revision}></booth-email-settings>`;
  }

  private async copy(text: string): Promise<void> {
    await navigator.clipboard?.writeText(text).catch(() => {});
    this.desk.notify('Copied.', true);
  }

  private _onSave(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    return this.desk.act('Settings saved.', async () => {
      this.settings = await this.desk.request({
        type: 'staff.settings.update',
        key: newKey(),
        allowedOrigins: parseOrigins(String(data.get('origins') ?? '')),
        guestsAllowed: data.get('guests') === 'on',
        premoderateFirstPosts: data.get('premoderate') === 'on',
        policy: readPolicyFields(data, data.get('premoderate') === 'on'),
        deletedMemberPosts: data.get('deletedMemberPosts') === 'remove' ? 'remove' : 'anonymize',
      });
    });
  }

  private _onRotate(): Promise<void> {
    return this.desk.act('SSO secret rotated.', async () => {
      this.secretShown = (await this.desk.request({ type: 'staff.sso.rotate', key: newKey() })).ssoSecret;
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'booth-settings-tab': SettingsTab;
  }
}
