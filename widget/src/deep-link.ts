/**
 * The open thread in the host page's address, read: loading a page with `booth-thread=ID` (or
 * the `booth-post=ID` of a post in it, as emails and feeds link) opens the thread at that post,
 * and Back and Forward move between the threads the address names. Opening a thread writes the
 * address (`host-history.ts`), so Back returns to the list and Forward opens the thread again.
 */
import { POST_PARAM, readBoothParams, THREAD_PARAM } from '@booth/shared';

const ID = /^[1-9][0-9]{0,17}$/;

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
 * Follows the page's history: `navigate` is called when the visitor moves (Back, Forward) to an
 * address naming another thread, or none.
 */
export class ThreadHistory {
  constructor(private readonly navigate: (link: ThreadLink | null) => void) {}

  private readonly onPopState = (): void => this.navigate(this.current());

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
}
