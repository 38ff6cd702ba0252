import type { UnreadThreadView } from '@booth/shared';
import { html, nothing, type ReactiveControllerHost } from 'lit';
import type { WidgetTranslator } from '../i18n/translator.js';
import type { BellTemplates } from './board-header.js';

/**
 * The bell of a signed-in member: how many answers and replies in the threads they follow are
 * unread, and, opened, which threads have news, each opening its thread. A chunk of its own,
 * loaded once the server sent those threads (guests and readers never have a bell).
 */
export class Bell {
  /** The list is open. */
  private open = false;

  constructor(private readonly host: ReactiveControllerHost) {}

  private readonly _onToggle = (): void => {
    this.open = !this.open;
    this.host.requestUpdate();
  };

  /** The bell's button and its list; nothing while `notices` is null. */
  render(
    notices: UnreadThreadView[] | null,
    tr: WidgetTranslator,
    onNotice: (threadId: string) => void,
  ): BellTemplates {
    if (!notices) return { button: nothing, list: nothing };
    const unread = notices.reduce((n, t) => n + t.unread, 0);
    const button = html`<button type="button" class="btn" part="button bell" aria-expanded=${this.open} @click=${this._onToggle}>
        <span aria-hidden="true">🔔</span> ${tr.number(unread)}<span
          class="visually-hidden"> ${tr.t('bell.unread', { count: unread })}</span>
      </button>`;
    const open = (threadId: string) => {
      this.open = false;
      onNotice(threadId);
    };
    const list = this.open
      ? html`<div class="bell-list" part="bell-list">
    ${
      notices.length
        ? html`<ul aria-label=${tr.t('bell.listLabel')}>
          ${notices.map(
            (t) =>
              html`<li><button type="button" class="link" dir="auto" @click=${() => open(t.threadId)}>${t.title}</button>
                <span class="muted">${tr.t('bell.new', { count: t.unread })}</span></li>`,
          )}
        </ul>`
        : html`<p class="muted">${tr.t('bell.nothing')}</p>`
    }
  </div>`
      : nothing;
    return { button, list };
  }
}
