import { type BoardListing, boardFeedPath, type Language, type ThreadKind } from '@booth/shared';
import { describeError } from '@booth/shared/client';
import {
  type CSSResult,
  html,
  LitElement,
  nothing,
  type PropertyDeclarations,
  type PropertyValues,
  type TemplateResult,
} from 'lit';
import { BoardController } from './board-controller.js';
import { Clock } from './clock.js';
import type * as HostHistoryModule from './host-history.js';
import { type DeepLinkMode, deepLinkMode } from './host-url.js';
import { boardLanguage } from './i18n/language.js';
import { loadListTranslator, loadTranslator, type WidgetKey, type WidgetTranslator } from './i18n/translator.js';
import { adoptLateStyles } from './late-styles.js';
import { listingFromHost } from './listing-url.js';
import { OnDemand } from './on-demand.js';
import { baseStyles } from './styles/base.js';
import { headerStyles } from './styles/header.js';
import { listStyles } from './styles/list.js';
import type { ThreadNavigation } from './thread-navigation.js';
import type { AnswerBadgeLine } from './views/answer-badge.js';
import type { Bell } from './views/bell.js';
import type { BoardForms, BoardFormsHost } from './views/board-forms.js';
import { type BellTemplates, boardHeader } from './views/board-header.js';
import type { FaqPanel } from './views/faq-panel.js';
import type * as ListingControls from './views/listing-controls.js';
import type { SearchPanel } from './views/search-panel.js';
import { loadingRows, threadList } from './views/thread-list.js';
import type { ThreadPanel } from './views/thread-panel.js';

type HostHistory = typeof HostHistoryModule;

export type { ThreadChangeDetail } from './views/thread-panel.js';

/** The header without a bell: a guest or reader, or a member whose bell is still loading. */
const NO_BELL: BellTemplates = { button: nothing, list: nothing };

/** Shown in place of a part of the board whose chunk is still loading. */
const loading = (tr: WidgetTranslator) => html`<p class="notice" role="status">${tr.t('common.loading')}</p>`;

/** Where embed.js was loaded from: the server a board talks to unless told otherwise. */
let defaultServer = '';
/** The embed script's `data-lang`: the language of boards whose element names none. */
let scriptLanguage = '';

/**
 * A Booth board: the questions and discussions of one board of a site, live. Visitors read,
 * search, ask, discuss, reply, vote, accept answers and report posts; the host page signs its
 * user in by setting `ssoToken`. Only this element is defined on the page: the list, thread and
 * forms inside it are templates and small state holders, not elements of their own, so nothing
 * else enters the page's custom element registry.
 *
 * The board speaks the language of its `lang` attribute, else of the embed script's `data-lang`,
 * else of the host page's `<html lang>`, else the browser's; Arabic lays out right to left. It
 * shows a blank frame until that language's words have loaded, never untranslated keys.
 *
 * @fires booth-thread-change - The viewer opened a thread or went back to the list (`detail.threadId`).
 * @fires booth-auth-required - The viewer tried to write on a site that only lets signed-in members post;
 *   the host page should offer its sign-in and then set `ssoToken`.
 *
 * @csspart board - The outer frame.
 * @csspart header - The top bar with the ask buttons, who is posting and the connection status.
 * @csspart status - The connection status ("Live", "Reconnecting…").
 * @csspart staff-online - The "Staff online" label, while staff have the moderation view open.
 * @csspart bell - The bell of a signed-in member: unread answers and replies in the threads they follow.
 * @csspart bell-list - The list of those threads, while the bell is open.
 * @csspart search - The search form; `search-summary` is the line above the results.
 * @csspart listing - The list's sort and filter controls; each of their selects is also `select`.
 * @csspart suggestions - Similar questions offered under the title of a new question.
 * @csspart thread-list - The list of threads.
 * @csspart thread-item - One row of the list.
 * @csspart empty - The message shown when the board has no threads.
 * @csspart feed-link - The link to the board's Atom feed, under the list.
 * @csspart thread - The open thread.
 * @csspart staff-typing - "Staff is typing…" in the open thread.
 * @csspart held-notice - Tells authors their post waits for review (pre-moderation).
 * @csspart back-button - The button back to the list.
 * @csspart share-button - Shares the open thread's link (the browser's share sheet, else copies it).
 * @csspart post - A post (the opening post or a reply).
 * @csspart post-accepted - The accepted answer.
 * @csspart accepted-label - The "Accepted answer" label.
 * @csspart post-body - The rendered text of a post.
 * @csspart vote-button - The up and down vote buttons.
 * @csspart accept-button - The accept / unaccept button.
 * @csspart badge - Every small label; also `badge-answered`, `badge-unanswered`, `badge-staff-replied`,
 *   `badge-held` (the viewer's own thread, waiting for review), `badge-out-of-date` (an accepted answer
 *   given before the board's latest product release).
 * @csspart staff-badge - The "Staff" label next to staff and owners.
 * @csspart form - Every form.
 * @csspart input - Single-line fields.
 * @csspart textarea - Text areas.
 * @csspart button - Buttons; `button-primary` for the main action of a form.
 *
 * @cssprop --booth-accent - Brand color of buttons, links, focus rings and staff marks. Default #2563eb.
 * @cssprop --booth-accent-text - Text on the accent color. Default #fff.
 * @cssprop --booth-radius - Corner radius. Default 10px.
 * @cssprop --booth-font - Font family. Default: inherited from the page.
 * @cssprop --booth-font-size - Base font size. Default 1rem.
 * @cssprop --booth-bg - Background. Default #fff.
 * @cssprop --booth-surface - Background of the header, the opening post and quiet areas. Default #f6f7f9.
 * @cssprop --booth-text - Text color. Default #1c2024.
 * @cssprop --booth-muted - Secondary text. Default #5e6470.
 * @cssprop --booth-border - Borders. Default #e2e4e9.
 * @cssprop --booth-success - Answered and accepted marks. Default #18794e.
 * @cssprop --booth-warning - Unanswered and reconnecting marks. Default #a35200.
 * @cssprop --booth-danger - Errors and delete. Default #c62a2f.
 */
export class BoothBoard extends LitElement implements BoardFormsHost {
  static override styles = [baseStyles, headerStyles, listStyles];

  // Lit's reactive properties, declared here rather than with its decorators, which would add
  // their code and TypeScript's decorator helper to the first load for nine fields.
  static override properties: PropertyDeclarations = {
    site: {},
    board: {},
    server: {},
    ssoToken: { attribute: 'sso-token' },
    lang: {},
    deepLink: { attribute: 'deep-link' },
    _tr: { state: true },
    _notice: { state: true },
  };

  /** Public key of the site, as in the embed's `data-site`. */
  site = '';

  /** Slug of the board, as in the embed's `data-board`, e.g. `product-42`. */
  board = '';

  /** Base URL of the Booth server. Empty: the origin embed.js was loaded from. */
  server = '';

  /** SSO token of the host page's signed-in user; empty when signed out. Changing it identifies again. */
  ssoToken = '';

  /** The board's language as a BCP 47 tag, e.g. `de` or `pt-BR`; empty: the page's or the browser's. */
  override lang = '';

  /** The words of the board's language, once loaded. */
  private _tr: WidgetTranslator | null = null;
  /** The language being shown or loaded. */
  private _language: Language | null = null;
  /** Every word of that language (English when its own cannot be fetched), shown by the board once in. */
  private _everyWord: Promise<WidgetTranslator> | null = null;

  /**
   * Where the open thread shows in the page's address, as the embed's `data-deep-link` says:
   * `hash` (default, `#booth-thread=ID`), `query` (`?booth-thread=ID`) or `off`.
   */
  deepLink = 'hash';

  /** A problem with the last list action (opening a thread, loading more, signing in to post). */
  private _notice = '';

  private readonly _clock = new Clock(this);
  private readonly _ctl = new BoardController(
    this,
    () => ({ site: this.site, board: this.board, server: this._server(), ssoToken: this.ssoToken }),
    { translator: () => this._tr, everyWord: () => this._everyWord ?? loadTranslator('en') },
  );
  /** What writes the page's address (the open thread, the list's order), from its own chunk: fetched once the list shows. */
  private readonly _address = new OnDemand<HostHistory>(this, () => import('./host-history.js'));
  /** The open thread's view, from its own chunk: fetched once the list shows, so opening a thread seldom waits. */
  private readonly _thread = new OnDemand<ThreadPanel>(
    this,
    this._withWords(() =>
      Promise.all([
        import('./views/thread-panel.js'),
        import('./structured-data.js'),
        import('./thread-navigation.js'),
        this._address.load(),
      ]).then(
        ([{ ThreadPanel, threadStyles, formStyles }, { StructuredDataController }, { ThreadNavigation }, address]) => {
          this.adoptStyles(formStyles);
          this.adoptStyles(threadStyles);
          // The open thread's schema.org data, in the page for search engines; only a thread has any.
          new StructuredDataController(
            this,
            () => this._ctl.thread,
            // In the query, whatever the board's style (the board reads both): search engines drop fragments.
            (threadId, postId) => address.threadLink(threadId, postId, 'query'),
          );
          const panel = new ThreadPanel(this, this._ctl);
          this._nav = new ThreadNavigation(this, this._ctl, panel, address);
          if (this.isConnected) this._nav.connect();
          return panel;
        },
      ),
    ),
  );
  /** Search and similar questions, from their own chunk: loaded when the search field or a question form is used. */
  private readonly _search = new OnDemand<SearchPanel>(
    this,
    this._withWords(() =>
      import('./views/search-panel.js').then(({ SearchPanel, searchStyles }) => {
        this.adoptStyles(searchStyles);
        return new SearchPanel(this, this._ctl);
      }),
    ),
  );
  /** The site's answer badge, from its own chunk: loaded only on sites that show it, once the board is in. */
  private readonly _badge = new OnDemand<AnswerBadgeLine>(
    this,
    this._withWords(() =>
      import('./views/answer-badge.js').then(({ AnswerBadgeLine, badgeStyles }) => {
        this.adoptStyles(badgeStyles);
        return new AnswerBadgeLine(this, this._ctl);
      }),
    ),
  );
  /** The FAQ built from answers, from its own chunk: loaded when a visitor opens it. */
  private readonly _faq = new OnDemand<FaqPanel>(
    this,
    this._withWords(() =>
      import('./views/faq-panel.js').then(({ FaqPanel, faqStyles }) => {
        this.adoptStyles(faqStyles);
        return new FaqPanel(this, this._ctl);
      }),
    ),
  );
  /** The sort and filter controls, from their own chunk: loaded once the board's first page is in. */
  private readonly _listing = new OnDemand<typeof ListingControls>(
    this,
    this._withWords(() =>
      import('./views/listing-controls.js').then((chunk) => {
        adoptLateStyles(this, chunk.listingStyles);
        return chunk;
      }),
    ),
  );
  /**
   * The ask and discuss forms and the guest's name form, from their own chunk (with the drafts,
   * field checks, picture picker and form styles): fetched once the list shows, so a form opens at once.
   */
  private readonly _forms = new OnDemand<BoardForms>(
    this,
    this._withWords(() =>
      import('./views/board-forms.js').then(({ BoardForms, formStyles }) => {
        this.adoptStyles(formStyles);
        return new BoardForms(this, this._ctl);
      }),
    ),
  );

  /** The bell of a signed-in member, from its own chunk: loaded once the server sent their followed threads. */
  private readonly _bell = new OnDemand<Bell>(
    this,
    this._withWords(() => import('./views/bell.js').then(({ Bell }) => new Bell(this))),
  );

  /** Opens and closes threads and follows the page's address; it loads with the thread's view. */
  private _nav: ThreadNavigation | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    this._nav?.connect();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this._nav?.disconnect();
  }

  /**
   * The address of a thread (or a post in it) on this page, in the board's deep-link style. The
   * thread's view asks, and it loads with the part that writes addresses.
   */
  threadLink(threadId: string, postId: string | null = null): string {
    return this._address.value?.threadLink(threadId, postId, deepLinkMode(this.deepLink)) ?? '';
  }

  /** Writes the page's address: at once when its part is in (always, while a thread shows), else once it is. */
  private _toAddress(write: (address: HostHistory) => void): void {
    this._address.use(write, () => undefined);
  }

  constructor() {
    super();
    // The sort and filter a visitor chose are in the page's address, so a reload or a shared link keeps them.
    this._ctl.listing = listingFromHost();
  }

  addressMode(): DeepLinkMode {
    return deepLinkMode(this.deepLink);
  }

  setNotice(text: string): void {
    this._notice = text;
  }

  private _server(): string {
    return this.server || defaultServer || globalThis.location?.origin || '';
  }

  /** The thread the page's address names (`#booth-thread=ID`), opened once the board has loaded. */
  private _deepLinkDone = false;

  protected override updated(): void {
    if (this._ctl.loaded && !this._thread.value) this._thread.prefetch();
    if (this._ctl.loaded && !this._listing.value) this._listing.prefetch();
    if (this._ctl.loaded && !this._forms.value) this._forms.prefetch();
    if (this._ctl.loaded) this._ctl.prefetch();
    if (this._ctl.loaded && !this._address.value) this._address.prefetch();
    if (this._ctl.notices && !this._bell.value) this._bell.prefetch();
    if (this._ctl.loaded && this._ctl.site?.answerBadge && !this._badge.value) this._badge.prefetch();
    if (this._deepLinkDone || !this._ctl.loaded) return;
    this._deepLinkDone = true;
    this._thread.use(
      () => this._nav?.openLinked(),
      () => undefined,
    );
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('site') || changed.has('board') || changed.has('server')) this._ctl.configure();
    if (changed.has('ssoToken')) this._ctl.identityChanged();
    this._useLanguage(boardLanguage(this.lang, scriptLanguage));
  }

  /**
   * Loads the words of `language`: the list's first, which the board paints with, and every word
   * right after (the parts loaded on demand wait for those). The board keeps its current words
   * until the new ones arrive.
   */
  private _useLanguage(language: Language): void {
    if (language === this._language) return;
    this._language = language;
    loadListTranslator(language)
      .catch(() => loadListTranslator('en'))
      .then(
        (translator) => {
          // Every word may have come first (or these are the words shown already).
          if (this._language === language && this._tr?.language !== translator.language) this._tr = translator;
        },
        () => undefined,
      );
    const every = loadTranslator(language)
      .catch(() => loadTranslator('en'))
      .then((translator) => {
        if (this._language === language) this._tr = translator;
        return translator;
      });
    this._everyWord = every;
    every.catch(() => {
      // Offline: forget the attempt, so the next render (a reconnect renders) tries again.
      if (this._language === language) this._language = null;
    });
  }

  /** A loader of a part of the board that renders only once every word of its language is in. */
  private _withWords<T>(load: () => Promise<T>): () => Promise<T> {
    return () => Promise.all([load(), this._everyWord ?? loadTranslator('en')]).then(([part]) => part);
  }

  /** The text of `key` in the board's language ('' before its words have loaded). */
  t(key: WidgetKey, params?: Record<string, string | number>): string {
    return this._tr?.t(key, params) ?? '';
  }

  /** A failed request in words of the board's language ('' before its words have loaded). */
  describe(error: unknown): string {
    return this._tr ? describeError(error, this._tr) : '';
  }

  override render(): TemplateResult {
    const tr = this._tr;
    // No words yet: a blank frame of the board's size, never keys or English first.
    if (!tr) return html`<div class="board" part="board" aria-busy="true">${loadingRows()}</div>`;
    const ctl = this._ctl;
    const open = ctl.thread;
    const forms = this._forms.value;
    const onList = open === null && !forms?.compose;
    return html`
      <div class="board" part="board" lang=${tr.language} dir=${tr.dir}>
        ${boardHeader({
          tr,
          me: ctl.me,
          status: ctl.connection.status,
          staffOnline: ctl.staffOnline,
          notice: ctl.connection.notice,
          showActions: onList && ctl.boardError === null,
          onAsk: () => this._onStartThread('question'),
          onDiscuss: () => this._onStartThread('discussion'),
          ...(open ? { onBack: () => this._onBack() } : {}),
          query: this._search.value?.query ?? '',
          showSearch: onList && ctl.loaded,
          onSearchFocus: () => this._search.prefetch(),
          onSearch: (query) => this._withSearch((search) => search.onQuery(query)),
          listingControls:
            this._listing.value?.listingControls({
              tr,
              listing: ctl.listing,
              busy: ctl.listingChanging,
              onChange: (listing) => this._onListing(listing),
            }) ?? nothing,
          onRename: () => this._onRename(),
          renameForm: forms?.renderRename(tr) ?? null,
          bell: this._bell.value?.render(ctl.notices, tr, (threadId) => void this._onOpenThread(threadId)) ?? NO_BELL,
        })}
        ${this._badge.value?.render(tr) ?? nothing}
        ${ctl.identityNotice ? html`<p class="notice" role="alert">${this.describe(ctl.identityNotice)}</p>` : nothing}
        ${ctl.boardError ? html`<p class="notice error-text" role="alert">${this.describe(ctl.boardError)}</p>` : nothing}
        ${this._notice ? html`<p class="notice" role="alert">${this._notice}</p>` : nothing}
        ${open ? (this._thread.value?.render(open, this._clock.now, tr) ?? loading(tr)) : this._renderList(tr)}
        <div class="visually-hidden" aria-live="polite">${ctl.announcement}</div>
      </div>
    `;
  }

  private _renderList(tr: WidgetTranslator): TemplateResult {
    const ctl = this._ctl;
    const onOpen = (threadId: string) => this._onOpenThread(threadId);
    const faq = this._faq.value;
    if (faq?.active) return faq.render(tr, onOpen);
    return html`
      ${
        ctl.loaded && !this._search.value?.active
          ? html`<p class="faq-bar"><button type="button" class="link faq-toggle" part="faq-toggle" @click=${() => this._onOpenFaq()}>${tr.t('faq.open')}</button></p>`
          : nothing
      }
      ${
        this._forms.value?.renderCompose(
          tr,
          () => this._onSubmitThread(),
          () => this._onCancelThread(),
        ) ?? nothing
      }
      ${
        this._search.value?.renderResults(tr, ctl.openingThreadId, this._clock.now, onOpen) ??
        threadList({
          tr,
          board: ctl.board,
          loaded: ctl.loaded || ctl.boardError !== null,
          loadingMore: ctl.loadingMore,
          openingId: ctl.openingThreadId,
          now: this._clock.now,
          onOpen,
          onLoadMore: () => this._onLoadMore(),
          feedUrl: this.site && this.board ? `${this._server()}${boardFeedPath(this.site, this.board)}` : null,
        })
      }
    `;
  }

  /** Shows the FAQ in place of the thread list, loading its chunk first if needed. */
  private _onOpenFaq(): void {
    this._faq.use(
      (faq) => faq.open(),
      () => (this._notice = this.t('faq.loadFailed')),
    );
  }

  /** Acts on the search panel, loading it first if needed. */
  private _withSearch(action: (search: SearchPanel) => void): void {
    this._search.use(action, () => (this._notice = this.t('search.loadFailed')));
  }

  /** Notifies the host page that writing needs its sign-in, when guests may not post. */
  needsSignIn(action: string): boolean {
    if (this._ctl.canWrite || !this._ctl.site) return false;
    this._notice = this.t('notice.signInToPost');
    this.fire('booth-auth-required', { action });
    return true;
  }

  fire<T>(type: string, detail: T): void {
    this.dispatchEvent(new CustomEvent<T>(type, { detail, bubbles: true, composed: true }));
  }

  adoptStyles(styles: CSSResult): void {
    adoptLateStyles(this, styles);
  }

  focusOn(selector: string): void {
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(selector)?.focus());
  }

  suggestions(tr: WidgetTranslator): TemplateResult | typeof nothing {
    return this._search.value?.renderSuggestions(tr, (threadId) => this._onOpenThread(threadId)) ?? nothing;
  }

  onTitle(title: string): void {
    this._withSearch((search) => search.onTitle(title));
  }

  /** Acts on the board's forms, loading them first if needed. */
  private _withForms(action: (forms: BoardForms) => void): void {
    this._forms.use(action, (error) => (this._notice = this.describe(error)));
  }

  private _onStartThread(kind: ThreadKind): void {
    this._notice = '';
    if (this.needsSignIn(kind === 'question' ? 'ask' : 'discuss')) return;
    if (kind === 'question') this._search.prefetch();
    this._withForms((forms) => forms.startThread(kind));
  }

  private _onCancelThread(): void {
    this._forms.value?.closeThread();
    this._search.value?.clearSuggestions();
    this.focusOn('.actions .btn');
  }

  private async _onSubmitThread(): Promise<void> {
    if (!(await this._forms.value?.submitThread())) return;
    this._search.value?.clearSuggestions();
    await this._thread.load().then(
      () => this._nav?.created(),
      () => undefined,
    );
    this.focusOn('#thread-title');
  }

  private _onRename(): void {
    this._withForms((forms) => forms.startRename());
  }

  private _onOpenThread(threadId: string, postId: string | null = null): void {
    this._thread.use(
      () => void this._nav?.open(threadId, postId),
      (error) => (this._notice = this.describe(error)),
    );
  }

  private _onBack(): void {
    // The viewer's new thread may show before the thread's view has loaded: back waits for it.
    this._thread.use(
      () => this._nav?.back(),
      () => this._ctl.closeThread(),
    );
  }

  private async _onListing(listing: BoardListing): Promise<void> {
    this._notice = '';
    this._toAddress((a) => a.showListingInHost(listing));
    try {
      await this._ctl.changeListing(listing);
    } catch (error) {
      this._notice = this.describe(error);
    }
  }

  private async _onLoadMore(): Promise<void> {
    try {
      await this._ctl.loadMore();
    } catch (error) {
      this._notice = this.describe(error);
    }
  }
}

/**
 * Defines `<booth-board>` once per page (a page may load embed.js for several boards) and
 * remembers which server the script came from and the language its `data-lang` names.
 */
export function defineBoothBoard(server: string, language = ''): void {
  defaultServer ||= server;
  scriptLanguage ||= language;
  if (!customElements.get('booth-board')) customElements.define('booth-board', BoothBoard);
}

declare global {
  interface HTMLElementTagNameMap {
    'booth-board': BoothBoard;
  }
}
