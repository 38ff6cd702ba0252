import type { PostView, ReportView, ThreadAction, ThreadView } from '@booth/shared';
import { absoluteTime, newKey } from '@booth/shared/client';
import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { ModerationDesk } from '../desk.js';
import { appStyles, tabStyles } from '../styles.js';
import { chips, reasonIn, threadMeta } from './fragments.js';
import { postAction } from './post-actions.js';

/** A thread open in the side panel, with the reports of its posts. */
export interface OpenThread {
  thread: ThreadView;
  posts: PostView[];
  reports: Record<string, ReportView[]>;
}

/** The side panel: one thread with its posts, the thread and post actions, and the staff answer form. */
@customElement('booth-thread-panel')
export class ThreadPanel extends LitElement {
  static override styles = [appStyles, tabStyles];

  /** The shell: requests, actions and closing the panel. */
  @property({ attribute: false }) desk!: ModerationDesk;
  /** The thread shown. */
  @property({ attribute: false }) open!: OpenThread;
  /** True while an action runs. */
  @property({ type: Boolean }) busy = false;

  override render(): TemplateResult {
    const t = this.open.thread;
    const button = (action: ThreadAction, label: string) =>
      html`<button type="button" ?disabled=${this.busy} @click=${(e: Event) => this.threadAction(action, e)}>${label}</button>`;
    return html`<aside class="panel" aria-label="Thread">
      <h2>${t.title}</h2>
      <div class="panel-body">
        <div>${chips(t)} ${threadMeta(t)} · <span class="meta">${absoluteTime(t.createdAt)}</span></div>
        <div class="actions">
          ${t.pinned ? button('unpin', 'Unpin') : button('pin', 'Pin')}
          ${t.locked ? button('unlock', 'Unlock') : button('lock', 'Lock')}
          ${t.status === 'hidden' ? button('restore', 'Restore thread') : button('hide', 'Hide thread')}
          ${t.status === 'answered' ? button('mark_unanswered', 'Mark unanswered') : button('mark_answered', 'Mark answered')}
          <input name="board" placeholder="board" aria-label="Move to board" size="12" />
          <button type="button" ?disabled=${this.busy} @click=${this._onMove}>Move</button>
          <input name="reason" placeholder="Reason (optional)" aria-label="Reason" />
          <button type="button" @click=${() => this.desk.closeThread()}>Close</button>
        </div>
        ${this.open.posts.map((post) => this.renderPost(t, post, this.open.reports[post.id] ?? []))}
        ${
          t.status === 'hidden'
            ? html`<p class="meta">Restore the thread to reply.</p>`
            : html`<label>Your answer
              <textarea name="answer" @input=${() => this.desk.typing(t.id)} placeholder="Write the answer customers will see, with your staff badge."></textarea>
            </label>
            <div class="actions"><button type="button" class="primary" ?disabled=${this.busy} @click=${this._onAnswer}>Post answer</button></div>`
        }
      </div>
    </aside>`;
  }

  private renderPost(thread: ThreadView, post: PostView, reports: ReportView[]): TemplateResult {
    const staff = post.author.role !== 'customer';
    const act = (action: 'hide' | 'restore' | 'approve' | 'reject') => () => postAction(this.desk, post, action);
    return html`<div class="post ${post.status}">
      <div class="meta">
        <bdi>${post.author.name}</bdi> ${staff ? html`<span class="staff-badge">Staff</span>` : nothing} · ${absoluteTime(post.createdAt)}
        ${post.status !== 'visible' ? html`<span class="chip warn">${post.status}</span>` : nothing}
        ${thread.acceptedPostId === post.id ? html`<span class="chip">accepted answer</span>` : nothing}
        ${reports.length ? html`<span class="chip bad">${reports.length} report(s): ${reports.map((r) => r.reason).join('; ')}</span>` : nothing}
      </div>
      <div class="body">${post.source}</div>
      <div class="actions">
        ${post.status === 'visible' && !post.root ? html`<button type="button" @click=${act('hide')}>Hide</button>` : nothing}
        ${post.status === 'hidden' && !post.root ? html`<button type="button" @click=${act('restore')}>Restore</button>` : nothing}
        ${
          post.status === 'pending'
            ? html`<button type="button" @click=${act('approve')}>Approve</button>
              <button type="button" @click=${act('reject')}>Reject</button>`
            : nothing
        }
        ${
          post.status === 'visible' && !post.root && thread.kind === 'question' && thread.acceptedPostId !== post.id
            ? html`<button type="button" @click=${() => this.accept(thread, post.id)}>Accept as answer</button>`
            : nothing
        }
      </div>
    </div>`;
  }

  private threadAction(action: ThreadAction, event: Event): Promise<void> {
    const reason = reasonIn((event.currentTarget as Element).closest('aside'));
    const thread = this.open.thread;
    return this.desk.act(`Done: ${action.replace('_', ' ')}.`, () =>
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
    return this.desk.act('Answer accepted.', () =>
      this.desk.request({ type: 'staff.thread.accept', key: newKey(), threadId: thread.id, postId }),
    );
  }

  private _onMove(event: Event): Promise<void> {
    const aside = (event.currentTarget as Element).closest('aside');
    const board = aside?.querySelector<HTMLInputElement>('input[name=board]')?.value.trim();
    const thread = this.open.thread;
    if (!board) {
      this.desk.notify('Enter the board to move the thread to.');
      return Promise.resolve();
    }
    const reason = reasonIn(aside ?? null);
    return this.desk.act(`Moved to ${board}.`, () =>
      this.desk.request({
        type: 'staff.thread.move',
        key: newKey(),
        threadId: thread.id,
        board,
        ...(reason ? { reason } : {}),
      }),
    );
  }

  private async _onAnswer(event: Event): Promise<void> {
    const aside = (event.currentTarget as Element).closest('aside');
    const area = aside?.querySelector<HTMLTextAreaElement>('textarea[name=answer]');
    const body = area?.value.trim();
    const thread = this.open.thread;
    if (!body || !area) return;
    await this.desk.act('Answer posted.', async () => {
      await this.desk.request({ type: 'post.create', key: newKey(), threadId: thread.id, body });
      area.value = '';
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'booth-thread-panel': ThreadPanel;
  }
}
