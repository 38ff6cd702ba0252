/**
 * Opening and closing threads on the board, and following the host page's address: a thread the
 * address names on load (a link from an email or a feed), and Back and Forward between threads.
 * It loads with the thread's view (`views/thread-panel.ts`), since no thread shows without it;
 * the first paint carries only the element's calls into it.
 */
import type { BoardController } from './board-controller.js';
import { ThreadHistory, type ThreadLink } from './deep-link.js';
import type * as HostHistoryModule from './host-history.js';
import type { DeepLinkMode } from './host-url.js';
import type { ThreadChangeDetail, ThreadPanel } from './views/thread-panel.js';

/** What the navigation needs of the board element. */
export interface NavigationHost {
  readonly updateComplete: Promise<boolean>;
  readonly renderRoot: HTMLElement | DocumentFragment;
  /** Shows a problem with the last list action above the list. */
  setNotice(text: string): void;
  describe(error: unknown): string;
  fire<T>(type: string, detail: T): void;
  focusOn(selector: string): void;
  /** How the open thread shows in the page's address (`hash`, `query` or `off`). */
  addressMode(): DeepLinkMode;
}

export class ThreadNavigation {
  private readonly history = new ThreadHistory((link) => this.onHistory(link));

  constructor(
    private readonly host: NavigationHost,
    private readonly ctl: BoardController,
    private readonly panel: ThreadPanel,
    private readonly address: typeof HostHistoryModule,
  ) {}

  /** Follows Back and Forward while the board is on the page. */
  connect(): void {
    this.history.connect();
  }

  disconnect(): void {
    this.history.disconnect();
  }

  /** Opens the thread the page's address names, if any (once, when the board has loaded). */
  openLinked(): void {
    const link = this.history.current();
    if (link) void this.open(link.threadId, link.postId);
  }

  /** Opens a thread, at one of its posts when `postId` is given, and writes it into the address. */
  async open(threadId: string, postId: string | null = null): Promise<void> {
    this.host.setNotice('');
    try {
      await this.ctl.openThread(threadId, postId);
    } catch (error) {
      this.host.setNotice(this.host.describe(error));
      return;
    }
    if (this.ctl.thread?.thread.id !== threadId) return;
    this.panel.reset();
    this.opened(threadId);
    this.showPost(postId);
  }

  /** The viewer's new thread is open: the address and the host page learn of it. */
  created(): void {
    this.panel.reset();
    const threadId = this.ctl.thread?.thread.id ?? null;
    if (threadId) this.opened(threadId);
    else this.host.fire<ThreadChangeDetail>('booth-thread-change', { threadId });
  }

  /** The visitor went back to the list with the thread's back button. */
  back(): void {
    this.close();
    this.address.showThreadClosed(this.history.current(), this.host.addressMode());
  }

  private opened(threadId: string): void {
    this.address.showThreadOpened(threadId, this.history.current(), this.host.addressMode());
    this.host.fire<ThreadChangeDetail>('booth-thread-change', { threadId });
  }

  private close(): void {
    const threadId = this.ctl.thread?.thread.id;
    this.ctl.closeThread();
    this.panel.reset();
    this.host.setNotice('');
    this.host.fire<ThreadChangeDetail>('booth-thread-change', { threadId: null });
    this.host.focusOn(`[data-thread-id="${threadId}"]`);
  }

  /** Back or Forward reached an address naming another thread, or the list. */
  private onHistory(link: ThreadLink | null): void {
    const open = this.ctl.thread?.thread.id ?? null;
    if (link === null) {
      if (open !== null) this.close();
    } else if (link.threadId !== open || (link.postId && !this.ctl.thread?.posts.some((p) => p.id === link.postId))) {
      // Another thread, or a post on a page of this one not loaded yet.
      void this.open(link.threadId, link.postId);
    } else if (link.postId) {
      this.showPost(link.postId);
    }
  }

  /**
   * Scrolls to a post of the open thread a link named, marks it and gives it focus; without one
   * (or when it is not in the thread), focus goes to the thread's title.
   */
  private showPost(postId: string | null): void {
    void this.host.updateComplete.then(() => {
      const post = postId ? this.host.renderRoot.querySelector<HTMLElement>(`#post-${postId}`) : null;
      if (!post) {
        this.host.renderRoot.querySelector<HTMLElement>('#thread-title')?.focus();
        return;
      }
      post.tabIndex = -1;
      post.toggleAttribute('data-linked', true);
      post.scrollIntoView({ block: 'center' });
      post.focus({ preventScroll: true });
    });
  }
}
