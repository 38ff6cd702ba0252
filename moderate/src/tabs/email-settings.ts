import type { SiteMailSettingsView, StaffAlertsView } from '@booth/shared';
import { newKey } from '@booth/shared/client';
import { css, html, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { appStyles, tabStyles } from '../styles.js';
import { TabElement } from './tab-element.js';

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
    if (!a || !m) return html`<section class="list"><p class="empty">Loading…</p></section>`;
    return html`<section class="list card" aria-label="Email settings">
      <h2>Emails</h2>
      <form class="settings" @submit=${this._onSave}>
        <fieldset>
          <legend>Alert emails to staff</legend>
          <label class="inline"><input type="checkbox" name="unansweredEmail" ?checked=${a.unansweredEmail} /> Email me when a question waits past the threshold</label>
          <label class="inline"><input type="checkbox" name="dailyDigest" ?checked=${a.dailyDigest} /> Email me a daily digest</label>
          <p class="meta">${a.address ? `Your emails go to ${a.address}. Each staff member chooses their own.` : 'You have no email address here: nothing is sent to you.'}</p>
          <label class="figure">Minutes a question may wait before staff are alerted
            <input type="number" min="1" max="43200" step="1" name="thresholdMinutes" required .value=${String(a.thresholdMinutes)} />
          </label>
          <label class="figure">Hour of the daily digest (UTC, 0–23)
            <input type="number" min="0" max="23" step="1" name="digestHour" required .value=${String(a.digestHour)} />
          </label>
        </fieldset>
        <fieldset>
          <legend>Sender of the site's emails</legend>
          <label>Sender name (empty: the site's name)
            <input type="text" name="fromName" maxlength="80" .value=${m.fromName ?? ''} />
          </label>
          <label>Sender address (empty: the server's address; your mail server must be allowed to send as it)
            <input type="email" name="fromAddress" maxlength="254" .value=${m.fromAddress ?? ''} />
          </label>
          <label>Accent colour of emails, as #rrggbb (empty: blue)
            <input type="text" name="accentColor" maxlength="7" placeholder="#2563eb" .value=${m.accentColor ?? ''} />
          </label>
        </fieldset>
        <div class="actions"><button class="primary" type="submit">Save email settings</button></div>
      </form>
    </section>`;
  }

  private _onSave(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    return this.desk.act('Email settings saved.', async () => {
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
