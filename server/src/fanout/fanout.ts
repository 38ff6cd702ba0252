import type { Signal } from './signals.js';

/**
 * Wakes the nodes that hold subscribers of a board when that board has new events, and carries
 * signals (staff presence and typing) between nodes. A wake-up carries ids only; the event table
 * is the truth, so a lost wake-up costs latency, never data. Signals are not stored at all.
 * Postgres LISTEN/NOTIFY is the default implementation; NATS JetStream is the other.
 */
export interface Fanout {
  /** Announces to every node that `boardId` (of site `siteId`) has events up to `seq` (already committed). */
  publish(siteId: string, boardId: string, seq: number): void;
  /** Registers the handler for wake-ups from any node. */
  onWake(handler: (boardId: string, seq: number) => void): void;
  /**
   * Sends a signal to every node, this one included. Nothing keeps it: a node that is not
   * listening at that moment never hears it.
   */
  publishSignal(signal: Signal): void;
  /** Registers the handler for signals from any node (this one's own included); malformed ones never reach it. */
  onSignal(handler: (signal: Signal) => void): void;
  /** Registers the handler for "wake-ups and signals may have been lost": re-read every board, re-announce. */
  onResync(handler: () => void): void;
  /** False while this node cannot hear other nodes (e.g. its listener is reconnecting). */
  readonly connected: boolean;
  /** Sends what was published before it, then stops. */
  close(): Promise<void>;
}
