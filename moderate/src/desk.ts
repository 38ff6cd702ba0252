import type { ClientMessageType, ResultOf, StaffMemberView, UnansweredOrder } from '@booth/shared';
import type { Request } from '@booth/shared/client';

/**
 * What a tab may ask of the moderation shell: send a request (a refusal becomes the shell's
 * notice), run an action and refresh what it changed, open a thread in the side panel.
 */
export interface ModerationDesk {
  /** The signed-in staff member. */
  readonly me: StaffMemberView;
  readonly isOwner: boolean;
  /** The session's CSRF token, sent with the HTTP calls of the signed-in account. */
  readonly csrfToken: string;
  /** Whether the signed-in account signs in with a second factor. */
  readonly twoFactor: boolean;
  /** Records that two-factor sign-in was turned on or off for the signed-in account. */
  setTwoFactor(on: boolean): void;
  /** Ends the session on this page, e.g. when an HTTP call says it expired; `text` says why. */
  endSession(text: string): void;
  /** Sends a request; a refusal is shown as a notice (or ends the session) and rethrown. */
  request<T extends ClientMessageType>(message: Request<T>): Promise<ResultOf<T>>;
  /** Runs an action, shows `label` when it worked, and refreshes the queues and the open tab. */
  act(label: string, run: () => Promise<unknown>): Promise<void>;
  /** The order of the unanswered queue. */
  readonly unansweredOrder: UnansweredOrder;
  /** Loads the unanswered queue again in another order (the server orders it). */
  orderUnanswered(order: UnansweredOrder): void;
  /** Opens a thread in the side panel. */
  openThread(threadId: string): void;
  /** Closes the side panel. */
  closeThread(): void;
  /** Tells customers on the thread's board that staff are typing (at most every few seconds). */
  typing(threadId: string): void;
  /** Shows a line of text above the tabs. */
  notify(text: string, ok?: boolean): void;
}
