/**
 * Runs the latest of a stream of lookups (search, suggestions) once typing pauses. An answer to
 * an older lookup is dropped, so a slow reply never overwrites a newer one.
 */
export class LatestLookup {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private round = 0;

  constructor(private readonly delayMs: number) {}

  run<T>(lookup: () => Promise<T>, apply: (value: T) => void, fail: (error: unknown) => void): void {
    clearTimeout(this.timer);
    const round = ++this.round;
    this.timer = setTimeout(() => {
      lookup().then(
        (value) => round === this.round && apply(value),
        (error: unknown) => round === this.round && fail(error),
      );
    }, this.delayMs);
  }

  /** Forgets any lookup waiting or under way. */
  cancel(): void {
    clearTimeout(this.timer);
    this.round += 1;
  }
}
