import type { WebhookDeliveryView } from '@booth/shared';
import { type Connection, RequestError } from '@booth/shared/client';
import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { errorText } from '../i18n/error-text.js';
import { moment } from '../i18n/formats.js';
import { richText, type Strings } from '../i18n/strings.js';
import { appStyles } from '../styles.js';
import { reportStyles } from './insights-view.js';

/** The command line that adds and removes webhooks (a command, not words to translate). */
const WEBHOOK_COMMAND = 'booth webhook';

const STATUS_CHIP: Record<WebhookDeliveryView['status'], string> = { delivered: '', pending: 'warn', failed: 'bad' };

/** The site's webhook deliveries, newest first: event, receiver, status, attempts and last answer. */
@customElement('booth-webhook-log')
export class BoothWebhookLog extends LitElement {
  static override styles = [appStyles, reportStyles];

  /** The moderation view's socket. */
  @property({ attribute: false }) connection: Connection | null = null;
  /** The staff member's language. */
  @property({ attribute: false }) strings!: Strings;

  @state() private deliveries: WebhookDeliveryView[] = [];
  @state() private next: string | null = null;
  /** Why the deliveries could not be loaded. */
  @state() private error: unknown = null;
  @state() private loading = false;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load(false);
  }

  private async load(more: boolean): Promise<void> {
    if (!this.connection) return;
    this.loading = true;
    this.error = null;
    try {
      const before = more ? this.next : null;
      const page = await this.connection.request({ type: 'webhooks.deliveries', ...(before ? { before } : {}) });
      this.deliveries = more ? [...this.deliveries, ...page.deliveries] : page.deliveries;
      this.next = page.next;
    } catch (error) {
      this.error = error;
    } finally {
      this.loading = false;
    }
  }

  override render(): TemplateResult {
    const { t } = this.strings;
    return html`<section class="list" aria-label=${t('webhooks.title')}>
      <h2>${t('webhooks.title')}</h2>
      <div class="toolbar">
        <button type="button" @click=${() => this.load(false)}>${t('webhooks.refresh')}</button>
        ${this.loading ? html`<span class="meta">${t('app.loading')}</span>` : nothing}
        <span class="meta">${richText(this.strings, 'webhooks.help', { command: html`<code>${WEBHOOK_COMMAND}</code>` })}</span>
      </div>
      ${this.error ? html`<p class="notice" role="alert">${this.error instanceof RequestError ? errorText(this.strings, this.error) : t('webhooks.failed')}</p>` : nothing}
      ${
        this.deliveries.length === 0 && !this.loading
          ? html`<p class="empty">${t('webhooks.empty')}</p>`
          : html`<table>
              <thead><tr><th>${t('webhooks.event')}</th><th>${t('webhooks.receiver')}</th><th>${t('webhooks.status')}</th><th>${t('webhooks.attempts')}</th><th>${t('webhooks.lastAnswer')}</th><th>${t('webhooks.created')}</th></tr></thead>
              <tbody>
                ${this.deliveries.map(
                  (d) => html`<tr>
                    <td>${d.event}</td>
                    <td class="meta" dir="ltr">${d.url}</td>
                    <td><span class="chip ${STATUS_CHIP[d.status]}">${t(`webhooks.status.${d.status}`)}</span></td>
                    <td>${this.strings.number(d.attempts)}</td>
                    <td class="meta">${d.lastError ?? (d.lastStatus ? t('webhooks.http', { status: String(d.lastStatus) }) : t('common.none'))}</td>
                    <td class="meta" title=${d.createdAt}>${moment(this.strings, d.createdAt)}</td>
                  </tr>`,
                )}
              </tbody>
            </table>`
      }
      ${this.next ? html`<div class="toolbar"><button type="button" @click=${() => this.load(true)}>${t('webhooks.older')}</button></div>` : nothing}
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'booth-webhook-log': BoothWebhookLog;
  }
}
