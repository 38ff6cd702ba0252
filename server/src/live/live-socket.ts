import type { ServerMessage } from '@booth/shared';

/**
 * A socket as live delivery sees it: its site, what it follows, and a way to send. The
 * transport's session implements it; nothing in live/ knows more of a socket than this.
 */
export interface LiveSocket {
  readonly site: { readonly id: string };
  /** True once the socket has the moderation view's staff feed. */
  readonly moderating: boolean;
  readonly closed: boolean;
  /** True when the socket is subscribed to the board. */
  follows(boardId: string): boolean;
  subscribe(slug: string, boardId: string, cursor: number, options?: { staff?: boolean; now?: boolean }): void;
  send(message: ServerMessage): void;
  /** Sends a frame already serialized (one serialization for many sockets). */
  sendFrame(frame: string | Buffer): void;
}
