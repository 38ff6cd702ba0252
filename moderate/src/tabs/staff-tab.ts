import type { StaffAccountView } from '@booth/shared';
import { newKey } from '@booth/shared/client';
import { html, nothing, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
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
    return html`<section class="list card" aria-label="Staff accounts">
      <h2>Staff accounts</h2>
      <table>
        <thead><tr><th>Name</th><th>Email</th><th>Role</th><th>Sign-in</th><th></th></tr></thead>
        <tbody>
          ${this.accounts.map(
            (a) => html`<tr><td><bdi>${a.name}</bdi></td><td>${a.email ?? `(${a.via})`}</td><td>${a.role}</td>
              <td>${this.renderSignIn(a)}</td>
              <td>${a.id === this.desk.me.id ? nothing : html`<button type="button" class="danger" ?disabled=${this.busy} @click=${() => this.removeAccount(a)}>Remove</button>`}</td></tr>`,
          )}
        </tbody>
      </table>
      <form class="settings" @submit=${this._onAdd}>
        <strong>Add a staff member</strong>
        <label>Email <input name="email" type="email" required /></label>
        <label>Name <input name="name" required minlength="2" maxlength="40" /></label>
        <label>Role <select name="role"><option value="staff">staff</option><option value="owner">owner</option></select></label>
        <div class="actions"><button class="primary" type="submit">Add</button></div>
        ${this.secretShown ? html`<p>Their password (shown once; send it to them safely):</p><pre>${this.secretShown}</pre>` : nothing}
      </form>
    </section>`;
  }

  /** A locked account says so, until when, and offers the owner to lift the lockout. */
  private renderSignIn(account: StaffAccountView): TemplateResult {
    if (account.lockedUntil === null) return html`<span class="meta">OK</span>`;
    const until = new Date(account.lockedUntil).toLocaleString();
    return html`<span class="chip locked">Locked</span> <span class="meta">until ${until}</span>
      <button type="button" ?disabled=${this.busy} aria-label=${`Unlock ${account.name}`} @click=${() => this.unlockAccount(account)}>Unlock</button>`;
  }

  private unlockAccount(account: StaffAccountView): Promise<void> {
    return this.desk.act(`${account.name} can sign in again.`, async () => {
      const { account: unlocked } = await this.desk.request({
        type: 'staff.account.unlock',
        key: newKey(),
        memberId: account.id,
      });
      this.accounts = this.accounts.map((a) => (a.id === unlocked.id ? unlocked : a));
    });
  }

  private removeAccount(account: StaffAccountView): Promise<void> {
    return this.desk.act(`${account.name} was removed from staff.`, () =>
      this.desk.request({ type: 'staff.account.remove', key: newKey(), memberId: account.id }),
    );
  }

  private _onAdd(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    return this.desk.act('Staff member added.', async () => {
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
