import type { CSSResult, ReactiveControllerHost } from 'lit';
import type { WidgetKey } from '../i18n/translator.js';

/** What the board offers the parts of its UI that keep their own state (thread panel, search). */
export interface PanelHost extends ReactiveControllerHost {
  /** Moves focus to the element matching `selector` in the board, after the next render. */
  focusOn(selector: string): void;
  /** True (and the host page is told) when writing needs the host page's sign-in. */
  needsSignIn(action: string): boolean;
  /** Dispatches a bubbling, composed event from the board. */
  fire<T>(type: string, detail: T): void;
  /** The text of `key` in the board's language. */
  t(key: WidgetKey, params?: Record<string, string | number>): string;
  /** A failed request in words of the board's language. */
  describe(error: unknown): string;
  /** The address of a thread (or a post in it) on the host page, which opens it there. */
  threadLink(threadId: string, postId?: string | null): string;
  /** Adds the styles of a part that loaded on demand to the board. */
  adoptStyles(styles: CSSResult): void;
}
