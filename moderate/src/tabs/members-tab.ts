import type { Role, StaffMemberView } from '@booth/shared';
import { newKey } from '@booth/shared/client';
import { html, nothing, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { moment } from '../i18n/formats.js';
import { richText } from '../i18n/strings.js';
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
    const { t } = this.strings;
    return html`<section class="list" aria-label=${t('members.title')}>
      <h2>${t('members.title')}
        <input type="search" placeholder=${t('members.searchPlaceholder')} aria-label=${t('members.search')} .value=${this.query}
          @change=${this._onSearch} />
      </h2>
      <table>
        <thead><tr><th>${t('members.member')}</th><th>${t('members.role')}</th><th>${t('members.ban')}</th><th>${t('members.actions')}</th></tr></thead>
        <tbody>${this.members.map((m) => this.renderMember(m))}</tbody>
      </table>
    </section>`;
  }

  private renderMember(m: StaffMemberView): TemplateResult {
    const { t } = this.strings;
    return html`<tr>
      <td><bdi>${m.name}</bdi><div class="meta">${m.email ?? (m.guest ? t('members.guest') : t(`members.via.${m.via}`))}</div></td>
      <td>${
        this.desk.isOwner && m.id !== this.desk.me.id
          ? html`<select aria-label=${t('members.roleOf', { name: m.name })} @change=${(e: Event) => this.changeRole(m, (e.target as HTMLSelectElement).value as Role)}>
            ${(['customer', 'staff', 'owner'] as const).map((r) => html`<option value=${r} ?selected=${m.role === r}>${t(`role.${r}`)}</option>`)}
          </select>`
          : t(`role.${m.role}`)
      }</td>
      <td>${this.renderBan(m)}</td>
      <td><div class="actions">
        ${
          m.role === 'customer'
            ? m.bannedUntil
              ? html`<button type="button" @click=${() => this.unban(m)}>${t('members.liftBan')}</button>`
              : html`${banSelect(this.strings)}<button type="button" class="danger" @click=${(e: Event) => this.ban(e, m)}>${t('members.banButton')}</button>`
            : nothing
        }
        <a href=${memberDataUrl(m)} download aria-label=${t('members.downloadOf', { name: m.name })}>${t('members.download')}</a>
        ${this.renderErase(m)}
      </div></td>
    </tr>`;
  }

  /** A ban: for good, until when, or a dash for none. */
  private renderBan(m: StaffMemberView): string {
    const { t } = this.strings;
    if (!m.bannedUntil) return t('common.none');
    return m.bannedForGood
      ? t('members.bannedForGood')
      : t('members.bannedUntil', { date: moment(this.strings, m.bannedUntil) });
  }

  /** Deleting an account: staff may delete a customer's account, after confirming in the row. */
  private renderErase(m: StaffMemberView): TemplateResult | typeof nothing {
    if (m.role !== 'customer' || m.deleted) return nothing;
    const { t } = this.strings;
    if (this.confirmingErase !== m.id) {
      return html`<button type="button" class="danger" aria-label=${t('members.deleteOf', { name: m.name })}
        @click=${() => this.askErase(m)}>${t('members.delete')}</button>`;
    }
    return html`<div role="group" class="actions" aria-label=${t('members.confirmGroup', { name: m.name })}>
      <span id="erase-${m.id}">${richText(this.strings, 'members.confirmText', { name: html`<bdi>${m.name}</bdi>` })}</span>
      <button type="button" class="danger" aria-describedby="erase-${m.id}"
        @click=${() => this.erase(m)}>${t('members.confirmYes', { name: m.name })}</button>
      <button type="button" @click=${() => this.cancelErase()}>${t('members.keep')}</button>
    </div>`;
  }

  private _onSearch(event: Event): void {
    this.query = (event.target as HTMLInputElement).value;
    void this.load().catch(() => {});
  }

  private ban(event: Event, member: StaffMemberView): Promise<void> {
    const days = banDays((event.currentTarget as Element).closest('td'));
    return this.desk.act(this.strings.t('members.banned', { name: member.name }), () =>
      this.desk.request({ type: 'staff.member.ban', key: newKey(), memberId: member.id, days }),
    );
  }

  private unban(member: StaffMemberView): Promise<void> {
    return this.desk.act(this.strings.t('members.banLifted'), () =>
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
    return this.desk.act(this.strings.t('members.deleted', { name: member.name }), () =>
      this.desk.request({ type: 'staff.member.erase', key: newKey(), memberId: member.id }),
    );
  }

  private changeRole(member: StaffMemberView, role: Role): Promise<void> {
    const { t } = this.strings;
    return this.desk.act(t('members.roleChanged', { name: member.name, role: t(`role.${role}`) }), () =>
      this.desk.request({ type: 'staff.member.role', key: newKey(), memberId: member.id, role }),
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'booth-members-tab': MembersTab;
  }
}
