import type { Role, StaffMemberView } from '@booth/shared';
import { absoluteTime, newKey } from '@booth/shared/client';
import { html, nothing, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { banDays, banSelect } from '../views/fragments.js';
import { TabElement } from './tab-element.js';

/** Where staff download everything the site keeps about a member (the server audits each download). */
function memberDataUrl(member: StaffMemberView): string {
  return `/moderate/api/members/${encodeURIComponent(member.id)}/data`;
}

/**
 * Members of the site: search, ban and lift bans, download a member's data and delete a
 * customer's account at their request; owners also change roles.
 */
@customElement('booth-members-tab')
export class MembersTab extends TabElement {
  @state() private query = '';
  @state() private members: StaffMemberView[] = [];
  /** The member whose account deletion waits for a second click, if any. */
  @state() private confirmingErase: string | null = null;

  protected override async load(): Promise<void> {
    const query = this.query.trim();
    this.members = (await this.desk.request({ type: 'staff.members', ...(query ? { query } : {}) })).members;
  }

  override render(): TemplateResult {
    return html`<section class="list" aria-label="Members">
      <h2>Members
        <input type="search" placeholder="Name or email" aria-label="Search members" .value=${this.query}
          @change=${this._onSearch} />
      </h2>
      <table>
        <thead><tr><th>Member</th><th>Role</th><th>Ban</th><th>Actions</th></tr></thead>
        <tbody>${this.members.map((m) => this.renderMember(m))}</tbody>
      </table>
    </section>`;
  }

  private renderMember(m: StaffMemberView): TemplateResult {
    return html`<tr>
      <td><bdi>${m.name}</bdi><div class="meta">${m.email ?? (m.guest ? 'guest' : m.via)}</div></td>
      <td>${
        this.desk.isOwner && m.id !== this.desk.me.id
          ? html`<select aria-label="Role of ${m.name}" @change=${(e: Event) => this.changeRole(m, (e.target as HTMLSelectElement).value as Role)}>
            ${(['customer', 'staff', 'owner'] as const).map((r) => html`<option value=${r} ?selected=${m.role === r}>${r}</option>`)}
          </select>`
          : m.role
      }</td>
      <td>${m.bannedUntil ? (m.bannedForGood ? 'banned for good' : `until ${absoluteTime(m.bannedUntil)}`) : '—'}</td>
      <td><div class="actions">
        ${
          m.role === 'customer'
            ? m.bannedUntil
              ? html`<button type="button" @click=${() => this.unban(m)}>Lift ban</button>`
              : html`${banSelect()}<button type="button" class="danger" @click=${(e: Event) => this.ban(e, m)}>Ban</button>`
            : nothing
        }
        <a href=${memberDataUrl(m)} download aria-label="Download data of ${m.name}">Download data</a>
        ${this.renderErase(m)}
      </div></td>
    </tr>`;
  }

  /** Deleting an account: staff may delete a customer's account, after confirming in the row. */
  private renderErase(m: StaffMemberView): TemplateResult | typeof nothing {
    if (m.role !== 'customer' || m.deleted) return nothing;
    if (this.confirmingErase !== m.id) {
      return html`<button type="button" class="danger" aria-label="Delete account of ${m.name}"
        @click=${() => this.askErase(m)}>Delete account</button>`;
    }
    return html`<div role="group" class="actions" aria-label="Confirm deleting the account of ${m.name}">
      <span id="erase-${m.id}">Delete <bdi>${m.name}</bdi>'s account? Their name and address are erased; this cannot be undone.</span>
      <button type="button" class="danger" aria-describedby="erase-${m.id}"
        @click=${() => this.erase(m)}>Yes, delete the account of ${m.name}</button>
      <button type="button" @click=${() => this.cancelErase()}>Keep the account</button>
    </div>`;
  }

  private _onSearch(event: Event): void {
    this.query = (event.target as HTMLInputElement).value;
    void this.load().catch(() => {});
  }

  private ban(event: Event, member: StaffMemberView): Promise<void> {
    const days = banDays((event.currentTarget as Element).closest('td'));
    return this.desk.act(`${member.name} is banned.`, () =>
      this.desk.request({ type: 'staff.member.ban', key: newKey(), memberId: member.id, days }),
    );
  }

  private unban(member: StaffMemberView): Promise<void> {
    return this.desk.act('Ban lifted.', () =>
      this.desk.request({ type: 'staff.member.unban', key: newKey(), memberId: member.id }),
    );
  }

  private async askErase(member: StaffMemberView): Promise<void> {
    this.confirmingErase = member.id;
    await this.updateComplete;
    // The confirm step replaced the button that had focus; keep keyboard users in the row.
    this.renderRoot.querySelector<HTMLButtonElement>(`[aria-describedby="erase-${member.id}"]`)?.focus();
  }

  private cancelErase(): void {
    this.confirmingErase = null;
  }

  private erase(member: StaffMemberView): Promise<void> {
    this.confirmingErase = null;
    return this.desk.act(`The account of ${member.name} is deleted.`, () =>
      this.desk.request({ type: 'staff.member.erase', key: newKey(), memberId: member.id }),
    );
  }

  private changeRole(member: StaffMemberView, role: Role): Promise<void> {
    return this.desk.act(`${member.name} is now ${role}.`, () =>
      this.desk.request({ type: 'staff.member.role', key: newKey(), memberId: member.id, role }),
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'booth-members-tab': MembersTab;
  }
}
