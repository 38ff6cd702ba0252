import type {
  EventMessage,
  MemberView,
  SearchResult,
  SitePolicyView,
  SuggestResult,
  ThreadKind,
  ThreadView,
  TypingMessage,
} from '@booth/shared';
import { Connection, type ConnectionOptions, RequestError } from '@booth/shared/client';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { localTokenStore, type TokenStore } from './guest-tokens.js';
import {
  appendPage,
  applyBoardEvent,
  type BoardState,
  EMPTY_BOARD,
  fromSnapshot,
  removeThread,
  upsertThread,
} from './state/board-store.js';
import {
  applyThreadEvent,
  fromOpened,
  removePost,
  setMyVote,
  type ThreadState,
  updateThread,
  upsertPost,
} from './state/thread-store.js';

/** What the element tells the controller: where to connect, which board, who is signed in. */
export interface BoardConfig {
  site: string;
  board: string;
  /** Base URL of the Booth server, e.g. `https://booth.example.com`. */
  server: string;
  /** SSO token from the host page; empty when signed out. */
  ssoToken: string;
}

export interface BoardControllerOptions {
  tokens?: TokenStore;
  connection?: Partial<ConnectionOptions>;
}

/** The socket URL for a server base URL and site key: `ws(s)://host/ws?site=KEY`. */
export function socketUrl(server: string, site: string): string | null {
  if (!server || !site) return null;
  try {
    const url = new URL('/ws', server);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.search = `?site=${encodeURIComponent(site)}`;
    return url.href;
  } catch {
    return null;
  }
}

/**
 * The board's data and the use cases the element calls: identify, subscribe, page, open a
 * thread, write. It keeps the thread list and the open thread current from live events, and
 * asks the host to render whenever something changed.
 */
export class BoardController implements ReactiveController {
  board: BoardState = EMPTY_BOARD;
  /** True once the first snapshot arrived. */
  loaded = false;
  loadingMore = false;
  /** The open thread, or null on the list. */
  thread: ThreadState | null = null;
  /** Id of the thread being opened. */
  openingThreadId: string | null = null;
  me: MemberView | null = null;
  site: SitePolicyView | null = null;
  /** A problem with the board as a whole (not a single write), in words. */
  boardError: string | null = null;
  /** Set when the host page's sign-in was refused and the viewer reads as a visitor. */
  identityNotice: string | null = null;
  /** The latest live change worth announcing to screen readers. */
  announcement = '';
  /** True while staff have the moderation view open for this site. */
  staffOnline = false;
  /** The thread where staff are typing a reply right now, if any. */
  staffTypingIn: string | null = null;

  readonly connection: Connection;
  private readonly tokens: TokenStore;
  private helloRound = 0;
  private typingTimer: ReturnType<typeof setTimeout> | undefined;
  private lastTypingSent = 0;
  /** The SSO token the current identity came from. */
  private identityToken = '';
  private target = '';

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly config: () => BoardConfig,
    options: BoardControllerOptions = {},
  ) {
    this.tokens = options.tokens ?? localTokenStore();
    this.connection = new Connection(host, {
      url: () => socketUrl(this.config().server, this.config().site),
      handshake: () => this.handshake(),
      onEvent: (message) => this.onEvent(message),
      onResync: () => void this.resubscribe(),
      onPresence: (staffOnline) => {
        this.staffOnline = staffOnline;
        this.changed();
      },
      onTyping: (message) => this.onTyping(message),
      ...options.connection,
    });
    host.addController(this);
  }

  hostConnected(): void {
    this.target = this.targetKey();
  }

  hostDisconnected(): void {
    clearTimeout(this.typingTimer);
    this.staffTypingIn = null;
  }

  /** Call when site, board or server changed: starts over on the new board. */
  configure(): void {
    const target = this.targetKey();
    if (target === this.target) return;
    this.target = target;
    this.board = EMPTY_BOARD;
    this.loaded = false;
    this.thread = null;
    this.boardError = null;
    this.connection.restart();
  }

  /** Call when the SSO token changed: identifies again on the open socket. */
  identityChanged(): void {
    if (!this.connection.isOpen) return; // the next handshake sends the new token
    void this.hello(false)
      .then(() => this.refreshThread())
      .catch((error: unknown) => {
        // Told to wait (too many sign-ins): try again once allowed; the socket reads meanwhile.
        if (error instanceof RequestError && error.code === 'rate_limited') {
          setTimeout(() => this.identityChanged(), error.retryAfterMs ?? 1000);
        }
      });
  }

  /** The viewer may write: signed in, or a guest, or guests are welcome (a name is asked first). */
  get canWrite(): boolean {
    return this.me !== null || this.site?.guestsAllowed === true;
  }

  /** True when the viewer must choose a display name before their first write. */
  get needsName(): boolean {
    return this.me === null && this.site?.guestsAllowed === true;
  }

  isStaff(member: MemberView | null = this.me): boolean {
    return member?.role === 'staff' || member?.role === 'owner';
  }

  private targetKey(): string {
    const { site, board, server } = this.config();
    return `${server} ${site} ${board}`;
  }

  private changed(): void {
    this.host.requestUpdate();
  }

  private async handshake(): Promise<void> {
    // A new socket hears about staff presence afresh, right after its hello.
    this.staffOnline = false;
    await this.hello(true);
    await this.subscribe(true);
    // The host page may have signed its user in or out while the handshake ran.
    while (this.identityToken !== this.config().ssoToken) await this.hello(true);
  }

  /** Says who the viewer is. A refused token leaves the viewer reading as a visitor. */
  private async hello(handshake: boolean): Promise<void> {
    const round = ++this.helloRound;
    const { site: siteKey, ssoToken } = this.config();
    const sso = ssoToken || undefined;
    this.identityToken = ssoToken;
    const guest = sso ? undefined : (this.tokens.get(siteKey) ?? undefined);
    let result: { me: MemberView | null; site: SitePolicyView };
    try {
      result = await this.connection.request({ type: 'hello', sso, guest }, { handshake });
      this.identityNotice = null;
    } catch (error) {
      if (!(error instanceof RequestError) || !['invalid_token', 'invalid_message'].includes(error.code)) {
        // The server signs a socket out before any hello; a refused one leaves it reading.
        if (round === this.helloRound && this.me !== null) {
          this.me = null;
          this.changed();
        }
        throw error;
      }
      if (sso) this.identityNotice = error.message;
      else this.tokens.clear(siteKey);
      result = await this.connection.request({ type: 'hello' }, { handshake });
    }
    if (round !== this.helloRound) return;
    this.me = result.me;
    this.site = result.site;
    this.changed();
  }

  /** Subscribes, resuming from the last applied event when the board is already loaded. */
  private async subscribe(handshake: boolean): Promise<void> {
    const { board } = this.config();
    try {
      const result = await this.connection.request(
        { type: 'subscribe', board, since: this.loaded ? this.board.seq : undefined },
        { handshake },
      );
      if (result.mode === 'snapshot') {
        const reload = this.loaded;
        this.board = fromSnapshot(result, result.seq);
        this.loaded = true;
        // Too far behind to replay: the open thread may have missed changes too.
        if (reload) void this.refreshThread();
      }
      this.boardError = null;
      this.changed();
    } catch (error) {
      if (error instanceof RequestError && ['invalid_message', 'not_found', 'forbidden'].includes(error.code)) {
        this.boardError = error.message;
        this.connection.stop(error.message);
        return;
      }
      throw error;
    }
  }

  private async resubscribe(): Promise<void> {
    try {
      await this.subscribe(false);
    } catch {
      // The next reconnect subscribes again.
    }
  }

  private onEvent(message: EventMessage): void {
    if (message.board !== this.config().board || !this.loaded || message.seq <= this.board.seq) return;
    const { event } = message;
    this.board = applyBoardEvent(this.board, message.seq, event);
    if (this.thread) this.thread = applyThreadEvent(this.thread, event, this.me?.id ?? null);
    const mine = (author: MemberView) => author.id === this.me?.id;
    if (event.kind === 'thread.created' && !mine(event.thread.author)) {
      this.announcement = `New ${event.thread.kind}: ${event.thread.title}`;
    } else if (
      event.kind === 'post.created' &&
      !mine(event.post.author) &&
      this.thread?.thread.id === event.thread.id
    ) {
      this.announcement = `New reply from ${event.post.author.name}`;
    } else if (event.kind === 'thread.removed' && this.thread?.thread.id === event.threadId) {
      this.announcement = 'This thread was removed.';
    }
    this.changed();
  }

  /** Shows "Staff is typing…" in the thread for a few seconds; the moderation view repeats it while typing. */
  private onTyping(message: TypingMessage): void {
    if (message.board !== this.config().board) return;
    this.staffTypingIn = message.threadId;
    clearTimeout(this.typingTimer);
    this.typingTimer = setTimeout(() => {
      this.staffTypingIn = null;
      this.changed();
    }, 6000);
    this.changed();
  }

  /** Staff signed in through SSO who type a reply here show customers "Staff is typing…" too. */
  reportTyping(threadId: string): void {
    const now = Date.now();
    if (!this.isStaff() || !this.connection.isOpen || now - this.lastTypingSent < 3000) return;
    this.lastTypingSent = now;
    this.connection.request({ type: 'staff.typing', threadId }).catch(() => undefined);
  }

  /** Says something to screen-reader users through the board's live region. */
  announce(text: string): void {
    this.announcement = text;
    this.changed();
  }

  /** Existing questions of this board like a title being typed, answered first. */
  suggest(title: string): Promise<SuggestResult> {
    return this.connection.request({ type: 'suggest', title, board: this.config().board });
  }

  /** Full-text search over this board's threads and replies. */
  search(query: string, offset = 0): Promise<SearchResult> {
    return this.connection.request({ type: 'search', query, board: this.config().board, offset });
  }

  /** Loads the next page of threads. */
  async loadMore(): Promise<void> {
    const after = this.board.next;
    if (after === null || this.loadingMore) return;
    this.loadingMore = true;
    this.changed();
    try {
      const page = await this.connection.request({ type: 'threads.page', board: this.config().board, after });
      this.board = appendPage(this.board, page);
    } finally {
      this.loadingMore = false;
      this.changed();
    }
  }

  /** Opens a thread with its replies. */
  async openThread(threadId: string): Promise<void> {
    this.openingThreadId = threadId;
    this.changed();
    try {
      const result = await this.connection.request({ type: 'thread.open', threadId });
      if (this.openingThreadId === threadId) this.thread = fromOpened(result);
    } finally {
      if (this.openingThreadId === threadId) this.openingThreadId = null;
      this.changed();
    }
  }

  closeThread(): void {
    this.thread = null;
    this.openingThreadId = null;
    this.changed();
  }

  private async refreshThread(): Promise<void> {
    const open = this.thread;
    if (!open) return;
    try {
      const result = await this.connection.request({ type: 'thread.open', threadId: open.thread.id });
      if (this.thread?.thread.id === open.thread.id) this.thread = fromOpened(result);
    } catch (error) {
      if (error instanceof RequestError && error.code === 'not_found' && this.thread) {
        this.thread = { ...this.thread, removed: true };
      }
    }
    this.changed();
  }

  /** Makes sure the viewer has an identity, creating a guest with `name` when needed. */
  async ensureIdentity(name: string): Promise<void> {
    if (this.me) return;
    const { site } = this.config();
    const result = await this.connection.request({ type: 'guest.join', name });
    this.tokens.set(site, result.guestToken);
    this.me = result.me;
    this.changed();
  }

  /** Changes the guest's display name; their threads and posts on screen show it at once. */
  async rename(name: string, key: string): Promise<void> {
    const { me } = await this.connection.write({ type: 'guest.rename', name }, key);
    const named = <T extends { author: MemberView }>(item: T): T =>
      item.author.id === me.id ? { ...item, author: me } : item;
    this.me = me;
    this.board = { ...this.board, threads: this.board.threads.map(named) };
    const open = this.thread;
    if (open) this.thread = { ...open, thread: named(open.thread), posts: open.posts.map(named) };
    this.changed();
  }

  /** Asks a question or starts a discussion, then shows it. */
  async createThread(kind: ThreadKind, title: string, body: string, key: string): Promise<ThreadView> {
    const result = await this.connection.write(
      { type: 'thread.create', board: this.config().board, kind, title, body },
      key,
    );
    // A thread held for review stays in its author's list, as the server lists it for them.
    this.board = upsertThread(this.board, result.thread, result.post.status === 'pending');
    this.thread = { thread: result.thread, posts: [result.post], myVotes: {}, removed: false };
    this.changed();
    return result.thread;
  }

  async reply(threadId: string, parentId: string | null, body: string, key: string): Promise<void> {
    const { post } = await this.connection.write({ type: 'post.create', threadId, parentId, body }, key);
    if (this.thread) this.thread = upsertPost(this.thread, post, this.me?.id ?? null);
    this.changed();
  }

  async edit(postId: string, body: string, title: string | undefined, key: string): Promise<void> {
    const { post } = await this.connection.write({ type: 'post.edit', postId, body, title }, key);
    if (this.thread) {
      this.thread = upsertPost(this.thread, post, this.me?.id ?? null);
      if (post.root && title !== undefined) this.thread = updateThread(this.thread, { ...this.thread.thread, title });
    }
    this.changed();
  }

  /** Deletes a post; deleting the opening post removes the thread and returns to the list. */
  async remove(postId: string, key: string): Promise<void> {
    await this.connection.write({ type: 'post.delete', postId }, key);
    const open = this.thread;
    if (open?.thread.rootPostId === postId) {
      this.board = removeThread(this.board, open.thread.id);
      this.thread = null;
    } else if (open) {
      this.thread = removePost(open, postId);
    }
    this.changed();
  }

  async vote(postId: string, value: -1 | 0 | 1, key: string): Promise<void> {
    const result = await this.connection.write({ type: 'vote', postId, value }, key);
    if (this.thread) this.thread = setMyVote(this.thread, result);
    this.changed();
  }

  /** Flags a post for staff review. */
  async report(postId: string, reason: string, key: string): Promise<void> {
    await this.connection.write({ type: 'post.report', postId, reason }, key);
  }

  async accept(threadId: string, postId: string | null, key: string): Promise<void> {
    const { thread } = await this.connection.write({ type: 'thread.accept', threadId, postId }, key);
    this.board = upsertThread(this.board, thread);
    if (this.thread) this.thread = updateThread(this.thread, thread);
    this.changed();
  }
}
