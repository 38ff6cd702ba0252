import type { ReactiveControllerHost } from 'lit';

/** What the board offers the parts of its UI that keep their own state (thread panel, search). */
export interface PanelHost extends ReactiveControllerHost {
  /** Moves focus to the element matching `selector` in the board, after the next render. */
  focusOn(selector: string): void;
  /** True (and the host page is told) when writing needs the host page's sign-in. */
  needsSignIn(action: string): boolean;
  /** Dispatches a bubbling, composed event from the board. */
  fire<T>(type: string, detail: T): void;
}
