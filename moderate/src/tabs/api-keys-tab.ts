import { ACTING_SCOPES, API_SCOPES, type ApiKeySummary, type ApiScope, type StaffAccountView } from '@booth/shared';
import { newKey } from '@booth/shared/client';
import { html, nothing, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { moment } from '../i18n/formats.js';
import { TabElement } from './tab-element.js';

/**
 * API keys (owners): the site's keys for its own systems, made with scopes and the staff member
 * a writing key acts as, the secret shown once; revoking asks to confirm on the row itself.
 */
@customElement('booth-api-keys-tab')
export class ApiKeysTab extends TabElement {
  @state() private keys: ApiKeySummary[] = [];
  @state() private staff: StaffAccountView[] = [];
  /** The secret of the key just made, shown until the tab reloads. */
  @state() private secretShown: { name: string; secret: string } | null = null;
  /** The key whose revocation waits for a second click. */
  @state() private confirming: string | null = null;

  protected override async load(): Promise<void> {
    if (!this.desk.isOwner) return;
    const [keys, accounts] = await Promise.all([
      this.desk.request({ type: 'staff.apikeys' }),
      this.desk.request({ type: 'staff.accounts' }),
    ]);
    this.keys = keys.keys;
    this.staff = accounts.accounts;
  }

  override render(): TemplateResult {
    const { t } = this.strings;
    return html`<section class="list card" aria-label=${t('apikeys.title')}>
      <h2>${t('apikeys.title')}</h2>
      <p class="meta">${t('apikeys.intro')} <a href="/api/docs" target="_blank" rel="noopener">${t('apikeys.docs')}</a></p>
      ${
        this.keys.length === 0
          ? html`<p class="empty">${t('apikeys.empty')}</p>`
          : html`<table>
        <thead><tr><th>${t('apikeys.name')}</th><th>${t('apikeys.scopes')}</th><th>${t('apikeys.actsAs')}</th><th>${t('apikeys.prefix')}</th><th>${t('apikeys.created')}</th><th>${t('apikeys.lastUsed')}</th><th>${t('apikeys.action')}</th></tr></thead>
        <tbody>${this.keys.map((key) => this.renderKey(key))}</tbody>
      </table>`
      }
      ${this.renderSecret()}
      <form class="settings" @submit=${this._onCreate}>
        <strong>${t('apikeys.add')}</strong>
        <label>${t('apikeys.name')} <input name="name" required maxlength="80" /></label>
        <fieldset><legend>${t('apikeys.scopes')}</legend>
          ${API_SCOPES.map(
            (scope) =>
              html`<label><input type="checkbox" name="scopes" value=${scope} ?checked=${scope === 'read'} /> ${t(`apikeys.scope.${scope}`)}</label>`,
          )}
        </fieldset>
        <label>${t('apikeys.actsAs')}
          <select name="staffMemberId">
            <option value="">${t('apikeys.nobody')}</option>
            ${this.staff.map((s) => html`<option value=${s.id}>${s.name}</option>`)}
          </select>
        </label>
        <p class="meta">${t('apikeys.actsAsHint')}</p>
        <div class="actions"><button class="primary" type="submit" ?disabled=${this.busy}>${t('apikeys.addButton')}</button></div>
      </form>
    </section>`;
  }

  private renderKey(key: ApiKeySummary): TemplateResult {
    const { t } = this.strings;
    return html`<tr>
      <td><bdi>${key.name}</bdi></td>
      <td>${key.scopes.map((scope) => t(`apikeys.scope.${scope}`)).join(', ')}</td>
      <td>${key.staffName ? html`<bdi>${key.staffName}</bdi>` : t('apikeys.nobody')}</td>
      <td><code dir="ltr">${key.prefix}…</code></td>
      <td>${moment(this.strings, key.createdAt)}</td>
      <td>${key.lastUsedAt ? moment(this.strings, key.lastUsedAt) : t('apikeys.never')}</td>
      <td>${key.revokedAt ? html`<span class="chip">${t('apikeys.revoked')}</span>` : this.renderRevoke(key)}</td>
    </tr>`;
  }

  private renderRevoke(key: ApiKeySummary): TemplateResult {
    const { t } = this.strings;
    if (this.confirming !== key.id) {
      return html`<button type="button" class="danger" ?disabled=${this.busy} aria-label=${t('apikeys.revokeOf', { name: key.name })} @click=${() => {
        this.confirming = key.id;
      }}>${t('apikeys.revoke')}</button>`;
    }
    return html`<span role="group" aria-label=${t('apikeys.revokeOf', { name: key.name })}>
      <span class="meta">${t('apikeys.revokeConfirm')}</span>
      <button type="button" class="danger" ?disabled=${this.busy} @click=${() => this.revoke(key)}>${t('apikeys.revokeYes')}</button>
      <button type="button" @click=${() => {
        this.confirming = null;
      }}>${t('apikeys.cancel')}</button>
    </span>`;
  }

  private renderSecret(): TemplateResult | typeof nothing {
    if (!this.secretShown) return nothing;
    const { t } = this.strings;
    const { name, secret } = this.secretShown;
    return html`<div class="card" role="status">
      <p><strong>${t('apikeys.secretOf', { name })}</strong> ${t('apikeys.secretOnce')}</p>
      <pre dir="ltr" data-secret>${secret}</pre>
      <div class="actions"><button type="button" @click=${() => this.copyText(secret)}>${t('apikeys.copy')}</button></div>
    </div>`;
  }

  private revoke(key: ApiKeySummary): Promise<void> {
    this.confirming = null;
    return this.desk.act(this.strings.t('apikeys.revokedDone', { name: key.name }), async () => {
      const { key: revoked } = await this.desk.request({ type: 'staff.apikey.revoke', key: newKey(), keyId: key.id });
      this.keys = this.keys.map((k) => (k.id === revoked.id ? revoked : k));
    });
  }

  private _onCreate(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const scopes = data.getAll('scopes').map(String) as ApiScope[];
    const staffMemberId = String(data.get('staffMemberId') ?? '');
    const acting = scopes.some((scope) => ACTING_SCOPES.includes(scope));
    return this.desk.act(this.strings.t('apikeys.made'), async () => {
      const made = await this.desk.request({
        type: 'staff.apikey.create',
        key: newKey(),
        name: String(data.get('name')),
        scopes,
        ...(acting && staffMemberId ? { staffMemberId } : {}),
      });
      this.secretShown = { name: made.key.name, secret: made.secret };
      this.keys = [made.key, ...this.keys];
      form.reset();
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'booth-api-keys-tab': ApiKeysTab;
  }
}
