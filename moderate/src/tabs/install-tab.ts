import type { RefusedOriginView, SiteSettingsView } from '@booth/shared';
import { newKey } from '@booth/shared/client';
import { html, nothing, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { moment } from '../i18n/formats.js';
import { SSO_EXAMPLES, type SsoExample } from '../install/sso-examples.js';
import { type PreviewTheme, themeCss } from '../views/board-preview.js';
import '../views/board-preview.js';
import { TabElement } from './tab-element.js';

/** The same tag with the token your backend signed for a signed-in user. */
function ssoTag(embedSnippet: string): string {
  return embedSnippet.replace(' async>', ' data-sso="TOKEN_FROM_YOUR_BACKEND" async>');
}

/**
 * Install (owners): the script tag to copy with its attributes explained, single sign-on with
 * backend examples, the origins pages were refused from (allowed with a click), and a live
 * preview of a board with theme variables.
 */
@customElement('booth-install-tab')
export class InstallTab extends TabElement {
  @state() private settings: SiteSettingsView | null = null;
  @state() private refused: RefusedOriginView[] = [];
  @state() private boards: string[] = [];
  @state() private example: SsoExample['id'] = 'node';
  @state() private previewBoard = '';
  @state() private theme: PreviewTheme = { accent: '#2563eb', radius: 10, font: '' };
  /** Whether the theme still follows the site's email colour (until the owner picks one). */
  private themeFromSite = true;

  protected override async load(): Promise<void> {
    if (!this.desk.isOwner) return;
    const [settings, install, mail] = await Promise.all([
      this.desk.request({ type: 'staff.settings' }),
      this.desk.request({ type: 'staff.install' }),
      this.desk.request({ type: 'staff.mail.settings' }),
    ]);
    this.settings = settings;
    this.refused = install.refusedOrigins;
    this.boards = install.boards;
    if (!this.boards.includes(this.previewBoard)) this.previewBoard = this.boards[0] ?? '';
    if (this.themeFromSite && mail.accentColor) this.theme = { ...this.theme, accent: mail.accentColor };
  }

  override render(): TemplateResult {
    const s = this.settings;
    const { t } = this.strings;
    if (!s) return html`<section class="list"><p class="empty">${t('app.loading')}</p></section>`;
    return html`<section class="list card" aria-labelledby="install-title">
      <h2 id="install-title">${t('install.title')}</h2>
      <div class="settings">
        ${this.renderScript(s)} ${this.renderSso(s)} ${this.renderOrigins(s)} ${this.renderPreview(s)}
      </div>
    </section>`;
  }

  private renderScript(s: SiteSettingsView): TemplateResult {
    const { t } = this.strings;
    return html`<section aria-labelledby="install-script">
      <h3 id="install-script">${t('install.script')}</h3>
      <p>${t('install.scriptHelp')}</p>
      <pre dir="ltr">${s.embedSnippet}</pre>
      <div class="actions"><button type="button" @click=${() => this.copyText(s.embedSnippet)}>${t('install.copy')}</button></div>
      <ul>
        <li>${t('install.dataSite')}</li>
        <li>${t('install.dataBoard')}</li>
        <li>${t('install.dataTarget')}</li>
      </ul>
    </section>`;
  }

  private renderSso(s: SiteSettingsView): TemplateResult {
    const { t } = this.strings;
    const example = SSO_EXAMPLES.find((e) => e.id === this.example) ?? SSO_EXAMPLES[0];
    const tag = ssoTag(s.embedSnippet);
    return html`<section aria-labelledby="install-sso">
      <h3 id="install-sso">${t('install.sso')}</h3>
      <p>${t('install.ssoHelp')}</p>
      <pre dir="ltr">${tag}</pre>
      <p class="meta">${t('install.ssoSecret')}</p>
      <div class="actions" role="group" aria-label=${t('install.ssoBackend')}>
        ${SSO_EXAMPLES.map(
          (e) =>
            html`<button type="button" aria-pressed=${e.id === this.example ? 'true' : 'false'} @click=${() => {
              this.example = e.id;
            }}>${e.label}</button>`,
        )}
      </div>
      ${
        example
          ? html`<pre dir="ltr" aria-label=${example.label}><code>${example.code}</code></pre>
            <div class="actions"><button type="button" @click=${() => this.copyText(example.code)}>${t('install.copy')}</button></div>`
          : nothing
      }
    </section>`;
  }

  private renderOrigins(s: SiteSettingsView): TemplateResult {
    const { t } = this.strings;
    return html`<section aria-labelledby="install-origins">
      <h3 id="install-origins">${t('install.origins')}</h3>
      <h4>${t('install.allowed')}</h4>
      ${
        s.allowedOrigins.length === 0
          ? html`<p class="meta">${t('install.noneAllowed')}</p>`
          : html`<ul dir="ltr">${s.allowedOrigins.map((o) => html`<li><code>${o}</code></li>`)}</ul>`
      }
      <h4>${t('install.refused')}</h4>
      <p class="meta">${t('install.refusedHelp')}</p>
      ${
        this.refused.length === 0
          ? html`<p class="meta">${t('install.noneRefused')}</p>`
          : html`<table>
            <thead><tr><th>${t('install.origin')}</th><th>${t('install.firstSeen')}</th><th>${t('install.lastSeen')}</th><th>${t('install.allow')}</th></tr></thead>
            <tbody>
              ${this.refused.map(
                (r) => html`<tr>
                  <td dir="ltr"><code>${r.origin}</code></td>
                  <td>${moment(this.strings, r.firstSeenAt)}</td>
                  <td>${moment(this.strings, r.lastSeenAt)}</td>
                  <td><button type="button" aria-label=${`${t('install.allow')} ${r.origin}`} ?disabled=${this.busy}
                    @click=${() => this.allow(r.origin)}>${t('install.allow')}</button></td>
                </tr>`,
              )}
            </tbody>
          </table>`
      }
    </section>`;
  }

  private renderPreview(s: SiteSettingsView): TemplateResult {
    const { t } = this.strings;
    const css = themeCss(this.theme);
    return html`<section aria-labelledby="install-preview">
      <h3 id="install-preview">${t('install.preview')}</h3>
      <p class="meta">${t('install.previewHelp')}</p>
      ${
        this.boards.length === 0
          ? html`<p class="meta">${t('install.noBoards')}</p>`
          : html`<div class="actions">
              <label>${t('install.previewBoard')}
                <select @change=${(e: Event) => {
                  this.previewBoard = (e.target as HTMLSelectElement).value;
                }}>
                  ${this.boards.map((b) => html`<option value=${b} ?selected=${b === this.previewBoard}>${b}</option>`)}
                </select>
              </label>
              <label>${t('install.accent')}
                <input type="color" name="accent" .value=${this.theme.accent} @input=${this._onTheme} />
              </label>
              <label>${t('install.radius')}
                <input type="number" name="radius" min="0" max="32" .value=${String(this.theme.radius)} @input=${this._onTheme} />
              </label>
              <label>${t('install.font')}
                <input name="font" dir="ltr" maxlength="120" .value=${this.theme.font} @input=${this._onTheme} />
              </label>
            </div>
            <p><strong>${t('install.themeCss')}</strong></p>
            <pre dir="ltr">${css}</pre>
            <div class="actions"><button type="button" @click=${() => this.copyText(css)}>${t('install.copy')}</button></div>
            <booth-board-preview .site=${s.key} .board=${this.previewBoard} .theme=${this.theme}></booth-board-preview>`
      }
    </section>`;
  }

  private _onTheme(event: Event): void {
    const input = event.target as HTMLInputElement;
    this.themeFromSite = false;
    const radius = Math.min(32, Math.max(0, Number(input.value) || 0));
    // Font names only: nothing that could end the declaration and start another.
    const font = input.value.replace(/[;{}<>]/g, '');
    if (input.name === 'accent') this.theme = { ...this.theme, accent: input.value };
    if (input.name === 'radius') this.theme = { ...this.theme, radius };
    if (input.name === 'font') this.theme = { ...this.theme, font };
  }

  private allow(origin: string): Promise<void> {
    return this.desk.act(this.strings.t('install.allowedDone', { origin }), () =>
      this.desk.request({ type: 'staff.origin.allow', key: newKey(), origin }),
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'booth-install-tab': InstallTab;
  }
}
