import type { EscalationView, PostView, ReportView, ThreadAction, ThreadView } from '@booth/shared';
import { newKey } from '@booth/shared/client';
import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { ModerationDesk } from '../desk.js';
import { moment } from '../i18n/formats.js';
import type { MessageKey, Strings } from '../i18n/strings.js';
import { appStyles, tabStyles } from '../styles.js';
import { chips, reasonIn, threadMeta } from './fragments.js';
import { type PostAction, postAction } from './post-actions.js';

/** The button of each thread action. */
const ACTION_LABELS = {
  pin: 'panel.pin',
  unpin: 'panel.unpin',
  lock: 'panel.lock',
  unlock: 'panel.unlock',
  hide: 'panel.hide',
  restore: 'panel.restore',
  mark_answered: 'panel.markAnswered',
  mark_unanswered: 'panel.markUnanswered',
} as const satisfies Record<ThreadAction, MessageKey>;

/** A thread open in the side panel, with the reports of its posts. */
export interface OpenThread {
  thread: ThreadView;
  posts: PostView[];
  reports: Record<string, ReportView[]>;
  /** The thread on the brand page, or null while its board's page is unknown. */
  brandUrl: string | null;
  /** The brand page of the thread's board. */
  boardPageUrl: string | null;
  /** The thread's hand-over to the helpdesk, if any. */
  escalation: EscalationView | null;
}

/** The side panel: one thread with its posts, the thread and post actions, and the staff answer form. */
@customElement('booth-thread-panel')
export class ThreadPanel extends LitElement {
  static override styles = [appStyles, tabStyles];

  /** The shell: requests, actions and closing the panel. */
  @property({ attribute: false }) desk!: ModerationDesk;
  /** The staff member's language. */
  @property({ attribute: false }) strings!: Strings;
  /** The thread shown. */
  @property({ attribute: false }) open!: OpenThread;
  /** True while an action runs. */
  @property({ type: Boolean }) busy = false;

  override render(): TemplateResult {
    const thread = this.open.thread;
    const { t } = this.strings;
    const button = (action: ThreadAction) =>
      html`<button type="button" ?disabled=${this.busy} @click=${(e: Event) => this.threadAction(action, e)}>${t(ACTION_LABELS[action])}</button>`;
    return html`<aside class="panel" aria-label=${t('panel.label')}>
      <h2><bdi>${thread.title}</bdi></h2>
      <div class="panel-body">
        <div>${chips(this.strings, thread)} ${threadMeta(this.strings, thread)} · <span class="meta">${moment(this.strings, thread.createdAt)}</span></div>
        ${
          this.open.brandUrl
            ? html`<p><a href=${this.open.brandUrl} target="_blank" rel="noopener">${t('panel.openOnBrandPage')}</a></p>`
            : nothing
        }
        <div class="actions">
          <input name="board-page" type="url" size="40" .value=${this.open.boardPageUrl ?? ''}
            placeholder=${t('panel.boardPagePlaceholder')} aria-label=${t('panel.boardPage', { board: thread.board })} />
          <button type="button" ?disabled=${this.busy} @click=${this._onBoardPage}>${t('panel.saveBoardPage')}</button>
        </div>
        <div class="actions">
          ${button(thread.pinned ? 'unpin' : 'pin')}
          ${button(thread.locked ? 'unlock' : 'lock')}
          ${button(thread.status === 'hidden' ? 'restore' : 'hide')}
          ${button(thread.status === 'answered' ? 'mark_unanswered' : 'mark_answered')}
          <input name="board" placeholder=${t('panel.boardPlaceholder')} aria-label=${t('panel.moveTo')} size="12" />
          <button type="button" ?disabled=${this.busy} @click=${this._onMove}>${t('panel.move')}</button>
          <input name="reason" placeholder=${t('panel.reasonPlaceholder')} aria-label=${t('panel.reason')} />
          <button type="button" @click=${() => this.desk.closeThread()}>${t('panel.close')}</button>
        </div>
        ${
          thread.answerStale
            ? html`<div class="actions"><span class="chip warn">${t('thread.stale')}</span> <span class="meta">${t('panel.staleNote')}</span>
              <button type="button" ?disabled=${this.busy} @click=${this._onConfirm}>${t('panel.confirmAnswer')}</button></div>`
            : nothing
        }
        ${this.renderEscalation()}
        ${this.open.posts.map((post) => this.renderPost(thread, post, this.open.reports[post.id] ?? []))}
        ${
          thread.status === 'hidden'
            ? html`<p class="meta">${t('panel.restoreToReply')}</p>`
            : html`<label>${t('panel.answer')}
              <textarea name="answer" @input=${() => this.desk.typing(thread.id)} placeholder=${t('panel.answerPlaceholder')}></textarea>
            </label>
            <div class="actions">
              <button type="button" class="primary" ?disabled=${this.busy} @click=${this._onAnswer}>${t('panel.postAnswer')}</button>
              ${
                thread.kind === 'question'
                  ? html`<label class="inline"><input type="checkbox" name="accept-answer" ?checked=${thread.answerStale} /> ${t('panel.acceptOwn')}</label>`
                  : nothing
              }
            </div>`
        }
      </div>
    </aside>`;
  }

  private renderPost(thread: ThreadView, post: PostView, reports: ReportView[]): TemplateResult {
    const staff = post.author.role !== 'customer';
    const { t } = this.strings;
    const act = (action: PostAction) =>
      html`<button type="button" @click=${() => postAction(this.desk, this.strings, post, action)}>${t(`post.${action}`)}</button>`;
    const reasons = new Intl.ListFormat(this.strings.language, { type: 'unit' }).format(reports.map((r) => r.reason));
    return html`<div class="post ${post.status}">
      <div class="meta">
        <bdi>${post.author.name}</bdi> ${staff ? html`<span class="staff-badge">${t('post.staff')}</span>` : nothing} · ${moment(this.strings, post.createdAt)}
        ${post.status !== 'visible' ? html`<span class="chip warn">${t(`post.status.${post.status}`)}</span>` : nothing}
        ${thread.acceptedPostId === post.id ? html`<span class="chip">${t('post.accepted')}</span>` : nothing}
        ${reports.length ? html`<span class="chip bad">${t('post.reports', { count: reports.length, reasons })}</span>` : nothing}
      </div>
      <div class="body" dir="auto">${post.source}</div>
      <div class="actions">
        ${post.status === 'visible' && !post.root ? act('hide') : nothing}
        ${post.status === 'hidden' && !post.root ? act('restore') : nothing}
        ${post.status === 'pending' ? html`${act('approve')} ${act('reject')}` : nothing}
        ${
          post.status === 'visible' && !post.root && thread.kind === 'question' && thread.acceptedPostId !== post.id
            ? html`<button type="button" @click=${() => this.accept(thread, post.id)}>${t('post.accept')}</button>`
            : nothing
        }
      </div>
    </div>`;
  }

  private threadAction(action: ThreadAction, event: Event): Promise<void> {
    const reason = reasonIn((event.currentTarget as Element).closest('aside'));
    const thread = this.open.thread;
    return this.desk.act(this.strings.t(`panel.done.${action}`), () =>
      this.desk.request({
        type: 'staff.thread.action',
        key: newKey(),
        threadId: thread.id,
        action,
        ...(reason ? { reason } : {}),
      }),
    );
  }

  private accept(thread: ThreadView, postId: string): Promise<void> {
    return this.desk.act(this.strings.t('panel.answerAccepted'), () =>
      this.desk.request({ type: 'staff.thread.accept', key: newKey(), threadId: thread.id, postId }),
    );
  }

  private _onMove(event: Event): Promise<void> {
    const aside = (event.currentTarget as Element).closest('aside');
    const board = aside?.querySelector<HTMLInputElement>('input[name=board]')?.value.trim();
    const thread = this.open.thread;
    if (!board) {
      this.desk.notify(this.strings.t('panel.enterBoard'));
      return Promise.resolve();
    }
    const reason = reasonIn(aside ?? null);
    return this.desk.act(this.strings.t('panel.moved', { board }), () =>
      this.desk.request({
        type: 'staff.thread.move',
        key: newKey(),
        threadId: thread.id,
        board,
        ...(reason ? { reason } : {}),
      }),
    );
  }

  /** Sets the brand page of the thread's board (an empty field clears it), where links to its threads go. */
  private _onBoardPage(event: Event): Promise<void> {
    const field = (event.currentTarget as Element)
      .closest('aside')
      ?.querySelector<HTMLInputElement>('input[name=board-page]');
    const pageUrl = field?.value.trim() || null;
    const board = this.open.thread.board;
    const { t } = this.strings;
    const done = t(pageUrl ? 'panel.boardPageSaved' : 'panel.boardPageCleared', { board });
    return this.desk.act(done, () => this.desk.request({ type: 'staff.board.page', key: newKey(), board, pageUrl }));
  }

  private async _onAnswer(event: Event): Promise<void> {
    const aside = (event.currentTarget as Element).closest('aside');
    const area = aside?.querySelector<HTMLTextAreaElement>('textarea[name=answer]');
    const body = area?.value.trim();
    const thread = this.open.thread;
    if (!body || !area) return;
    // Posting a new answer and accepting it is how staff replace an answer that went out of date.
    const accept = aside?.querySelector<HTMLInputElement>('input[name=accept-answer]')?.checked === true;
    const done = this.strings.t(accept ? 'panel.answerPostedAccepted' : 'panel.answerPosted');
    await this.desk.act(done, async () => {
      const { post } = await this.desk.request({ type: 'post.create', key: newKey(), threadId: thread.id, body });
      area.value = '';
      if (accept) {
        await this.desk.request({ type: 'staff.thread.accept', key: newKey(), threadId: thread.id, postId: post.id });
      }
    });
  }

  /** The helpdesk hand-over: a button until the thread goes, then who sent it when, and whether it came back. */
  private renderEscalation(): TemplateResult {
    const { t } = this.strings;
    const e = this.open.escalation;
    if (!e) {
      return html`<div class="actions"><button type="button" ?disabled=${this.busy} @click=${this._onEscalate}>${t('panel.escalate')}</button></div>`;
    }
    const when = moment(this.strings, e.escalatedAt);
    const how =
      e.escalatedBy === null
        ? t('panel.escalatedAuto', { when })
        : t('panel.escalatedBy', { name: e.escalatedBy, when });
    return html`<div class="actions"><span class="chip ${e.resolvedAt ? '' : 'warn'}">${t(e.resolvedAt ? 'panel.escalationResolved' : 'panel.escalated')}</span> <span class="meta">${how}</span></div>`;
  }

  private _onEscalate(): Promise<void> {
    const threadId = this.open.thread.id;
    return this.desk.act(this.strings.t('panel.escalatedDone'), () =>
      this.desk.request({ type: 'staff.thread.escalate', key: newKey(), threadId }),
    );
  }

  /** The accepted answer still holds after the board's latest release. */
  private _onConfirm(): Promise<void> {
    const threadId = this.open.thread.id;
    return this.desk.act(this.strings.t('recheck.confirmed'), () =>
      this.desk.request({ type: 'staff.answer.confirm', key: newKey(), threadId }),
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'booth-thread-panel': ThreadPanel;
  }
}
