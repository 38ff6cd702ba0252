import type { MemberView, UnreadThreadView } from '@booth/shared';
import type { ConnectionStatus } from '@booth/shared/client';
import { html, nothing, type TemplateResult } from 'lit';
import { type NamePromptProps, namePrompt } from './name-prompt.js';

export interface BoardHeaderProps {
  me: MemberView | null;
  status: ConnectionStatus;
  /** Staff have the moderation view open. */
  staffOnline: boolean;
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
  /** Opens the form that changes a guest's display name. */
  onRename(): void;
  /** That form, while it is open. */
  rename: Pick<NamePromptProps, 'draft' | 'onSubmit' | 'onCancel'> | null;
  /** A signed-in member's followed threads with unread news; null shows no bell. */
  notices: UnreadThreadView[] | null;
  /** The bell's list is open. */
  bellOpen: boolean;
  onBell(): void;
  onNotice(threadId: string): void;
}

const STATUS_TEXT: Record<ConnectionStatus, string> = {
  idle: '',
  connecting: 'Connecting…',
  open: 'Live',
  reconnecting: 'Reconnecting…',
  stopped: 'Offline',
};

function who(props: BoardHeaderProps): TemplateResult | typeof nothing {
  const { me } = props;
  if (!me) return nothing;
  if (!me.guest) return html`<span class="who">Signed in as <strong><bdi>${me.name}</bdi></strong></span>`;
  if (props.rename) {
    // The same guest under another name, under the same rules as their first one.
    return namePrompt({ ...props.rename, id: 'rename', label: 'Change your display name', submitLabel: 'Save' });
  }
  return html`<span class="who">
    Posting as <strong><bdi>${me.name}</bdi></strong>
    <button type="button" class="link" aria-label="Change your display name" @click=${props.onRename}>Change</button>
  </span>`;
}

/** The bell: how many answers and replies in the member's followed threads are unread. */
function bell({ notices, bellOpen, onBell }: BoardHeaderProps): TemplateResult | typeof nothing {
  return notices
    ? html`<button type="button" class="btn" part="button bell" aria-expanded=${bellOpen} @click=${onBell}>
        <span aria-hidden="true">🔔</span> ${notices.reduce((n, t) => n + t.unread, 0)}<span class="visually-hidden">
          unread answers and replies</span>
      </button>`
    : nothing;
}

/** The opened bell: which followed threads have news, each opening its thread. */
function bellList({ notices, bellOpen, onNotice }: BoardHeaderProps): TemplateResult | typeof nothing {
  if (!notices || !bellOpen) return nothing;
  return html`<div class="bell-list" part="bell-list">
    ${
      notices.length
        ? html`<ul aria-label="Threads with unread answers and replies">
          ${notices.map(
            (t) =>
              html`<li><button type="button" class="link" @click=${() => onNotice(t.threadId)}>${t.title}</button>
                <span class="muted">${t.unread} new</span></li>`,
          )}
        </ul>`
        : html`<p class="muted">Nothing new in the threads you follow.</p>`
    }
  </div>`;
}

/** Ask and discuss buttons, who the viewer is, the bell, and the connection status (announced politely). */
export function boardHeader(props: BoardHeaderProps): TemplateResult {
  const text = props.notice ?? STATUS_TEXT[props.status];
  return html`
    <div class="header" part="header">
      <div class="actions">
        ${
          props.onBack
            ? html`<button type="button" class="btn" part="button back-button" @click=${props.onBack}>
              <span aria-hidden="true">←</span> All topics
            </button>`
            : nothing
        }
        ${
          props.showActions
            ? html`
              <button type="button" class="btn primary" part="button button-primary" @click=${props.onAsk}>
                Ask a question
              </button>
              <button type="button" class="btn" part="button" @click=${props.onDiscuss}>Start a discussion</button>
            `
            : nothing
        }
      </div>
      ${
        props.showSearch
          ? html`<form class="search" role="search" part="search" @submit=${(e: SubmitEvent) => e.preventDefault()}>
            <label class="visually-hidden" for="search">Search questions and discussions</label>
            <input
              id="search"
              type="search"
              part="input"
              placeholder="Search…"
              maxlength="200"
              .value=${props.query}
              @focus=${props.onSearchFocus}
              @input=${(e: InputEvent) => props.onSearch((e.target as HTMLInputElement).value)}
            />
          </form>`
          : nothing
      }
      <div class="meta-bar">
        ${who(props)} ${bell(props)}
        ${
          props.staffOnline && props.status === 'open'
            ? html`<span class="badge soft-staff" part="badge staff-online">Staff online</span>`
            : nothing
        }
        <span class="status ${props.status}" part="status" role="status" title=${props.notice ?? ''}>${text}</span>
      </div>
      ${bellList(props)}
    </div>
  `;
}
