import {
  type BoardListing,
  DEFAULT_LISTING,
  type MemberView,
  type SitePolicyView,
  type UnreadThreadView,
} from '@booth/shared';
import { Connection, type ConnectionOptions, RequestError, socketUrl } from '@booth/shared/client';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { BoardConfig, BoardCore } from './board/board-core.js';
import { BoardIdentity } from './board/board-identity.js';
import type * as BoardLive from './board/board-live.js';
import { BoardSync } from './board/board-sync.js';
import type { BoardWrites } from './board/board-writes.js';
import type { ThreadSync } from './board/thread-sync.js';
import { localTokenStore, type TokenStore } from './guest-tokens.js';
import type { WidgetKey, WidgetTranslator } from './i18n/translator.js';
import { OnDemand } from './on-demand.js';
import { type BoardState, EMPTY_BOARD } from './state/board-store.js';
import type { ThreadState } from './state/thread-store.js';

export type { BoardConfig } from './board/board-core.js';

const noop = () => undefined;

export interface BoardControllerOptions {
  tokens?: TokenStore;
  connection?: Partial<ConnectionOptions>;
  /** The board's words, once loaded: announcements are made in its language. */
  translator?: () => WidgetTranslator | null;
  /** Resolves once every word of the board's language is in (the live part's announcements use them). */
  everyWord?: () => Promise<unknown>;
}

/**
 * The board's data and the use cases the element calls. It owns the connection and the
 * handshake, and composes the parts along their seams: who the viewer is (`board/board-identity.ts`),
 * keeping the board current (`board/board-sync.ts`), the open thread (`board/thread-sync.ts`)
 * with "Staff is typing…" (`board/staff-typing.ts`), and the viewer's writes
 * (`board/board-writes.ts`), each of these a chunk of its own, as are the board's live events
 * (`board/board-live.ts`).
 */
export class BoardController implements ReactiveController, BoardCore {
  board: BoardState = EMPTY_BOARD;
  listing: BoardListing = DEFAULT_LISTING;
  loaded = false;
  thread: ThreadState | null = null;
  me: MemberView | null = null;
  site: SitePolicyView | null = null;
  boardError: RequestError | null = null;
  identityNotice: RequestError | null = null;
  announcement = '';
  /** True while staff have the moderation view open for this site. */
  staffOnline = false;
  /** A signed-in member's followed threads with unread answers and replies; null for guests and readers. */
  notices: UnreadThreadView[] | null = null;

  readonly connection: Connection;
  readonly tokens: TokenStore;
  private readonly identity = new BoardIdentity(this);
  private readonly sync = new BoardSync(this);
  /** The viewer's writes, from their own chunk: fetched once the list shows (see `prefetch`). */
  private readonly writes = new OnDemand<BoardWrites>(this.host, () =>
    import('./board/board-writes.js').then(({ BoardWrites }) => new BoardWrites(this)),
  );
  /** The board's live events, from their own chunk: fetched once the list shows (see `prefetch`). */
  private readonly live = new OnDemand<typeof BoardLive>(this.host, () =>
    Promise.all([import('./board/board-live.js'), this.everyWord().catch(noop)]).then(([part]) => part),
  );
  private readonly everyWord: () => Promise<unknown>;
  /** The open thread's reads and live events, from their own chunk: fetched once the list shows (see `prefetch`). */
  private readonly threads = new OnDemand<ThreadSync>(this.host, () =>
    import('./board/thread-sync.js').then(({ ThreadSync }) => new ThreadSync(this, () => this.isStaff())),
  );
  private target = '';
  private readonly translator: () => WidgetTranslator | null;

  constructor(
    private readonly host: ReactiveControllerHost,
    readonly config: () => BoardConfig,
    options: BoardControllerOptions = {},
  ) {
    this.tokens = options.tokens ?? localTokenStore();
    this.translator = options.translator ?? (() => null);
    this.everyWord = options.everyWord ?? (() => Promise.resolve());
    this.connection = new Connection(host, {
      // The board's language, once known, so the server's messages come in it too.
      url: () => socketUrl(this.config().server, { site: this.config().site, lang: this.translator()?.language }),
      handshake: () => this.handshake(),
      onEvent: (message) =>
        this.live.use(
          (live) => {
            // A thread may be open before its part loaded (the viewer's new thread): it takes the event once in.
            if (live.applyLiveEvent(this, message) && this.thread) {
              this.threads.use((part) => part.onEvent(message.event), noop);
            }
          },
          // Not applied (the chunk did not load): resuming from the last applied event replays it.
          () => void this.sync.resubscribe(),
        ),
      onResync: () => void this.sync.resubscribe(),
      onPresence: (staffOnline) => {
        this.staffOnline = staffOnline;
        this.changed();
      },
      onTyping: (message) => this.threads.use((part) => part.typing.onTyping(message), noop),
      onNotices: (threads) => {
        this.notices = threads;
        this.changed();
      },
      ...options.connection,
    });
    host.addController(this);
  }

  hostConnected(): void {
    this.target = this.targetKey();
  }

  hostDisconnected(): void {
    this.threads.value?.typing.clear();
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
    void this.identity
      .hello(false)
      .then(() => Promise.all([this.refreshThread(), this.loadNotices(false)]))
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

  /** True while the board loads in a newly chosen order or filter. */
  get listingChanging(): boolean {
    const shown = this.board.listing;
    return this.loaded && (shown.sort !== this.listing.sort || shown.filter !== this.listing.filter);
  }

  /** True while the next page of threads loads. */
  get loadingMore(): boolean {
    return this.sync.loadingMore;
  }

  /** Id of the thread being opened. */
  get openingThreadId(): string | null {
    return this.threads.value?.openingThreadId ?? null;
  }

  /** The thread where staff are typing a reply right now, if any. */
  get staffTypingIn(): string | null {
    return this.threads.value?.typing.threadId ?? null;
  }

  changed(): void {
    this.host.requestUpdate();
  }

  private targetKey(): string {
    const { site, board, server } = this.config();
    return `${server} ${site} ${board}`;
  }

  private async handshake(): Promise<void> {
    // A new socket hears about staff presence afresh, right after its hello.
    this.staffOnline = false;
    await this.identity.hello(true);
    await this.sync.subscribe(true);
    // The host page may have signed its user in or out while the handshake ran.
    while (this.identity.stale) await this.identity.hello(true);
    // Sent on this socket at once; the board is live without waiting for the bell.
    void this.loadNotices(true);
  }

  /** The bell of a signed-in member, which the server keeps current from then on. */
  private async loadNotices(handshake: boolean): Promise<void> {
    const me = this.me;
    this.notices =
      me && !me.guest
        ? ((await this.connection.request({ type: 'notices.list' }, { handshake }).catch(() => null))?.threads ?? null)
        : null;
    this.changed();
  }

  say(key: WidgetKey, params?: Record<string, string | number>): string {
    return this.translator()?.t(key, params) ?? '';
  }

  /** Says something to screen-reader users through the board's live region. */
  announce(text: string): void {
    this.announcement = text;
    this.changed();
  }

  // Reads and navigation (board-sync.ts).
  readonly loadMore = () => this.sync.loadMore();
  readonly changeListing = (listing: BoardListing) => this.sync.changeListing(listing);

  // The open thread (thread-sync.ts).
  readonly openThread = async (threadId: string, postId?: string | null) =>
    (await this.threads.load()).open(threadId, postId);
  readonly closeThread = () => {
    if (this.threads.value) this.threads.value.close();
    else {
      // The viewer's new thread, shown before the thread's part loaded.
      this.thread = null;
      this.changed();
    }
  };
  /** Loads the open thread again, if one is open. */
  readonly refreshThread = async () => {
    if (this.thread) await (await this.threads.load()).refresh();
  };

  /**
   * The viewer's writes (`board/board-writes.ts`: asking, replying, voting, a guest's first name…),
   * loading their chunk once; a failed load (network) is tried again by the next write.
   */
  loadWrites(): Promise<BoardWrites> {
    return this.writes.load();
  }

  /** Fetches the chunks of the writes and of the open thread ahead of need, so neither waits for them. */
  prefetch(): void {
    this.live.prefetch();
    this.writes.prefetch();
    this.threads.prefetch();
  }

  // Typing (staff-typing.ts); writes are `loadWrites`'s.
  readonly reportTyping = (threadId: string) => this.threads.value?.typing.report(threadId);
  /** A ticket to upload pictures as the viewer (see shared/src/image-schemas.ts). */
  readonly imageTicket = () => this.connection.request({ type: 'image.ticket' });
}
