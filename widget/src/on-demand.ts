import type { ReactiveControllerHost } from 'lit';

/**
 * A part of the widget that lives in its own chunk and loads the first time it is needed, so
 * the board's first load carries only what renders the board. Create it with a loader that
 * imports the chunk and builds the part:
 *
 *     private readonly _search = new OnDemand(this, () =>
 *       import('./views/search-panel.js').then((m) => new m.SearchPanel(this, this._ctl)));
 *
 * Render from `value` (null until loaded: render without the part), act through `use`, and call
 * `load` early where a visitor is about to need it (focusing a field, opening a form). The host
 * renders again once the part arrives. A failed load (the network dropped) is forgotten, so the
 * next use tries again; `use` hands the error to its caller.
 */
export class OnDemand<T> {
  private loaded: T | null = null;
  private pending: Promise<T> | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly loader: () => Promise<T>,
  ) {}

  /** The part, once loaded. */
  get value(): T | null {
    return this.loaded;
  }

  /** Loads the part (once; later calls share the same load). */
  load(): Promise<T> {
    this.pending ??= this.loader().then(
      (part) => {
        this.loaded = part;
        this.host.requestUpdate();
        return part;
      },
      (error: unknown) => {
        this.pending = null;
        throw error;
      },
    );
    return this.pending;
  }

  /** Starts loading the part ahead of need; a failure waits for the next `use`. */
  prefetch(): void {
    this.load().catch(() => undefined);
  }

  /** Runs `action` with the part: at once when loaded, else when it arrives (calls keep their order). */
  use(action: (part: T) => void, failed: (error: unknown) => void): void {
    if (this.loaded) action(this.loaded);
    else this.load().then(action, failed);
  }
}
