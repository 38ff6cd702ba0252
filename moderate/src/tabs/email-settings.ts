import type { SiteMailSettingsView, StaffAlertsView } from '@booth/shared';
import { newKey } from '@booth/shared/client';
import { css, html, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { appStyles, tabStyles } from '../styles.js';
import { TabElement } from './tab-element.js';

/** The accent colour of emails when none is set (shown as the field's example). */
const DEFAULT_ACCENT = '#2563eb';

/** A text field that may be left empty for the default: empty becomes null. */
const orNull = (data: FormData, name: string): string | null => String(data.get(name) ?? '').trim() || null;

/**
 * The Emails section of the settings (owners): the owner's own alert emails, the site's alert
 * threshold and daily digest hour, and the sender and accent colour of every email the site sends.
 */
@customElement('booth-email-settings')
export class EmailSettings extends TabElement {
  static override styles = [appStyles, tabStyles, css`:host { display: block; margin-top: 16px; }`];

  @state() private alerts: StaffAlertsView | null = null;
  @state() private mail: SiteMailSettingsView | null = null;

  protected override async load(): Promise<void> {
    if (!this.desk.isOwner) return;
    [this.alerts, this.mail] = await Promise.all([
      this.desk.request({ type: 'staff.alerts' }),
      this.desk.request({ type: 'staff.mail.settings' }),
    ]);
  }

  override render(): TemplateResult {
    const a = this.alerts;
    const m = this.mail;
    const { t } = this.strings;
    if (!a || !m) return html`<section class="list"><p class="empty">${t('app.loading')}</p></section>`;
    return html`<section class="list card" aria-label=${t('email.label')}>
      <h2>${t('email.title')}</h2>
      <form class="settings" @submit=${this._onSave}>
        <fieldset>
          <legend>${t('email.alerts')}</legend>
          <label class="inline"><input type="checkbox" name="unansweredEmail" ?checked=${a.unansweredEmail} /> ${t('email.unanswered')}</label>
          <label class="inline"><input type="checkbox" name="dailyDigest" ?checked=${a.dailyDigest} /> ${t('email.digest')}</label>
          <p class="meta">${a.address ? t('email.address', { address: a.address }) : t('email.noAddress')}</p>
          <label class="figure">${t('email.threshold')}
            <input type="number" min="1" max="43200" step="1" name="thresholdMinutes" required .value=${String(a.thresholdMinutes)} />
          </label>
          <label class="figure">${t('email.digestHour')}
            <input type="number" min="0" max="23" step="1" name="digestHour" required .value=${String(a.digestHour)} />
          </label>
        </fieldset>
        <fieldset>
          <legend>${t('email.sender')}</legend>
          <label>${t('email.fromName')}
            <input type="text" name="fromName" maxlength="80" .value=${m.fromName ?? ''} />
          </label>
          <label>${t('email.fromAddress')}
            <input type="email" name="fromAddress" maxlength="254" .value=${m.fromAddress ?? ''} />
          </label>
          <label>${t('email.accent')}
            <input type="text" name="accentColor" maxlength="7" placeholder=${DEFAULT_ACCENT} .value=${m.accentColor ?? ''} />
          </label>
        </fieldset>
        <div class="actions"><button class="primary" type="submit">${t('email.save')}</button></div>
      </form>
    </section>`;
  }

  private _onSave(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    return this.desk.act(this.strings.t('email.saved'), async () => {
      this.alerts = await this.desk.request({
        type: 'staff.alerts.update',
        key: newKey(),
        unansweredEmail: data.get('unansweredEmail') === 'on',
        dailyDigest: data.get('dailyDigest') === 'on',
        thresholdMinutes: Number(data.get('thresholdMinutes')),
        digestHour: Number(data.get('digestHour')),
      });
      this.mail = await this.desk.request({
        type: 'staff.mail.settings.update',
        key: newKey(),
        fromName: orNull(data, 'fromName'),
        fromAddress: orNull(data, 'fromAddress'),
        accentColor: orNull(data, 'accentColor'),
      });
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'booth-email-settings': EmailSettings;
  }
}
