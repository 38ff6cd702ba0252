/**
 * Wakes the nodes that hold subscribers of a board when that board has new events.
 * A wake-up carries ids only; the event table is the truth, so a lost wake-up costs latency,
 * never data. Postgres LISTEN/NOTIFY is one implementation; Redis or NATS could be another.
 */
export interface Fanout {
  /** Announces to every node that `boardId` has events up to `seq` (already committed). */
  publish(boardId: string, seq: number): void;
  /** Registers the handler for wake-ups from any node. */
  onWake(handler: (boardId: string, seq: number) => void): void;
  /** Registers the handler for "wake-ups may have been lost": re-read every board. */
  onResync(handler: () => void): void;
  /** False while this node cannot hear other nodes (e.g. its listener is reconnecting). */
  readonly connected: boolean;
  close(): Promise<void>;
}
