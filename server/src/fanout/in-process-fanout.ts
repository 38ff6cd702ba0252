import type { Fanout } from './fanout.js';

/** Fan-out within one process: the embedded Postgres serves a single node, so no broker is needed. */
export class InProcessFanout implements Fanout {
  private wakeHandlers: Array<(boardId: string, seq: number) => void> = [];
  readonly connected = true;

  publish(boardId: string, seq: number): void {
    for (const handler of this.wakeHandlers) handler(boardId, seq);
  }

  onWake(handler: (boardId: string, seq: number) => void): void {
    this.wakeHandlers.push(handler);
  }

  onResync(): void {}

  async close(): Promise<void> {
    this.wakeHandlers = [];
  }
}
