import type {
  AuditEntry,
  PendingPost,
  PostView,
  ReportedPost,
  ReportView,
  SiteSettingsView,
  StaffMemberView,
  StaffSessionView,
  ThreadAction,
  ThreadView,
  UnansweredThread,
} from '@booth/shared';
import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { currentSession, signIn, signOut } from './api.js';
import { Connection, newKey, RequestError } from './connection.js';
import './insights-view.js';
import './webhook-log.js';
import { readPolicyFields, renderPolicyFields } from './policy-fields.js';
import { appStyles } from './styles.js';
import { waited, when } from './time.js';

type Tab =
  | 'unanswered'
  | 'reports'
  | 'pending'
  | 'threads'
  | 'members'
  | 'audit'
  | 'insights'
  | 'webhooks'
  | 'settings'
  | 'staff';

const TABS: { id: Tab; label: string; owner?: boolean }[] = [
  { id: 'unanswered', label: 'Unanswered' },
  { id: 'reports', label: 'Reports' },
  { id: 'pending', label: 'Pending' },
  { id: 'threads', label: 'Threads' },
  { id: 'members', label: 'Members' },
  { id: 'audit', label: 'Audit log' },
  { id: 'insights', label: 'Insights' },
  { id: 'webhooks', label: 'Webhooks' },
  { id: 'settings', label: 'Settings', owner: true },
  { id: 'staff', label: 'Staff', owner: true },
];

const BAN_CHOICES: { label: string; days: number | null }[] = [
  { label: '1 day', days: 1 },
  { label: '7 days', days: 7 },
  { label: '30 days', days: 30 },
  { label: 'for good', days: null },
];

/** An open thread in the side panel. */
interface OpenThread {
  thread: ThreadView;
  posts: PostView[];
  reports: Record<string, ReportView[]>;
}

/**
 * The moderation view: staff sign in, then work the Unanswered, Reports and Pending queues,
 * act on threads, posts and members, read the audit log, and (owners) change site settings.
 * Everything after sign-in goes over the same WebSocket protocol as the widget, live.
 */
@customElement('booth-moderate')
export class BoothModerate extends LitElement {
  static override styles = appStyles;

  @state() private session: StaffSessionView | null = null;
  @state() private checking = true;
  @state() private notice: { text: string; ok?: boolean } | null = null;
  @state() private tab: Tab = 'unanswered';
  @state() private connected = false;
  @state() private staffOnline = 0;
  @state() private unanswered: UnansweredThread[] = [];
  @state() private reports: ReportedPost[] = [];
  @state() private pending: PendingPost[] = [];
  @state() private threads: ThreadView[] = [];
  @state() private threadFilter: 'all' | 'hidden' | 'pinned' | 'locked' = 'all';
  @state() private members: StaffMemberView[] = [];
  @state() private memberQuery = '';
  @state() private audit: AuditEntry[] = [];
  @state() private settings: SiteSettingsView | null = null;
  @state() private accounts: StaffMemberView[] = [];
  @state() private secretShown: string | null = null;
  @state() private open: OpenThread | null = null;
  @state() private now = Date.now();
  @state() private busy = false;

  private connection: Connection | null = null;
  private refreshTimer: ReturnType<typeof setTimeout> | null = null;
  private clock: ReturnType<typeof setInterval> | null = null;
  private lastTyping = 0;

  override connectedCallback(): void {
    super.connectedCallback();
    this.clock = setInterval(() => {
      this.now = Date.now();
    }, 30_000);
    void this.checkSession();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.clock) clearInterval(this.clock);
    this.connection?.stop();
  }

  private get isOwner(): boolean {
    return this.session?.me.role === 'owner';
  }

  private async checkSession(): Promise<void> {
    this.checking = true;
    try {
      const { session, notice } = await currentSession();
      if (notice) this.notice = { text: notice };
      if (session) this.startSession(session);
    } catch (error) {
      this.notice = { text: error instanceof Error ? error.message : String(error) };
    } finally {
      this.checking = false;
    }
  }

  private startSession(session: StaffSessionView): void {
    this.session = session;
    this.connection?.stop();
    this.connection = new Connection(session.site.key, {
      onOpen: () => void this.onOpen(),
      onEvent: () => this.scheduleRefresh(),
      onClose: () => {
        this.connected = false;
        // A refused upgrade usually means the session ended: ask the server.
        void currentSession().then(({ session: still, notice }) => {
          if (!still) this.endSession(notice ?? 'Your session has expired. Please sign in again.');
        });
      },
    });
    this.connection.start();
  }

  private endSession(text: string): void {
    this.connection?.stop();
    this.connection = null;
    this.session = null;
    this.connected = false;
    this.open = null;
    this.notice = { text };
  }

  private async onOpen(): Promise<void> {
    try {
      const feed = await this.request({ type: 'staff.subscribe' });
      this.connected = true;
      this.staffOnline = feed.staffOnline;
      await this.refresh();
    } catch {
      // request() already showed the reason.
    }
  }

  /** Sends a request; a refusal is shown as a notice and rethrown. */
  private async request<T extends Parameters<Connection['request']>[0]['type']>(
    message: Extract<Parameters<Connection['request']>[0], { type: T }>,
  ) {
    if (!this.connection) throw new Error('not connected');
    try {
      return await this.connection.request<T>(message as never);
    } catch (error) {
      if (
        error instanceof RequestError &&
        (error.body.code === 'session_expired' || error.body.code === 'auth_required')
      ) {
        this.endSession(error.body.message);
      } else if (error instanceof Error) {
        this.notice = { text: error.message };
      }
      throw error;
    }
  }

  private scheduleRefresh(): void {
    if (this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = null;
      void this.refresh().catch(() => {});
    }, 150);
  }

  /** Reloads the queue counts, the current tab and the open thread. */
  private async refresh(): Promise<void> {
    if (!this.connection?.open) return;
    const [unanswered, reports, pending] = await Promise.all([
      this.request({ type: 'staff.unanswered' }),
      this.request({ type: 'staff.reports' }),
      this.request({ type: 'staff.pending' }),
    ]);
    this.unanswered = unanswered.threads;
    this.reports = reports.items;
    this.pending = pending.items;
    await this.loadTab();
    if (this.open) await this.openThread(this.open.thread.id, false);
  }

  private async loadTab(): Promise<void> {
    if (this.tab === 'threads') {
      this.threads = (await this.request({ type: 'staff.threads', filter: this.threadFilter })).threads;
    } else if (this.tab === 'members') {
      const query = this.memberQuery.trim();
      this.members = (await this.request({ type: 'staff.members', ...(query ? { query } : {}) })).members;
    } else if (this.tab === 'audit') {
      this.audit = (await this.request({ type: 'staff.audit' })).entries;
    } else if (this.tab === 'settings' && this.isOwner) {
      this.settings = await this.request({ type: 'staff.settings' });
    } else if (this.tab === 'staff' && this.isOwner) {
      this.accounts = (await this.request({ type: 'staff.accounts' })).accounts;
    }
  }

  private async selectTab(tab: Tab): Promise<void> {
    this.tab = tab;
    this.secretShown = null;
    await this.loadTab().catch(() => {});
  }

  private async openThread(threadId: string, scroll = true): Promise<void> {
    try {
      this.open = await this.request({ type: 'staff.thread.open', threadId });
      if (scroll) await this.updateComplete;
    } catch (error) {
      if (error instanceof RequestError && error.body.code === 'not_found') this.open = null;
    }
  }

  /** Runs an action, shows its outcome, and refreshes what it changed. */
  private async act(label: string, run: () => Promise<unknown>): Promise<void> {
    this.busy = true;
    try {
      await run();
      this.notice = { text: label, ok: true };
      await this.refresh();
    } catch {
      // The notice already says why.
    } finally {
      this.busy = false;
    }
  }

  private reasonIn(root: Element | null): string | undefined {
    const value = root?.querySelector<HTMLInputElement>('input[name=reason]')?.value.trim();
    return value ? value : undefined;
  }

  // ---- sign-in ------------------------------------------------------------------------------

  private async onSignIn(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    this.busy = true;
    try {
      const session = await signIn(
        String(data.get('email')),
        String(data.get('password')),
        String(data.get('site') ?? '') || undefined,
      );
      this.notice = null;
      this.startSession(session);
    } catch (error) {
      this.notice = { text: error instanceof Error ? error.message : String(error) };
    } finally {
      this.busy = false;
    }
  }

  private async onSignOut(): Promise<void> {
    if (this.session) await signOut(this.session.csrfToken).catch(() => {});
    this.endSession('You are signed out.');
    this.notice = { text: 'You are signed out.', ok: true };
  }

  private renderLogin(): TemplateResult {
    return html`
      ${this.renderNotice()}
      <form class="login card" @submit=${this.onSignIn} aria-label="Sign in">
        <h1>Booth moderation</h1>
        <p class="meta">Staff and owners sign in with their email and password.</p>
        <label>Email <input name="email" type="email" autocomplete="username" required /></label>
        <label>Password <input name="password" type="password" autocomplete="current-password" required /></label>
        <details>
          <summary class="meta">Staff on several sites?</summary>
          <label>Site key <input name="site" autocomplete="off" /></label>
        </details>
        <button class="primary" type="submit" ?disabled=${this.busy}>Sign in</button>
      </form>
    `;
  }

  private renderNotice(): TemplateResult | typeof nothing {
    if (!this.notice) return nothing;
    return html`<div class="notice ${this.notice.ok ? 'ok' : ''}" role=${this.notice.ok ? 'status' : 'alert'}>${this.notice.text}</div>`;
  }

  // ---- the view -----------------------------------------------------------------------------

  override render(): TemplateResult {
    if (this.checking) return html`<p class="empty">Loading…</p>`;
    if (!this.session) return this.renderLogin();
    const counts: Partial<Record<Tab, number>> = {
      unanswered: this.unanswered.length,
      reports: this.reports.length,
      pending: this.pending.length,
    };
    return html`
      <header class="top">
        <span class="brand">Booth · ${this.session.site.name}</span>
        <span class="online">${this.connected ? `● Live · ${this.staffOnline} staff online` : '○ Connecting…'}</span>
        <span class="spacer"></span>
        <span><bdi>${this.session.me.name}</bdi> (${this.session.me.role})</span>
        <button type="button" @click=${this.onSignOut}>Sign out</button>
      </header>
      <nav aria-label="Moderation">
        ${TABS.filter((t) => !t.owner || this.isOwner).map(
          (t) => html`<button
            type="button"
            aria-current=${this.tab === t.id ? 'page' : 'false'}
            @click=${() => this.selectTab(t.id)}
          >
            ${t.label}
            ${counts[t.id] !== undefined ? html` <span class="badge ${counts[t.id] ? 'hot' : ''}">${counts[t.id]}</span>` : nothing}
          </button>`,
        )}
      </nav>
      ${this.renderNotice()}
      <main class=${this.open ? 'with-panel' : ''}>${this.renderTab()} ${this.open ? this.renderPanel(this.open) : nothing}</main>
    `;
  }

  private renderTab(): TemplateResult {
    switch (this.tab) {
      case 'unanswered':
        return this.renderUnanswered();
      case 'reports':
        return this.renderReports();
      case 'pending':
        return this.renderPending();
      case 'threads':
        return this.renderThreads();
      case 'members':
        return this.renderMembers();
      case 'audit':
        return this.renderAudit();
      case 'insights':
        return html`<booth-insights .connection=${this.connection}></booth-insights>`;
      case 'webhooks':
        return html`<booth-webhook-log .connection=${this.connection}></booth-webhook-log>`;
      case 'settings':
        return this.renderSettings();
      case 'staff':
        return this.renderStaff();
    }
  }

  private threadMeta(thread: ThreadView): TemplateResult {
    return html`<span class="meta">${thread.board} · asked by <bdi>${thread.author.name}</bdi>${thread.author.guest ? ' (guest)' : ''} · ${thread.replyCount} ${thread.replyCount === 1 ? 'reply' : 'replies'}</span>`;
  }

  private renderUnanswered(): TemplateResult {
    return html`<section class="list" aria-label="Unanswered questions">
      <h2>Unanswered questions, oldest first</h2>
      ${this.unanswered.length === 0 ? html`<p class="empty">Every question has a staff answer. Nice work.</p>` : nothing}
      <ul class="rows">
        ${this.unanswered.map(
          ({ thread, waitingSince }) => html`<li class=${this.open?.thread.id === thread.id ? 'selected' : ''}>
            <button type="button" class="row-title" @click=${() => this.openThread(thread.id)}>${thread.title}</button>
            <span class="meta">${thread.excerpt}</span>
            <span>${this.threadMeta(thread)} · <span class="waited">waiting ${waited(waitingSince, this.now)}</span></span>
            <span class="actions"><button type="button" @click=${() => this.openThread(thread.id)}>Answer</button></span>
          </li>`,
        )}
      </ul>
    </section>`;
  }

  private banSelect(): TemplateResult {
    return html`<select name="ban" aria-label="Ban length">
      ${BAN_CHOICES.map((c) => html`<option value=${c.days === null ? 'forever' : String(c.days)}>${c.label}</option>`)}
    </select>`;
  }

  private banDays(root: Element | null): number | null {
    const value = root?.querySelector<HTMLSelectElement>('select[name=ban]')?.value ?? '7';
    return value === 'forever' ? null : Number(value);
  }

  private renderReports(): TemplateResult {
    return html`<section class="list" aria-label="Reported posts">
      <h2>Reported posts</h2>
      ${this.reports.length === 0 ? html`<p class="empty">No open reports.</p>` : nothing}
      <ul class="rows">
        ${this.reports.map(
          (item) => html`<li data-post=${item.post.id}>
            <button type="button" class="row-title" @click=${() => this.openThread(item.thread.id)}>${item.thread.title}</button>
            <span class="body">${item.post.source}</span>
            <span class="meta">by <bdi>${item.post.author.name}</bdi> · ${item.post.status !== 'visible' ? html`<span class="chip warn">${item.post.status}</span>` : nothing}</span>
            <span class="meta">${item.reports.length} report${item.reports.length === 1 ? '' : 's'}:
              ${item.reports.map((r) => html`<span class="chip bad">“${r.reason}” — <bdi>${r.reporter.name}</bdi></span>`)}</span>
            <span class="actions">
              <input name="reason" placeholder="Reason (optional)" aria-label="Reason" />
              <button type="button" ?disabled=${this.busy} @click=${(e: Event) => this.resolveReport(e, item, 'dismiss')}>Approve post</button>
              <button type="button" class="danger" ?disabled=${this.busy} @click=${(e: Event) => this.resolveReport(e, item, 'hide')}>Hide post</button>
              ${this.banSelect()}
              <button type="button" class="danger" ?disabled=${this.busy} @click=${(e: Event) => this.resolveReport(e, item, 'ban')}>Hide and ban author</button>
            </span>
          </li>`,
        )}
      </ul>
    </section>`;
  }

  private resolveReport(event: Event, item: ReportedPost, action: 'dismiss' | 'hide' | 'ban'): Promise<void> {
    const row = (event.currentTarget as Element).closest('li');
    const reason = this.reasonIn(row);
    const label = {
      dismiss: 'Reports dismissed; the post stays.',
      hide: 'Post hidden.',
      ban: 'Post hidden and author banned.',
    }[action];
    return this.act(label, () =>
      this.request({
        type: 'staff.report.resolve',
        key: newKey(),
        postId: item.post.id,
        action,
        ...(action === 'ban' ? { banDays: this.banDays(row) } : {}),
        ...(reason ? { reason } : {}),
      }),
    );
  }

  private renderPending(): TemplateResult {
    return html`<section class="list" aria-label="Posts waiting for review">
      <h2>Waiting for review</h2>
      ${this.pending.length === 0 ? html`<p class="empty">Nothing is held for review.</p>` : nothing}
      <ul class="rows">
        ${this.pending.map(
          (item) => html`<li>
            <button type="button" class="row-title" @click=${() => this.openThread(item.thread.id)}>${item.post.root ? 'New thread: ' : 'Reply in: '}${item.thread.title}</button>
            <span class="body">${item.post.source}</span>
            <span class="meta">by <bdi>${item.post.author.name}</bdi> · ${when(item.post.createdAt)}${item.holdReason ? html` · <span class="held-why">held: ${holdReasonText(item.holdReason)}</span>` : nothing}</span>
            <span class="actions">
              <button type="button" class="primary" ?disabled=${this.busy} @click=${() => this.postAction(item.post, 'approve')}>Approve</button>
              <button type="button" class="danger" ?disabled=${this.busy} @click=${() => this.postAction(item.post, 'reject')}>Reject</button>
            </span>
          </li>`,
        )}
      </ul>
    </section>`;
  }

  private postAction(
    post: PostView,
    action: 'hide' | 'restore' | 'approve' | 'reject',
    reason?: string,
  ): Promise<void> {
    const label = {
      hide: 'Post hidden.',
      restore: 'Post restored.',
      approve: 'Post approved.',
      reject: 'Post rejected.',
    }[action];
    return this.act(label, () =>
      this.request({
        type: 'staff.post.action',
        key: newKey(),
        postId: post.id,
        action,
        ...(reason ? { reason } : {}),
      }),
    );
  }

  private renderThreads(): TemplateResult {
    return html`<section class="list" aria-label="Threads">
      <h2>
        Threads
        <select aria-label="Show" @change=${(e: Event) => {
          this.threadFilter = (e.target as HTMLSelectElement).value as typeof this.threadFilter;
          void this.loadTab();
        }}>
          ${(['all', 'hidden', 'pinned', 'locked'] as const).map((f) => html`<option value=${f} ?selected=${this.threadFilter === f}>${f}</option>`)}
        </select>
      </h2>
      <ul class="rows">
        ${this.threads.map(
          (thread) => html`<li class=${this.open?.thread.id === thread.id ? 'selected' : ''}>
            <button type="button" class="row-title" @click=${() => this.openThread(thread.id)}>${thread.title}</button>
            <span>${this.chips(thread)} ${this.threadMeta(thread)}</span>
          </li>`,
        )}
      </ul>
    </section>`;
  }

  private chips(thread: ThreadView): TemplateResult {
    return html`${thread.pinned ? html`<span class="chip">pinned</span>` : nothing}${thread.locked ? html`<span class="chip warn">locked</span>` : nothing}${thread.status === 'hidden' ? html`<span class="chip bad">hidden</span>` : nothing}${thread.status === 'answered' ? html`<span class="chip">answered</span>` : nothing}`;
  }

  // ---- the thread panel ---------------------------------------------------------------------

  private threadAction(action: ThreadAction, event: Event): Promise<void> {
    const reason = this.reasonIn((event.currentTarget as Element).closest('aside'));
    const thread = this.open?.thread;
    if (!thread) return Promise.resolve();
    return this.act(`Done: ${action.replace('_', ' ')}.`, () =>
      this.request({
        type: 'staff.thread.action',
        key: newKey(),
        threadId: thread.id,
        action,
        ...(reason ? { reason } : {}),
      }),
    );
  }

  private renderPanel(open: OpenThread): TemplateResult {
    const t = open.thread;
    const button = (action: ThreadAction, label: string) =>
      html`<button type="button" ?disabled=${this.busy} @click=${(e: Event) => this.threadAction(action, e)}>${label}</button>`;
    return html`<aside class="panel" aria-label="Thread">
      <h2>${t.title}</h2>
      <div class="panel-body">
        <div>${this.chips(t)} ${this.threadMeta(t)} · <span class="meta">${when(t.createdAt)}</span></div>
        <div class="actions">
          ${t.pinned ? button('unpin', 'Unpin') : button('pin', 'Pin')}
          ${t.locked ? button('unlock', 'Unlock') : button('lock', 'Lock')}
          ${t.status === 'hidden' ? button('restore', 'Restore thread') : button('hide', 'Hide thread')}
          ${t.status === 'answered' ? button('mark_unanswered', 'Mark unanswered') : button('mark_answered', 'Mark answered')}
          <input name="board" placeholder="board" aria-label="Move to board" size="12" />
          <button type="button" ?disabled=${this.busy} @click=${this.onMove}>Move</button>
          <input name="reason" placeholder="Reason (optional)" aria-label="Reason" />
          <button type="button" @click=${() => {
            this.open = null;
          }}>Close</button>
        </div>
        ${open.posts.map((post) => this.renderPost(t, post, open.reports[post.id] ?? []))}
        ${
          t.status === 'hidden'
            ? html`<p class="meta">Restore the thread to reply.</p>`
            : html`<label>Your answer
              <textarea name="answer" @input=${this.onTyping} placeholder="Write the answer customers will see, with your staff badge."></textarea>
            </label>
            <div class="actions"><button type="button" class="primary" ?disabled=${this.busy} @click=${this.onAnswer}>Post answer</button></div>`
        }
      </div>
    </aside>`;
  }

  private renderPost(thread: ThreadView, post: PostView, reports: ReportView[]): TemplateResult {
    const staff = post.author.role !== 'customer';
    return html`<div class="post ${post.status}">
      <div class="meta">
        <bdi>${post.author.name}</bdi> ${staff ? html`<span class="staff-badge">Staff</span>` : nothing} · ${when(post.createdAt)}
        ${post.status !== 'visible' ? html`<span class="chip warn">${post.status}</span>` : nothing}
        ${thread.acceptedPostId === post.id ? html`<span class="chip">accepted answer</span>` : nothing}
        ${reports.length ? html`<span class="chip bad">${reports.length} report(s): ${reports.map((r) => r.reason).join('; ')}</span>` : nothing}
      </div>
      <div class="body">${post.source}</div>
      <div class="actions">
        ${post.status === 'visible' && !post.root ? html`<button type="button" @click=${() => this.postAction(post, 'hide')}>Hide</button>` : nothing}
        ${post.status === 'hidden' && !post.root ? html`<button type="button" @click=${() => this.postAction(post, 'restore')}>Restore</button>` : nothing}
        ${
          post.status === 'pending'
            ? html`<button type="button" @click=${() => this.postAction(post, 'approve')}>Approve</button>
              <button type="button" @click=${() => this.postAction(post, 'reject')}>Reject</button>`
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

  private accept(thread: ThreadView, postId: string): Promise<void> {
    return this.act('Answer accepted.', () =>
      this.request({ type: 'staff.thread.accept', key: newKey(), threadId: thread.id, postId }),
    );
  }

  private onMove(event: Event): Promise<void> {
    const aside = (event.currentTarget as Element).closest('aside');
    const board = aside?.querySelector<HTMLInputElement>('input[name=board]')?.value.trim();
    const thread = this.open?.thread;
    if (!thread || !board) {
      this.notice = { text: 'Enter the board to move the thread to.' };
      return Promise.resolve();
    }
    const reason = this.reasonIn(aside ?? null);
    return this.act(`Moved to ${board}.`, () =>
      this.request({
        type: 'staff.thread.move',
        key: newKey(),
        threadId: thread.id,
        board,
        ...(reason ? { reason } : {}),
      }),
    );
  }

  private onTyping(): void {
    const thread = this.open?.thread;
    if (!thread || Date.now() - this.lastTyping < 2500) return;
    this.lastTyping = Date.now();
    void this.connection?.request({ type: 'staff.typing', threadId: thread.id }).catch(() => {});
  }

  private async onAnswer(event: Event): Promise<void> {
    const aside = (event.currentTarget as Element).closest('aside');
    const area = aside?.querySelector<HTMLTextAreaElement>('textarea[name=answer]');
    const body = area?.value.trim();
    const thread = this.open?.thread;
    if (!thread || !body || !area) return;
    await this.act('Answer posted.', async () => {
      await this.request({ type: 'post.create', key: newKey(), threadId: thread.id, body });
      area.value = '';
    });
  }

  // ---- members, audit, settings, staff --------------------------------------------------------

  private renderMembers(): TemplateResult {
    return html`<section class="list" aria-label="Members">
      <h2>Members
        <input type="search" placeholder="Name or email" aria-label="Search members" .value=${this.memberQuery}
          @change=${(e: Event) => {
            this.memberQuery = (e.target as HTMLInputElement).value;
            void this.loadTab();
          }} />
      </h2>
      <table>
        <thead><tr><th>Member</th><th>Role</th><th>Ban</th><th>Actions</th></tr></thead>
        <tbody>
          ${this.members.map(
            (m) => html`<tr>
              <td><bdi>${m.name}</bdi><div class="meta">${m.email ?? (m.guest ? 'guest' : m.via)}</div></td>
              <td>${
                this.isOwner && m.id !== this.session?.me.id
                  ? html`<select aria-label="Role of ${m.name}" @change=${(e: Event) => this.changeRole(m, (e.target as HTMLSelectElement).value as 'customer' | 'staff' | 'owner')}>
                    ${(['customer', 'staff', 'owner'] as const).map((r) => html`<option value=${r} ?selected=${m.role === r}>${r}</option>`)}
                  </select>`
                  : m.role
              }</td>
              <td>${m.bannedUntil ? (m.bannedForGood ? 'banned for good' : `until ${when(m.bannedUntil)}`) : '—'}</td>
              <td><div class="actions">
                ${
                  m.role === 'customer'
                    ? m.bannedUntil
                      ? html`<button type="button" @click=${() => this.act('Ban lifted.', () => this.request({ type: 'staff.member.unban', key: newKey(), memberId: m.id }))}>Lift ban</button>`
                      : html`${this.banSelect()}<button type="button" class="danger" @click=${(e: Event) => this.ban(e, m)}>Ban</button>`
                    : nothing
                }
              </div></td>
            </tr>`,
          )}
        </tbody>
      </table>
    </section>`;
  }

  private ban(event: Event, member: StaffMemberView): Promise<void> {
    const days = this.banDays((event.currentTarget as Element).closest('td'));
    return this.act(`${member.name} is banned.`, () =>
      this.request({ type: 'staff.member.ban', key: newKey(), memberId: member.id, days }),
    );
  }

  private changeRole(member: StaffMemberView, role: 'customer' | 'staff' | 'owner'): Promise<void> {
    return this.act(`${member.name} is now ${role}.`, () =>
      this.request({ type: 'staff.member.role', key: newKey(), memberId: member.id, role }),
    );
  }

  private renderAudit(): TemplateResult {
    return html`<section class="list" aria-label="Audit log">
      <h2>Audit log</h2>
      ${
        this.audit.length === 0
          ? html`<p class="empty">No moderation actions yet.</p>`
          : html`<table>
        <thead><tr><th>When</th><th>Who</th><th>What</th><th>Target</th><th>Reason</th></tr></thead>
        <tbody>
          ${this.audit.map(
            (e) => html`<tr>
              <td>${when(e.createdAt)}</td><td><bdi>${e.actor.name}</bdi></td><td>${e.action}</td>
              <td>${e.target.type}: ${e.target.label}</td><td>${e.reason ?? ''}</td>
            </tr>`,
          )}
        </tbody>
      </table>`
      }
    </section>`;
  }

  private renderSettings(): TemplateResult {
    const s = this.settings;
    if (!s) return html`<section class="list"><p class="empty">Loading…</p></section>`;
    return html`<section class="list card" aria-label="Site settings">
      <h2>Site settings</h2>
      <form class="settings" @submit=${this.onSaveSettings}>
        <label>Allowed origins (one per line: the brand pages that may embed the board)
          <textarea name="origins">${s.allowedOrigins.join('\n')}</textarea>
        </label>
        <label class="inline"><input type="checkbox" name="guests" ?checked=${s.guestsAllowed} /> Guests may post with a display name</label>
        <label class="inline"><input type="checkbox" name="premoderate" ?checked=${s.premoderateFirstPosts} /> Hold first posts of new members for review</label>
        ${renderPolicyFields(s.policy)}
        <div class="actions"><button class="primary" type="submit">Save settings</button></div>
        <div>
          <strong>Embed snippet</strong>
          <pre>${s.embedSnippet}</pre>
          <div class="actions"><button type="button" @click=${() => this.copy(s.embedSnippet)}>Copy snippet</button> <span class="meta">Set data-board to the product or page the board belongs to.</span></div>
        </div>
        <div>
          <strong>SSO secret</strong>
          <p class="meta">Your backend signs members' SSO tokens with it. Rotating it stops old tokens at once.</p>
          ${this.secretShown ? html`<pre>${this.secretShown}</pre><p class="meta">Shown once: copy it to your backend now.</p>` : nothing}
          <div class="actions"><button type="button" class="danger" @click=${this.onRotate}>Rotate SSO secret</button></div>
        </div>
      </form>
    </section>`;
  }

  private async copy(text: string): Promise<void> {
    await navigator.clipboard?.writeText(text).catch(() => {});
    this.notice = { text: 'Copied.', ok: true };
  }

  private onSaveSettings(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    const allowedOrigins = String(data.get('origins') ?? '')
      .split(/\s+/)
      .map((o) => o.trim())
      .filter(Boolean);
    return this.act('Settings saved.', async () => {
      this.settings = await this.request({
        type: 'staff.settings.update',
        key: newKey(),
        allowedOrigins,
        guestsAllowed: data.get('guests') === 'on',
        premoderateFirstPosts: data.get('premoderate') === 'on',
        policy: readPolicyFields(data, data.get('premoderate') === 'on'),
      });
    });
  }

  private onRotate(): Promise<void> {
    return this.act('SSO secret rotated.', async () => {
      this.secretShown = (await this.request({ type: 'staff.sso.rotate', key: newKey() })).ssoSecret;
    });
  }

  private renderStaff(): TemplateResult {
    return html`<section class="list card" aria-label="Staff accounts">
      <h2>Staff accounts</h2>
      <table>
        <thead><tr><th>Name</th><th>Email</th><th>Role</th><th></th></tr></thead>
        <tbody>
          ${this.accounts.map(
            (a) => html`<tr><td><bdi>${a.name}</bdi></td><td>${a.email ?? `(${a.via})`}</td><td>${a.role}</td>
              <td>${a.id === this.session?.me.id ? nothing : html`<button type="button" class="danger" @click=${() => this.act(`${a.name} was removed from staff.`, () => this.request({ type: 'staff.account.remove', key: newKey(), memberId: a.id }))}>Remove</button>`}</td></tr>`,
          )}
        </tbody>
      </table>
      <form class="settings" @submit=${this.onAddStaff}>
        <strong>Add a staff member</strong>
        <label>Email <input name="email" type="email" required /></label>
        <label>Name <input name="name" required minlength="2" maxlength="40" /></label>
        <label>Role <select name="role"><option value="staff">staff</option><option value="owner">owner</option></select></label>
        <div class="actions"><button class="primary" type="submit">Add</button></div>
        ${this.secretShown ? html`<p>Their password (shown once; send it to them safely):</p><pre>${this.secretShown}</pre>` : nothing}
      </form>
    </section>`;
  }

  private onAddStaff(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const data = new FormData(form);
    return this.act('Staff member added.', async () => {
      const added = await this.request({
        type: 'staff.account.add',
        key: newKey(),
        email: String(data.get('email')),
        name: String(data.get('name')),
        role: data.get('role') === 'owner' ? 'owner' : 'staff',
      });
      this.secretShown = added.password;
      form.reset();
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'booth-moderate': BoothModerate;
  }
}

/** Words for the reasons whose stored detail does not say it alone (`first_post` and `reports` do). */
const HOLD_REASONS: Record<string, string> = {
  links: 'too many links for a new member',
  blocked_word: 'blocked word',
  blocked_domain: 'blocked link domain',
};

/** Why a post was held, from the stored `reason: detail`. */
function holdReasonText(stored: string): string {
  const at = stored.indexOf(': ');
  if (at < 0) return stored;
  const words = HOLD_REASONS[stored.slice(0, at)];
  const detail = stored.slice(at + 2);
  return words ? `${words} (${detail})` : detail;
}
