import type { TypingMessage } from '@booth/shared';
import type { BoardCore } from './board-core.js';

/** How long "Staff is typing…" stays after the last typing notice; the moderation view repeats it. */
export const TYPING_SHOWN_MS = 6000;
/** Staff typing in the widget send a notice at most this often. */
export const TYPING_SEND_INTERVAL_MS = 3000;

/** "Staff is typing…": shows it for notices from the server, and sends them for staff typing here. */
export class StaffTyping {
  /** The thread where staff are typing a reply right now, if any. */
  threadId: string | null = null;

  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastSent = 0;

  constructor(
    private readonly core: BoardCore,
    private readonly isStaff: () => boolean,
  ) {}

  /** Shows "Staff is typing…" in the thread for a few seconds. */
  onTyping(message: TypingMessage): void {
    if (message.board !== this.core.config().board) return;
    this.threadId = message.threadId;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.threadId = null;
      this.core.changed();
    }, TYPING_SHOWN_MS);
    this.core.changed();
  }

  /** Staff signed in through SSO who type a reply here show customers "Staff is typing…" too. */
  report(threadId: string): void {
    const now = Date.now();
    if (!this.isStaff() || !this.core.connection.isOpen || now - this.lastSent < TYPING_SEND_INTERVAL_MS) return;
    this.lastSent = now;
    this.core.connection.request({ type: 'staff.typing', threadId }).catch(() => undefined);
  }

  /** Forgets the indicator, e.g. when the board leaves the page. */
  clear(): void {
    clearTimeout(this.timer);
    this.threadId = null;
  }
}
