import type { BoardListing, MemberView, SitePolicyView } from '@booth/shared';
import type { Connection, RequestError } from '@booth/shared/client';
import type { TokenStore } from '../guest-tokens.js';
import type { WidgetKey } from '../i18n/translator.js';
import type { BoardState } from '../state/board-store.js';
import type { ThreadState } from '../state/thread-store.js';

/** What the element tells the controller: where to connect, which board, who is signed in. */
export interface BoardConfig {
  site: string;
  board: string;
  /** Base URL of the Booth server, e.g. `https://booth.example.com`. */
  server: string;
  /** SSO token from the host page; empty when signed out. */
  ssoToken: string;
}

/**
 * The state the board controller's parts share (identity, sync, writes, typing): the board
 * and open thread they keep current, who the viewer is, and the one connection.
 */
export interface BoardCore {
  readonly connection: Connection;
  readonly tokens: TokenStore;
  config(): BoardConfig;
  board: BoardState;
  /** The order and filter the viewer chose; the board shows it once its snapshot arrives. */
  listing: BoardListing;
  /** True once the first snapshot arrived. */
  loaded: boolean;
  /** The open thread, or null on the list. */
  thread: ThreadState | null;
  me: MemberView | null;
  site: SitePolicyView | null;
  /** A problem with the board as a whole (not a single write): the server's refusal. */
  boardError: RequestError | null;
  /** Set when the host page's sign-in was refused and the viewer reads as a visitor: why. */
  identityNotice: RequestError | null;
  /** The latest live change worth announcing to screen readers. */
  announcement: string;
  /** The text of `key` in the board's language, for announcements. */
  say(key: WidgetKey, params?: Record<string, string | number>): string;
  /** Loads the open thread again (it may have missed changes), if one is open. */
  refreshThread(): Promise<void>;
  /** Asks the host element to render. */
  changed(): void;
}
