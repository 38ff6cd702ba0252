import type { Role, StaffMemberView } from '@booth/shared';
import { absoluteTime, newKey } from '@booth/shared/client';
import { html, nothing, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { banDays, banSelect } from '../views/fragments.js';
import { TabElement } from './tab-element.js';

/** Members of the site: search, ban and lift bans; owners also change roles. */
@customElement('booth-members-tab')
export class MembersTab extends TabElement {
  @state() private query = '';
  @state() private members: StaffMemberView[] = [];

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
      </div></td>
    </tr>`;
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
