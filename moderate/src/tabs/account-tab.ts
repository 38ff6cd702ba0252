import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { disableTwoFactor, enableTwoFactor, startTwoFactor } from '../api.js';
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
  /** Why the last two-factor request was refused, as the server said it. */
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
    return html`<section class="list card" aria-label="Your account">
      <h2>Your account</h2>
      <div class="settings">
        <p class="meta">Signed in as <bdi>${this.desk.me.name}</bdi>${this.desk.me.email ? html` (${this.desk.me.email})` : nothing}.</p>
        <fieldset>
          <legend>Two-factor sign-in</legend>
          ${this.renderStep()}
          <div class="error" role="alert">${this.error ?? nothing}</div>
        </fieldset>
      </div>
    </section>`;
  }

  private renderStep(): TemplateResult {
    const step = this.step;
    switch (step.kind) {
      case 'off':
        return html`<p>Off. With it on, signing in takes a code from an authenticator app on your phone as well as your password.</p>
          <div class="actions"><button class="primary" type="button" ?disabled=${this.working} @click=${this._onSetUp}>Set up two-factor sign-in</button></div>`;
      case 'confirming':
        return html`<p>Add this account to your authenticator app: scan the QR code with it, open the link on your phone, or type the key in by hand.</p>
          ${renderQrCode(step.uri, 'QR code for your authenticator app')}
          <div><strong>Key</strong> <pre>${groupedSecret(step.secret)}</pre></div>
          <div><strong>Link for the app</strong> <pre><a href=${step.uri}>${step.uri}</a></pre></div>
          <form class="settings" @submit=${this._onEnable}>
            <label>Code from the app <input name="code" autocomplete="one-time-code" inputmode="numeric" spellcheck="false" required maxlength="7" aria-invalid=${this.error ? 'true' : 'false'} /></label>
            <div class="actions">
              <button class="primary" type="submit" ?disabled=${this.working}>Turn on two-factor sign-in</button>
              <button type="button" @click=${this._onCancel}>Cancel</button>
            </div>
          </form>`;
      case 'recovery-codes':
        return html`<p role="status">Two-factor sign-in is on.</p>
          <p><strong>Your recovery codes.</strong> Each one signs you in once if you lose your phone. Keep them somewhere safe now: they are shown only this once.</p>
          <ol class="codes" aria-label="Recovery codes">${step.recoveryCodes.map((code) => html`<li>${code}</li>`)}</ol>
          <div class="actions"><button type="button" @click=${this._onCodesSaved}>I have saved my recovery codes</button></div>`;
      case 'on':
        return html`<p>On. Signing in takes a code from your authenticator app (or a recovery code) after your password.</p>
          <form class="settings" @submit=${this._onDisable}>
            <strong>Turn two-factor sign-in off</strong>
            <label>Password <input name="password" type="password" autocomplete="current-password" required /></label>
            <label>Authentication code <input name="code" autocomplete="one-time-code" spellcheck="false" required maxlength="20" aria-invalid=${this.error ? 'true' : 'false'} /></label>
            <div class="actions"><button class="danger" type="submit" ?disabled=${this.working}>Turn off two-factor sign-in</button></div>
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
      const failure = failureOutcome(error);
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
      this.desk.notify('Two-factor sign-in is off.', true);
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'booth-account-tab': AccountTab;
  }
}
