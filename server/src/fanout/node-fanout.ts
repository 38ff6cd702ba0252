import { decodeSignal, type Signal } from './signals.js';

type WakeHandler = (boardId: string, seq: number) => void;
type SignalHandler = (signal: Signal) => void;

/** What a fan-out reports besides wake-ups and signals. */
export interface FanoutReports {
  /** A handler failed, or a connection problem. */
  onError?: (error: unknown) => void;
  /** A malformed signal arrived and was dropped, for this reason. */
  onInvalidSignal?: (reason: string) => void;
}

/**
 * The handlers a fan-out hands what it hears to, whatever carries it: wake-ups, signals (checked
 * here, so a malformed one never reaches a handler) and "re-read everything".
 */
export class FanoutListeners {
  private wakeHandlers: WakeHandler[] = [];
  private signalHandlers: SignalHandler[] = [];
  private resyncHandlers: Array<() => void> = [];

  constructor(private readonly reports: FanoutReports) {}

  onWake(handler: WakeHandler): void {
    this.wakeHandlers.push(handler);
  }

  onSignal(handler: SignalHandler): void {
    this.signalHandlers.push(handler);
  }

  onResync(handler: () => void): void {
    this.resyncHandlers.push(handler);
  }

  wake(boardId: string, seq: number): void {
    for (const handler of this.wakeHandlers) handler(boardId, seq);
  }

  /** Decodes and checks a signal's payload, then hands it to every handler; one failing does not stop the rest. */
  signal(payload: string): void {
    const decoded = decodeSignal(payload);
    if (!decoded.ok) {
      this.reports.onInvalidSignal?.(decoded.reason);
      return;
    }
    for (const handler of this.signalHandlers) {
      try {
        handler(decoded.signal);
      } catch (error) {
        this.reports.onError?.(error);
      }
    }
  }

  resync(): void {
    for (const handler of this.resyncHandlers) handler();
  }
}

/** Waits for `work`, but no longer than `ms`: a fan-out closing sends what it can in that time. */
export async function waitAtMost(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  await Promise.race([work, timeout]).catch(() => {});
  clearTimeout(timer);
}

/**
 * What every fan-out between nodes shares: registering handlers, batching what one tick publishes,
 * and closing once however often `close` is called. Subclasses hand what they hear to `listeners`
 * and implement `flush` and `shutdown`.
 */
export abstract class NodeFanout {
  protected readonly listeners: FanoutListeners;
  private closing: Promise<void> | null = null;
  private flushScheduled = false;

  constructor(reports: FanoutReports) {
    this.listeners = new FanoutListeners(reports);
  }

  onWake(handler: (boardId: string, seq: number) => void): void {
    this.listeners.onWake(handler);
  }

  onSignal(handler: (signal: Signal) => void): void {
    this.listeners.onSignal(handler);
  }

  onResync(handler: () => void): void {
    this.listeners.onResync(handler);
  }

  /** Sends what was published before it, then stops. */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  /** Sends what was published in this tick at the end of it, in one go: writes in the same tick share it. */
  protected scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      this.flush();
    });
  }

  /** Sends everything published since the last flush. */
  protected abstract flush(): void;

  protected abstract shutdown(): Promise<void>;
}
