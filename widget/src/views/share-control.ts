import type { ThreadView } from '@booth/shared';
import { html, type TemplateResult } from 'lit';
import type { PanelHost } from './panel-host.js';

/**
 * The Share button of an open thread: the browser's share sheet (Web Share API) where it has
 * one, else the thread's link on this page is copied, which a live region confirms.
 */
export class ShareControl {
  /** What the last share did, said in the live region ("Link copied"). */
  private status = '';

  constructor(private readonly host: PanelHost) {}

  reset(): void {
    this.status = '';
  }

  render(thread: ThreadView): TemplateResult {
    return html`<p class="share">
      <button type="button" class="link" part="share-button" @click=${() => void this.share(thread)}>${this.host.t('thread.share')}</button>
      <span class="muted small" role="status">${this.status}</span>
    </p>`;
  }

  private async share(thread: ThreadView): Promise<void> {
    const url = this.host.threadLink(thread.id);
    const nav = globalThis.navigator;
    this.status = '';
    try {
      if (nav.share) {
        await nav.share({ title: thread.title, url });
        return;
      }
      await nav.clipboard.writeText(url);
      this.status = this.host.t('thread.linkCopied');
    } catch (error) {
      // Closing the share sheet is not a failure.
      if ((error as Error | null)?.name !== 'AbortError') this.status = this.host.t('thread.copyLink', { url });
    } finally {
      this.host.requestUpdate();
    }
  }
}
