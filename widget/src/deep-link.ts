/**
 * The open thread in the host page's address, both ways. Opening a thread in the board adds
 * `booth-thread=ID` to the address as a new history entry, so Back returns to the list and
 * Forward opens the thread again; loading a page with that link (or the `booth-post=ID` of a
 * post in it, as emails and feeds link) opens the thread at that post.
 */
import { POST_PARAM, readBoothParams, THREAD_PARAM } from '@booth/shared';
import { type DeepLinkMode, historyMarks, writeHostState } from './host-url.js';

const ID = /^[1-9][0-9]{0,17}$/;

/** Marks the history entry Booth added over the list, which closing the thread goes back from. */
const PUSHED = 'boothThread';

/** The id in `value` when it is one, else null. */
const idOf = (value: string | undefined): string | null => (value !== undefined && ID.test(value) ? value : null);

/** A thread and optionally one of its posts, as an address names them. */
export interface ThreadLink {
  threadId: string;
  postId: string | null;
}

/**
 * The thread (and post) a page's address asks the board to open: `#booth-thread=ID` (what
 * Booth's emails link to), `?booth-thread=ID`, or the older `?booth_thread=ID`.
 *
 * @example deepLinkedThread('https://shop.example/p/boots#booth-thread=42&booth-post=43') // { threadId: '42', postId: '43' }
 */
export function deepLinkedThread(href: string | undefined): ThreadLink | null {
  if (!href) return null;
  const params = readBoothParams(href);
  const threadId = idOf(params[THREAD_PARAM]);
  return threadId ? { threadId, postId: idOf(params[POST_PARAM]) } : null;
}

/**
 * Keeps the page's address in step with the open thread. `navigate` is called when the visitor
 * moves through history (Back, Forward) to an address naming another thread, or none.
 */
export class ThreadHistory {
  constructor(
    private readonly mode: () => DeepLinkMode,
    private readonly navigate: (link: ThreadLink | null) => void,
  ) {}

  private readonly onPopState = (): void => this.navigate(deepLinkedThread(globalThis.location?.href));

  connect(): void {
    globalThis.addEventListener?.('popstate', this.onPopState);
  }

  disconnect(): void {
    globalThis.removeEventListener?.('popstate', this.onPopState);
  }

  /** The thread that is open now, as the address names it. */
  current(): ThreadLink | null {
    return deepLinkedThread(globalThis.location?.href);
  }

  /**
   * The board opened `threadId`. From the list this is a new history entry; from another thread,
   * or when the address already names it (a link, Back or Forward), the entry is rewritten in
   * the chosen place and history does not grow.
   */
  opened(threadId: string): void {
    const now = this.current();
    const post = now?.threadId === threadId ? now.postId : null;
    const changes = { [THREAD_PARAM]: threadId, [POST_PARAM]: post };
    writeHostState(changes, this.mode(), now === null, now === null ? { [PUSHED]: threadId } : {});
  }

  /**
   * The board went back to the list. An entry Booth added is left with Back (so Forward
   * reopens it); an address the visitor arrived with loses the thread in place, without leaving the page.
   */
  closed(): void {
    if (this.mode() === 'off' || this.current() === null || !globalThis.history) return;
    if (historyMarks()[PUSHED]) history.back();
    else writeHostState({ [THREAD_PARAM]: null, [POST_PARAM]: null }, this.mode(), false);
  }
}
