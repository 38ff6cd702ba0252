import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Re-renders its host every `intervalMs` so relative times ("5 min ago") stay true. */
export class Clock implements ReactiveController {
  now = Date.now();
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly intervalMs = 30_000,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.now = Date.now();
    this.timer = setInterval(() => {
      this.now = Date.now();
      this.host.requestUpdate();
    }, this.intervalMs);
  }

  hostDisconnected(): void {
    clearInterval(this.timer);
  }
}
