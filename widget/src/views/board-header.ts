import type { MemberView } from '@booth/shared';
import type { ConnectionStatus } from '@booth/shared/client';
import { html, nothing, type TemplateResult } from 'lit';
import { withParts } from '../i18n/parts.js';
import type { WidgetKey, WidgetTranslator } from '../i18n/translator.js';

export interface BoardHeaderProps {
  tr: WidgetTranslator;
  me: MemberView | null;
  status: ConnectionStatus;
  /** Staff have the moderation view open. */
  staffOnline: boolean;
  /** Why the connection stopped, in the server's (English) words. */
  notice: string | null;
  /** Show the ask and discuss buttons (on the list, when no form is open). */
  showActions: boolean;
  onAsk(): void;
  onDiscuss(): void;
  /** Set while a thread is open: shows the way back to the list. */
  onBack?: () => void;
  /** The search field's text; the field shows on the list only. */
  query: string;
  showSearch: boolean;
  onSearch(query: string): void;
  /** The search field got focus: a search may follow. */
  onSearchFocus(): void;
  /** The list's sort and filter controls, beside the search field (nothing until their chunk loaded). */
  listingControls: TemplateResult | typeof nothing;
  /** Opens the form that changes a guest's display name. */
  onRename(): void;
  /** That form, while it is open (it comes with the board's forms, on demand). */
  renameForm: TemplateResult | null;
  /** The bell of a signed-in member and, while open, its list (nothing until their chunk loaded; see `bell.ts`). */
  bell: BellTemplates;
}

/** The bell's button, beside who is posting, and its open list, under the header's row. */
export interface BellTemplates {
  button: TemplateResult | typeof nothing;
  list: TemplateResult | typeof nothing;
}

const STATUS_TEXT: Record<ConnectionStatus, WidgetKey | null> = {
  idle: null,
  connecting: 'status.connecting',
  open: 'status.open',
  reconnecting: 'status.reconnecting',
  stopped: 'status.stopped',
};

function who(props: BoardHeaderProps): TemplateResult | typeof nothing {
  const { me, tr } = props;
  if (!me) return nothing;
  const name = html`<strong><bdi>${me.name}</bdi></strong>`;
  if (!me.guest) return html`<span class="who">${withParts(tr.t('header.signedInAs'), { name })}</span>`;
  if (props.renameForm) return props.renameForm;
  return html`<span class="who">
    ${withParts(tr.t('header.postingAs'), { name })}
    <button type="button" class="link" aria-label=${tr.t('header.changeName')} @click=${props.onRename}>
      ${tr.t('header.change')}
    </button>
  </span>`;
}

/** Ask and discuss buttons, who the viewer is, the bell, and the connection status (announced politely). */
export function boardHeader(props: BoardHeaderProps): TemplateResult {
  const { tr } = props;
  // The server words why it stopped the board in English; other languages show the state only.
  const notice = tr.language === 'en' ? props.notice : null;
  const key = STATUS_TEXT[props.status];
  const text = notice ?? (key ? tr.t(key) : '');
  return html`
    <div class="header" part="header">
      <div class="actions">
        ${
          props.onBack
            ? html`<button type="button" class="btn" part="button back-button" @click=${props.onBack}>
              <span class="arrow" aria-hidden="true">←</span> ${tr.t('header.back')}
            </button>`
            : nothing
        }
        ${
          props.showActions
            ? html`
              <button type="button" class="btn primary" part="button button-primary" @click=${props.onAsk}>
                ${tr.t('header.ask')}
              </button>
              <button type="button" class="btn" part="button" @click=${props.onDiscuss}>${tr.t('header.discuss')}</button>
            `
            : nothing
        }
      </div>
      ${
        props.showSearch
          ? html`<form class="search" role="search" part="search" @submit=${(e: SubmitEvent) => e.preventDefault()}>
            <label class="visually-hidden" for="search">${tr.t('search.label')}</label>
            <input
              id="search"
              type="search"
              part="input"
              placeholder=${tr.t('search.placeholder')}
              maxlength="200"
              .value=${props.query}
              @focus=${props.onSearchFocus}
              @input=${(e: InputEvent) => props.onSearch((e.target as HTMLInputElement).value)}
            />
          </form>
          ${props.listingControls}`
          : nothing
      }
      <div class="meta-bar">
        ${who(props)} ${props.bell.button}
        ${
          props.staffOnline && props.status === 'open'
            ? html`<span class="badge soft-staff" part="badge staff-online">${tr.t('header.staffOnline')}</span>`
            : nothing
        }
        <span class="status ${props.status}" part="status" role="status" title=${notice ?? ''}>${text}</span>
      </div>
      ${props.bell.list}
    </div>
  `;
}
