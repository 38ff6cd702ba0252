import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { disableTwoFactor, enableTwoFactor, startTwoFactor } from '../api.js';
import { richText } from '../i18n/strings.js';
import { failureOutcome } from '../state/desk-state.js';
import { typedCode } from '../state/sign-in-state.js';
import { groupedSecret, type TwoFactorStep, twoFactorFollow, twoFactorStart } from '../state/two-factor-state.js';
import { renderQrCode } from '../views/qr-code.js';
import { TabElement } from './tab-element.js';

/**
 * The signed-in staff member's own account: two-factor sign-in with an authenticator app.
 * Setting it up shows a secret (as a QR code, an `otpauth://` link and text), the app's first code turns it on
 * and brings the recovery codes, shown only then; turning it off takes the password and a code.
 */
@customElement('booth-account-tab')
export class AccountTab extends TabElement {
  /** Whether two-factor sign-in is on for this account, as the session says. */
  @property({ type: Boolean }) twoFactor = false;

  @state() private step: TwoFactorStep = { kind: 'off' };
  /** Why the last two-factor request was refused, in the staff member's language. */
  @state() private error: string | null = null;
  @state() private working = false;

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('twoFactor')) {
      this.step =
        changed.get('twoFactor') === undefined
          ? twoFactorStart(this.twoFactor)
          : twoFactorFollow(this.step, this.twoFactor);
    }
  }

  override render(): TemplateResult {
    const { t } = this.strings;
    const me = this.desk.me;
    const name = html`<bdi>${me.name}</bdi>`;
    return html`<section class="list card" aria-label=${t('account.title')}>
      <h2>${t('account.title')}</h2>
      <div class="settings">
        <p class="meta">${
          me.email
            ? richText(this.strings, 'account.signedInAsEmail', { name, email: me.email })
            : richText(this.strings, 'account.signedInAs', { name })
        }</p>
        <fieldset>
          <legend>${t('twoFactor.legend')}</legend>
          ${this.renderStep()}
          <div class="error" role="alert">${this.error ?? nothing}</div>
        </fieldset>
      </div>
    </section>`;
  }

  private renderStep(): TemplateResult {
    const step = this.step;
    const { t } = this.strings;
    switch (step.kind) {
      case 'off':
        return html`<p>${t('twoFactor.offIntro')}</p>
          <div class="actions"><button class="primary" type="button" ?disabled=${this.working} @click=${this._onSetUp}>${t('twoFactor.setUp')}</button></div>`;
      case 'confirming':
        return html`<p>${t('twoFactor.confirmIntro')}</p>
          ${renderQrCode(step.uri, t('twoFactor.qr'))}
          <div><strong>${t('twoFactor.key')}</strong> <pre>${groupedSecret(step.secret)}</pre></div>
          <div><strong>${t('twoFactor.link')}</strong> <pre dir="ltr"><a href=${step.uri}>${step.uri}</a></pre></div>
          <form class="settings" @submit=${this._onEnable}>
            <label>${t('twoFactor.appCode')} <input name="code" autocomplete="one-time-code" inputmode="numeric" spellcheck="false" required maxlength="7" aria-invalid=${this.error ? 'true' : 'false'} /></label>
            <div class="actions">
              <button class="primary" type="submit" ?disabled=${this.working}>${t('twoFactor.turnOn')}</button>
              <button type="button" @click=${this._onCancel}>${t('common.cancel')}</button>
            </div>
          </form>`;
      case 'recovery-codes':
        return html`<p role="status">${t('twoFactor.isOn')}</p>
          <p><strong>${t('twoFactor.codesTitle')}</strong> ${t('twoFactor.codesIntro')}</p>
          <ol class="codes" aria-label=${t('twoFactor.codes')}>${step.recoveryCodes.map((code) => html`<li>${code}</li>`)}</ol>
          <div class="actions"><button type="button" @click=${this._onCodesSaved}>${t('twoFactor.codesSaved')}</button></div>`;
      case 'on':
        return html`<p>${t('twoFactor.onIntro')}</p>
          <form class="settings" @submit=${this._onDisable}>
            <strong>${t('twoFactor.turnOffTitle')}</strong>
            <label>${t('login.password')} <input name="password" type="password" autocomplete="current-password" required /></label>
            <label>${t('login.code')} <input name="code" autocomplete="one-time-code" spellcheck="false" required maxlength="20" aria-invalid=${this.error ? 'true' : 'false'} /></label>
            <div class="actions"><button class="danger" type="submit" ?disabled=${this.working}>${t('twoFactor.turnOff')}</button></div>
          </form>`;
    }
  }

  /** Runs one two-factor request; a refusal is shown in the fieldset (or ends an expired session). */
  private async run(work: () => Promise<void>): Promise<void> {
    this.working = true;
    this.error = null;
    try {
      await work();
    } catch (error) {
      const failure = failureOutcome(error, this.strings);
      if (failure.endSession) this.desk.endSession(failure.text);
      else this.error = failure.text;
    } finally {
      this.working = false;
    }
  }

  private _onSetUp(): Promise<void> {
    return this.run(async () => {
      const { secret, uri } = await startTwoFactor(this.desk.csrfToken);
      this.step = { kind: 'confirming', secret, uri };
    });
  }

  private _onCancel(): void {
    this.error = null;
    this.step = twoFactorStart(this.twoFactor);
  }

  private _onEnable(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const code = typedCode(new FormData(event.currentTarget as HTMLFormElement).get('code')) ?? '';
    return this.run(async () => {
      const { recoveryCodes } = await enableTwoFactor(this.desk.csrfToken, code);
      this.step = { kind: 'recovery-codes', recoveryCodes };
      this.desk.setTwoFactor(true);
    });
  }

  private _onCodesSaved(): void {
    this.step = { kind: 'on' };
  }

  private _onDisable(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const password = String(data.get('password') ?? '');
    const code = typedCode(data.get('code')) ?? '';
    return this.run(async () => {
      await disableTwoFactor(this.desk.csrfToken, password, code);
      this.desk.setTwoFactor(false);
      this.desk.notify(this.strings.t('twoFactor.isOff'), true);
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'booth-account-tab': AccountTab;
  }
}
