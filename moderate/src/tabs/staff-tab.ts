import type { StaffAccountView } from '@booth/shared';
import { newKey } from '@booth/shared/client';
import { html, nothing, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { moment } from '../i18n/formats.js';
import { TabElement } from './tab-element.js';

/** Staff accounts (owners): list, add with a one-time password, remove, lift a sign-in lockout. */
@customElement('booth-staff-tab')
export class StaffTab extends TabElement {
  @state() private accounts: StaffAccountView[] = [];
  /** The password of an account just added, shown once. */
  @state() private secretShown: string | null = null;

  protected override async load(): Promise<void> {
    if (!this.desk.isOwner) return;
    this.accounts = (await this.desk.request({ type: 'staff.accounts' })).accounts;
  }

  override render(): TemplateResult {
    const { t } = this.strings;
    return html`<section class="list card" aria-label=${t('staff.label')}>
      <h2>${t('staff.label')}</h2>
      <table>
        <thead><tr><th>${t('staff.name')}</th><th>${t('staff.email')}</th><th>${t('staff.role')}</th><th>${t('staff.signIn')}</th><th></th></tr></thead>
        <tbody>
          ${this.accounts.map(
            (
              a,
            ) => html`<tr><td><bdi>${a.name}</bdi></td><td>${a.email ?? t(`members.via.${a.via}`)}</td><td>${t(`role.${a.role}`)}</td>
              <td>${this.renderSignIn(a)}</td>
              <td>${a.id === this.desk.me.id ? nothing : html`<button type="button" class="danger" ?disabled=${this.busy} @click=${() => this.removeAccount(a)}>${t('staff.remove')}</button>`}</td></tr>`,
          )}
        </tbody>
      </table>
      <form class="settings" @submit=${this._onAdd}>
        <strong>${t('staff.add')}</strong>
        <label>${t('staff.email')} <input name="email" type="email" required /></label>
        <label>${t('staff.name')} <input name="name" required minlength="2" maxlength="40" /></label>
        <label>${t('staff.role')} <select name="role"><option value="staff">${t('role.staff')}</option><option value="owner">${t('role.owner')}</option></select></label>
        <div class="actions"><button class="primary" type="submit">${t('staff.addButton')}</button></div>
        ${this.secretShown ? html`<p>${t('staff.password')}</p><pre dir="ltr">${this.secretShown}</pre>` : nothing}
      </form>
    </section>`;
  }

  /** A locked account says so, until when, and offers the owner to lift the lockout. */
  private renderSignIn(account: StaffAccountView): TemplateResult {
    const { t } = this.strings;
    if (account.lockedUntil === null) return html`<span class="meta">${t('staff.ok')}</span>`;
    const until = moment(this.strings, account.lockedUntil);
    return html`<span class="chip locked">${t('staff.locked')}</span> <span class="meta">${t('staff.lockedUntil', { date: until })}</span>
      <button type="button" ?disabled=${this.busy} aria-label=${t('staff.unlockOf', { name: account.name })} @click=${() => this.unlockAccount(account)}>${t('staff.unlock')}</button>`;
  }

  private unlockAccount(account: StaffAccountView): Promise<void> {
    return this.desk.act(this.strings.t('staff.unlocked', { name: account.name }), async () => {
      const { account: unlocked } = await this.desk.request({
        type: 'staff.account.unlock',
        key: newKey(),
        memberId: account.id,
      });
      this.accounts = this.accounts.map((a) => (a.id === unlocked.id ? unlocked : a));
    });
  }

  private removeAccount(account: StaffAccountView): Promise<void> {
    return this.desk.act(this.strings.t('staff.removed', { name: account.name }), () =>
      this.desk.request({ type: 'staff.account.remove', key: newKey(), memberId: account.id }),
    );
  }

  private _onAdd(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    return this.desk.act(this.strings.t('staff.added'), async () => {
      const added = await this.desk.request({
        type: 'staff.account.add',
        key: newKey(),
        email: String(data.get('email')),
        name: String(data.get('name')),
        role: data.get('role') === 'owner' ? 'owner' : 'staff',
      });
      this.secretShown = added.password;
      form.reset();
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'booth-staff-tab': StaffTab;
  }
}
