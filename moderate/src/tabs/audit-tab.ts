import type { AuditEntry } from '@booth/shared';
import { absoluteTime } from '@booth/shared/client';
import { html, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { TabElement } from './tab-element.js';

/** The audit log: every moderation action, newest first. */
@customElement('booth-audit-tab')
export class AuditTab extends TabElement {
  @state() private entries: AuditEntry[] = [];

  protected override async load(): Promise<void> {
    this.entries = (await this.desk.request({ type: 'staff.audit' })).entries;
  }

  override render(): TemplateResult {
    return html`<section class="list" aria-label="Audit log">
      <h2>Audit log</h2>
      ${
        this.entries.length === 0
          ? html`<p class="empty">No moderation actions yet.</p>`
          : html`<table>
        <thead><tr><th>When</th><th>Who</th><th>What</th><th>Target</th><th>Reason</th></tr></thead>
        <tbody>
          ${this.entries.map(
            (e) => html`<tr>
              <td>${absoluteTime(e.createdAt)}</td><td><bdi>${e.actor.name}</bdi></td><td>${e.action}</td>
              <td>${e.target.type}: ${e.target.label}</td><td>${e.reason ?? ''}</td>
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
