import type { AuditAction, AuditEntry } from '@booth/shared';
import { html, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { moment } from '../i18n/formats.js';
import { type MessageKey, richText } from '../i18n/strings.js';
import { TabElement } from './tab-element.js';

/** Each action in words; the action's code shows beside it, as the API and exports name it. */
const ACTIONS = {
  'thread.pin': 'audit.thread.pin',
  'thread.unpin': 'audit.thread.unpin',
  'thread.lock': 'audit.thread.lock',
  'thread.unlock': 'audit.thread.unlock',
  'thread.hide': 'audit.thread.hide',
  'thread.restore': 'audit.thread.restore',
  'thread.mark_answered': 'audit.thread.mark_answered',
  'thread.mark_unanswered': 'audit.thread.mark_unanswered',
  'thread.move': 'audit.thread.move',
  'thread.accept': 'audit.thread.accept',
  'post.hide': 'audit.post.hide',
  'post.restore': 'audit.post.restore',
  'post.approve': 'audit.post.approve',
  'post.reject': 'audit.post.reject',
  'report.dismiss': 'audit.report.dismiss',
  'member.ban': 'audit.member.ban',
  'member.unban': 'audit.member.unban',
  'member.role': 'audit.member.role',
  'member.erase': 'audit.member.erase',
  'member.data': 'audit.member.data',
  'site.alert_threshold': 'audit.site.alert_threshold',
  'site.settings': 'audit.site.settings',
  'board.page_url': 'audit.board.page_url',
  'board.release': 'audit.board.release',
  'answer.confirm': 'audit.answer.confirm',
  'answer.replace': 'audit.answer.replace',
  'faq.curate': 'audit.faq.curate',
  'site.mail_settings': 'audit.site.mail_settings',
  'site.sso_rotate': 'audit.site.sso_rotate',
  'apikey.create': 'audit.apikey.create',
  'thread.escalate': 'audit.thread.escalate',
  'apikey.revoke': 'audit.apikey.revoke',
  'staff.add': 'audit.staff.add',
  'staff.remove': 'audit.staff.remove',
  'staff.unlock': 'audit.staff.unlock',
} as const satisfies Record<AuditAction, MessageKey>;

/** The audit log: every moderation action, newest first. */
@customElement('booth-audit-tab')
export class AuditTab extends TabElement {
  @state() private entries: AuditEntry[] = [];

  protected override async load(): Promise<void> {
    this.entries = (await this.desk.request({ type: 'staff.audit' })).entries;
  }

  override render(): TemplateResult {
    const { t } = this.strings;
    return html`<section class="list" aria-label=${t('audit.title')}>
      <h2>${t('audit.title')}</h2>
      ${
        this.entries.length === 0
          ? html`<p class="empty">${t('audit.empty')}</p>`
          : html`<table>
        <thead><tr><th>${t('audit.when')}</th><th>${t('audit.who')}</th><th>${t('audit.what')}</th><th>${t('audit.target')}</th><th>${t('audit.reason')}</th></tr></thead>
        <tbody>
          ${this.entries.map(
            (e) => html`<tr>
              <td>${moment(this.strings, e.createdAt)}</td><td><bdi>${e.actor.name}</bdi></td>
              <td>${t(ACTIONS[e.action])} <code class="meta">${e.action}</code></td>
              <td>${richText(this.strings, 'audit.targetOf', { label: html`<bdi>${e.target.label}</bdi>` }, { type: t(`audit.type.${e.target.type}`) })}</td><td dir="auto">${e.reason ?? ''}</td>
            </tr>`,
          )}
        </tbody>
      </table>`
      }
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'booth-audit-tab': AuditTab;
  }
}
