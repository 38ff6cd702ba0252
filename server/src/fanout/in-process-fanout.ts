import type { Fanout } from './fanout.js';
import type { Signal } from './signals.js';

/** Fan-out within one process: the embedded Postgres serves a single node, so no broker is needed. */
export class InProcessFanout implements Fanout {
  private wakeHandlers: Array<(boardId: string, seq: number) => void> = [];
  private signalHandlers: Array<(signal: Signal) => void> = [];
  readonly connected = true;

  publish(_siteId: string, boardId: string, seq: number): void {
    for (const handler of this.wakeHandlers) handler(boardId, seq);
  }

  onWake(handler: (boardId: string, seq: number) => void): void {
    this.wakeHandlers.push(handler);
  }

  publishSignal(signal: Signal): void {
    // Once the sender's call has returned, as a signal from another node would arrive.
    queueMicrotask(() => {
      for (const handler of this.signalHandlers) handler(signal);
    });
  }

  onSignal(handler: (signal: Signal) => void): void {
    this.signalHandlers.push(handler);
  }

  onResync(): void {}

  async close(): Promise<void> {
    this.wakeHandlers = [];
    this.signalHandlers = [];
  }
}
