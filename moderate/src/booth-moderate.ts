import {
  type ClientMessageType,
  DEFAULT_LANGUAGE,
  LANGUAGES,
  type Language,
  type PendingPost,
  type ReportedPost,
  type ResultOf,
  type StaffMemberView,
  type StaffSessionView,
  type UnansweredOrder,
  type UnansweredThread,
} from '@booth/shared';
import { type Request, RequestError } from '@booth/shared/client';
import { html, LitElement, nothing, type TemplateResult } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { saveLanguage } from './api.js';
import { SessionController } from './controllers/session-controller.js';
import { StaffConnectionController } from './controllers/staff-connection.js';
import type { ModerationDesk } from './desk.js';
import { errorText } from './i18n/error-text.js';
import {
  LANGUAGE_NAMES,
  loadStrings,
  pickedLanguage,
  rememberLanguage,
  richText,
  type Strings,
  startingLanguage,
  type Wording,
} from './i18n/strings.js';
import { allowedTab, endsSession, failureOutcome, queueCounts, type Tab, visibleTabs } from './state/desk-state.js';
import { typedCode } from './state/sign-in-state.js';
import { appStyles } from './styles.js';
import './tabs/account-tab.js';
import './tabs/api-keys-tab.js';
import './tabs/audit-tab.js';
import './tabs/insights-view.js';
import './tabs/install-tab.js';
import './tabs/members-tab.js';
import './tabs/pending-tab.js';
import './tabs/recheck-tab.js';
import './tabs/faq-tab.js';
import './tabs/reports-tab.js';
import './tabs/settings-tab.js';
import './tabs/staff-tab.js';
import './tabs/threads-tab.js';
import './tabs/unanswered-tab.js';
import './tabs/webhook-log.js';
import './views/thread-panel.js';
import type { OpenThread } from './views/thread-panel.js';

/** Events arriving closer together than this cause one refresh. */
const REFRESH_DEBOUNCE_MS = 150;
/** Typing notices go out at most this often. */
const TYPING_INTERVAL_MS = 2500;
/** The waiting times in the queues are brought up to date this often. */
const CLOCK_TICK_MS = 30_000;

/**
 * The moderation view's shell: staff sign in, then work the tabs (one element each under
 * `tabs/`) and the thread side panel. It owns the session and the connection (controllers),
 * the three queues whose counts show on the tab bar, and the notice line.
 * Everything after sign-in goes over the same WebSocket protocol as the widget, live.
 */
@customElement('booth-moderate')
export class BoothModerate extends LitElement implements ModerationDesk {
  static override styles = appStyles;

  @state() private notice: { say: Wording; ok?: boolean } | null = null;
  /** The staff member's language, once its catalog is loaded; nothing shows before. */
  @state() private strings: Strings | null = null;
  /** The language last asked for, while its catalog loads. */
  private wantedLanguage: Language | null = null;
  @state() private tab: Tab = 'unanswered';
  @state() private unanswered: UnansweredThread[] = [];
  /** The order staff chose for the unanswered queue. */
  @state() unansweredOrder: UnansweredOrder = 'oldest';
  @state() private reports: ReportedPost[] = [];
  @state() private pending: PendingPost[] = [];
  @state() private open: OpenThread | null = null;
  @state() private now = Date.now();
  @state() private busy = false;
  /** Goes up after every refresh; the open tab reloads its own data. */
  @state() private revision = 0;

  private readonly session = new SessionController(this, {
    started: (session) => {
      this.tab = allowedTab(this.tab, session.me.role === 'owner');
      this.live.start(session.site.key);
      this.followAccountLanguage(session);
    },
    ended: (say) => {
      this.live.stop();
      this.open = null;
      this.notice = { say };
    },
    notify: (say, ok) => {
      this.notice = say === null ? null : { say, ...(ok ? { ok } : {}) };
    },
  });

  private readonly live = new StaffConnectionController(this, {
    onLive: () => void this.refresh().catch(() => {}),
    language: () => this.wantedLanguage,
    onChange: () => this.scheduleRefresh(),
    onDrop: () => void this.session.confirm().catch(() => {}),
  });

  private refreshTimer: ReturnType<typeof setTimeout> | null = null;
  private clock: ReturnType<typeof setInterval> | null = null;
  private lastTyping = 0;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.useLanguage(startingLanguage());
    this.clock = setInterval(() => {
      this.now = Date.now();
    }, CLOCK_TICK_MS);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this.clock) clearInterval(this.clock);
  }

  /** Loads the catalog of `language` and shows the view in it, right to left for Arabic. */
  private async useLanguage(language: Language): Promise<void> {
    this.wantedLanguage = language;
    let strings: Strings;
    try {
      strings = await loadStrings(language);
    } catch (error) {
      // The catalog could not be fetched (offline, or a newer release replaced its file): keep the
      // words already shown, saying why, or start in English.
      if (this.strings) this.notice = { say: (s) => errorText(s, error) };
      else if (language !== DEFAULT_LANGUAGE) await this.useLanguage(DEFAULT_LANGUAGE);
      return;
    }
    // A later pick wins over a catalog that arrived late.
    if (this.wantedLanguage !== language) return;
    this.strings = strings;
    document.documentElement.lang = language;
    document.documentElement.dir = strings.dir;
    document.title = strings.t('app.title');
  }

  private _onLanguage(event: Event): void {
    const language = LANGUAGES.find((l) => l === (event.target as HTMLSelectElement).value);
    if (!language) return;
    rememberLanguage(language);
    void this.useLanguage(language);
    if (this.session.session) this.keepLanguage(language);
  }

  /**
   * After sign-in, the language kept with the account wins (it was picked on some browser);
   * an account without one takes the language picked on this browser, if any.
   */
  private followAccountLanguage(session: StaffSessionView): void {
    if (session.language) {
      rememberLanguage(session.language);
      if (session.language !== this.strings?.language) void this.useLanguage(session.language);
      return;
    }
    const picked = pickedLanguage();
    if (picked) this.keepLanguage(picked);
  }

  /** Keeps the picked language with the signed-in account, so other browsers start in it. */
  private keepLanguage(language: Language): void {
    const csrfToken = this.csrfToken;
    void saveLanguage(csrfToken, language)
      .then(() => this.session.setLanguage(language))
      .catch((error: unknown) => this.refused(error));
  }

  // ---- the desk: what tabs may ask of the shell ----------------------------------------------

  get me(): StaffMemberView {
    const session = this.session.session;
    if (!session) throw new Error('signed out');
    return session.me;
  }

  get isOwner(): boolean {
    return this.session.session?.me.role === 'owner';
  }

  get csrfToken(): string {
    return this.session.session?.csrfToken ?? '';
  }

  get twoFactor(): boolean {
    return this.session.session?.twoFactor ?? false;
  }

  setTwoFactor(on: boolean): void {
    this.session.setTwoFactor(on);
  }

  endSession(text: string): void {
    this.session.end(() => text);
  }

  async request<T extends ClientMessageType>(message: Request<T>): Promise<ResultOf<T>> {
    const connection = this.live.connection;
    if (!connection) {
      throw new RequestError({ code: 'unavailable', message: this.strings?.t('app.notConnected') ?? '' });
    }
    try {
      return await connection.request(message);
    } catch (error) {
      this.refused(error);
      throw error;
    }
  }

  async act(label: string, run: () => Promise<unknown>): Promise<void> {
    this.busy = true;
    try {
      await run();
      this.notice = { say: () => label, ok: true };
      await this.refresh();
    } catch {
      // The notice already says why.
    } finally {
      this.busy = false;
    }
  }

  orderUnanswered(order: UnansweredOrder): void {
    this.unansweredOrder = order;
    void this.request({ type: 'staff.unanswered', order })
      .then((queue) => {
        if (this.unansweredOrder === order) this.unanswered = queue.threads;
      })
      .catch(() => {});
  }

  openThread(threadId: string): void {
    void this.loadThread(threadId);
  }

  closeThread(): void {
    this.open = null;
  }

  typing(threadId: string): void {
    if (Date.now() - this.lastTyping < TYPING_INTERVAL_MS) return;
    this.lastTyping = Date.now();
    void this.live.connection?.request({ type: 'staff.typing', threadId }).catch(() => {});
  }

  notify(text: string, ok?: boolean): void {
    this.notice = { say: () => text, ...(ok ? { ok } : {}) };
  }

  /** Shows a refusal in the staff member's language, or ends the session it says has ended. */
  private refused(error: unknown): void {
    const say: Wording = (strings) => failureOutcome(error, strings).text;
    if (endsSession(error)) this.session.end(say);
    else this.notice = { say };
  }

  // ---- loading ---------------------------------------------------------------------------------

  private scheduleRefresh(): void {
    if (this.refreshTimer) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = null;
      void this.refresh().catch(() => {});
    }, REFRESH_DEBOUNCE_MS);
  }

  /** Reloads the queue counts, then the open tab (through `revision`) and the open thread. */
  private async refresh(): Promise<void> {
    if (!this.live.connection) return;
    const [unanswered, reports, pending] = await Promise.all([
      this.request({ type: 'staff.unanswered', order: this.unansweredOrder }),
      this.request({ type: 'staff.reports' }),
      this.request({ type: 'staff.pending' }),
    ]);
    this.unanswered = unanswered.threads;
    this.reports = reports.items;
    this.pending = pending.items;
    this.revision += 1;
    if (this.open) await this.loadThread(this.open.thread.id);
  }

  private async loadThread(threadId: string): Promise<void> {
    try {
      this.open = await this.request({ type: 'staff.thread.open', threadId });
    } catch (error) {
      if (error instanceof RequestError && error.code === 'not_found') this.open = null;
    }
  }

  // ---- rendering -------------------------------------------------------------------------------

  private async _onSignIn(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const data = new FormData(event.currentTarget as HTMLFormElement);
    const askedForCode = this.session.form.codeNeeded;
    await this.session.signIn({
      email: String(data.get('email')),
      password: String(data.get('password')),
      site: String(data.get('site') ?? '') || undefined,
      code: typedCode(data.get('code')),
    });
    // The code field just appeared: that is where the staff member types next.
    if (!askedForCode && this.session.form.codeNeeded) {
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLInputElement>('input[name="code"]')?.focus();
    }
  }

  private renderLogin(strings: Strings): TemplateResult {
    const { codeNeeded, error } = this.session.form;
    const t = strings.t;
    return html`
      ${this.renderNotice(strings)}
      <form class="login card" @submit=${this._onSignIn} aria-label=${t('login.label')}>
        <h1>${t('login.title')}</h1>
        ${this.renderLanguagePicker(strings)}
        <p class="meta">${t('login.intro')}</p>
        <label>${t('login.email')} <input name="email" type="email" autocomplete="username" required /></label>
        <label>${t('login.password')} <input name="password" type="password" autocomplete="current-password" required /></label>
        ${
          codeNeeded
            ? html`<label
                >${t('login.code')}
                <input
                  name="code"
                  autocomplete="one-time-code"
                  spellcheck="false"
                  autocapitalize="off"
                  required
                  maxlength="20"
                  aria-describedby="code-hint"
                  aria-invalid=${error ? 'true' : 'false'}
                />
              </label>
              <p class="meta" id="code-hint">${t('login.codeHint')}</p>`
            : nothing
        }
        <details>
          <summary class="meta">${t('login.severalSites')}</summary>
          <label>${t('login.siteKey')} <input name="site" autocomplete="off" /></label>
        </details>
        <div class="error" role="alert">${error ? errorText(strings, error) : nothing}</div>
        <button class="primary" type="submit" ?disabled=${this.session.signingIn}>${t('login.submit')}</button>
      </form>
    `;
  }

  /** The language select: each language by its own name, the staff member's choice remembered. */
  private renderLanguagePicker(strings: Strings): TemplateResult {
    return html`<label class="inline language"
      >${strings.t('language.label')}
      <select @change=${this._onLanguage}>
        ${LANGUAGES.map(
          (language) =>
            html`<option value=${language} lang=${language} ?selected=${language === strings.language}>${LANGUAGE_NAMES[language]}</option>`,
        )}
      </select></label
    >`;
  }

  private renderNotice(strings: Strings): TemplateResult | typeof nothing {
    if (!this.notice) return nothing;
    return html`<div class="notice ${this.notice.ok ? 'ok' : ''}" role=${this.notice.ok ? 'status' : 'alert'}>${this.notice.say(strings)}</div>`;
  }

  override render(): TemplateResult | typeof nothing {
    const strings = this.strings;
    if (!strings) return nothing;
    const t = strings.t;
    if (this.session.checking) return html`<p class="empty">${t('app.loading')}</p>`;
    const session = this.session.session;
    if (!session) return this.renderLogin(strings);
    const counts: Partial<Record<Tab, number>> = queueCounts({
      unanswered: this.unanswered,
      reports: this.reports,
      pending: this.pending,
    });
    return html`
      <header class="top">
        <span class="brand">${t('header.brand', { site: session.site.name })}</span>
        <span class="online">${this.live.live ? t('header.live', { count: this.live.staffOnline }) : t('header.connecting')}</span>
        <span class="spacer"></span>
        ${this.renderLanguagePicker(strings)}
        <span>${richText(strings, 'header.me', { name: html`<bdi>${session.me.name}</bdi>` }, { role: t(`role.${session.me.role}`) })}</span>
        <button type="button" @click=${() => this.session.signOut()}>${t('header.signOut')}</button>
      </header>
      <nav aria-label=${t('nav.label')}>
        ${visibleTabs(this.isOwner).map(
          (tab) => html`<button
            type="button"
            aria-current=${this.tab === tab.id ? 'page' : 'false'}
            @click=${() => {
              this.tab = tab.id;
            }}
          >
            ${t(tab.label)}
            ${counts[tab.id] !== undefined ? html` <span class="badge ${counts[tab.id] ? 'hot' : ''}">${strings.number(counts[tab.id] ?? 0)}</span>` : nothing}
          </button>`,
        )}
      </nav>
      ${this.renderNotice(strings)}
      <main class=${this.open ? 'with-panel' : ''}>
        ${this.renderTab(strings)}
        ${this.open ? html`<booth-thread-panel .desk=${this as ModerationDesk} .strings=${strings} .open=${this.open} ?busy=${this.busy}></booth-thread-panel>` : nothing}
      </main>
    `;
  }

  /** The open tab's element; each gets the desk and the shell's shared state. */
  private renderTab(strings: Strings): TemplateResult {
    const openId = this.open?.thread.id ?? null;
    switch (this.tab) {
      case 'unanswered':
        return html`<booth-unanswered-tab .desk=${this} .strings=${strings} .items=${this.unanswered} .order=${this.unansweredOrder} .openThreadId=${openId} .now=${this.now}></booth-unanswered-tab>`;
      case 'reports':
        return html`<booth-reports-tab .desk=${this} .strings=${strings} .items=${this.reports} ?busy=${this.busy}></booth-reports-tab>`;
      case 'pending':
        return html`<booth-pending-tab .desk=${this} .strings=${strings} .items=${this.pending} ?busy=${this.busy}></booth-pending-tab>`;
      case 'threads':
        return html`<booth-threads-tab .desk=${this} .strings=${strings} .revision=${this.revision} .openThreadId=${openId}></booth-threads-tab>`;
      case 'recheck':
        return html`<booth-recheck-tab .desk=${this} .strings=${strings} .revision=${this.revision} .openThreadId=${openId} ?busy=${this.busy}></booth-recheck-tab>`;
      case 'faq':
        return html`<booth-faq-tab .desk=${this} .strings=${strings} .revision=${this.revision} ?busy=${this.busy}></booth-faq-tab>`;
      case 'members':
        return html`<booth-members-tab .desk=${this} .strings=${strings} .revision=${this.revision}></booth-members-tab>`;
      case 'audit':
        return html`<booth-audit-tab .desk=${this} .strings=${strings} .revision=${this.revision}></booth-audit-tab>`;
      case 'insights':
        return html`<booth-insights .strings=${strings} .connection=${this.live.connection}></booth-insights>`;
      case 'webhooks':
        return html`<booth-webhook-log .strings=${strings} .connection=${this.live.connection}></booth-webhook-log>`;
      case 'settings':
        return html`<booth-settings-tab .desk=${this} .strings=${strings} .revision=${this.revision}></booth-settings-tab>`;
      case 'install':
        return html`<booth-install-tab .desk=${this} .strings=${strings} .revision=${this.revision} ?busy=${this.busy}></booth-install-tab>`;
      case 'apikeys':
        return html`<booth-api-keys-tab .desk=${this} .strings=${strings} .revision=${this.revision} ?busy=${this.busy}></booth-api-keys-tab>`;
      case 'staff':
        return html`<booth-staff-tab .desk=${this} .strings=${strings} .revision=${this.revision} ?busy=${this.busy}></booth-staff-tab>`;
      case 'account':
        return html`<booth-account-tab .desk=${this} .strings=${strings} .twoFactor=${this.twoFactor}></booth-account-tab>`;
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'booth-moderate': BoothModerate;
  }
}
