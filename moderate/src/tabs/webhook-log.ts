import type { WebhookDeliveryView } from '@booth/shared';
import { absoluteTime, type Connection, RequestError } from '@booth/shared/client';
import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { appStyles } from '../styles.js';
import { reportStyles } from './insights-view.js';

const STATUS_CHIP: Record<WebhookDeliveryView['status'], string> = { delivered: '', pending: 'warn', failed: 'bad' };

/** The site's webhook deliveries, newest first: event, receiver, status, attempts and last answer. */
@customElement('booth-webhook-log')
export class BoothWebhookLog extends LitElement {
  static override styles = [appStyles, reportStyles];

  /** The moderation view's socket. */
  @property({ attribute: false }) connection: Connection | null = null;

  @state() private deliveries: WebhookDeliveryView[] = [];
  @state() private next: string | null = null;
  @state() private error = '';
  @state() private loading = false;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load(false);
  }

  private async load(more: boolean): Promise<void> {
    if (!this.connection) return;
    this.loading = true;
    this.error = '';
    try {
      const before = more ? this.next : null;
      const page = await this.connection.request({ type: 'webhooks.deliveries', ...(before ? { before } : {}) });
      this.deliveries = more ? [...this.deliveries, ...page.deliveries] : page.deliveries;
      this.next = page.next;
    } catch (error) {
      this.error = error instanceof RequestError ? error.message : 'Could not load the deliveries.';
    } finally {
      this.loading = false;
    }
  }

  override render(): TemplateResult {
    return html`<section class="list" aria-label="Webhook deliveries">
      <h2>Webhook deliveries</h2>
      <div class="toolbar">
        <button type="button" @click=${() => this.load(false)}>Refresh</button>
        ${this.loading ? html`<span class="meta">Loading…</span>` : nothing}
        <span class="meta">Failed attempts are retried with growing delays; add or remove webhooks with <code>booth webhook</code>.</span>
      </div>
      ${this.error ? html`<p class="notice" role="alert">${this.error}</p>` : nothing}
      ${
        this.deliveries.length === 0 && !this.loading
          ? html`<p class="empty">No deliveries yet.</p>`
          : html`<table>
              <thead><tr><th>Event</th><th>Receiver</th><th>Status</th><th>Attempts</th><th>Last answer</th><th>Created</th></tr></thead>
              <tbody>
                ${this.deliveries.map(
                  (d) => html`<tr>
                    <td>${d.event}</td>
                    <td class="meta">${d.url}</td>
                    <td><span class="chip ${STATUS_CHIP[d.status]}">${d.status}</span></td>
                    <td>${d.attempts}</td>
                    <td class="meta">${d.lastError ?? (d.lastStatus ? `HTTP ${d.lastStatus}` : '–')}</td>
                    <td class="meta" title=${d.createdAt}>${absoluteTime(d.createdAt)}</td>
                  </tr>`,
                )}
              </tbody>
            </table>`
      }
      ${this.next ? html`<div class="toolbar"><button type="button" @click=${() => this.load(true)}>Older deliveries</button></div>` : nothing}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'booth-webhook-log': BoothWebhookLog;
  }
}
