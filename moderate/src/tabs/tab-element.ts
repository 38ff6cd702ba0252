import { LitElement, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import type { ModerationDesk } from '../desk.js';
import type { Strings } from '../i18n/strings.js';
import { appStyles, tabStyles } from '../styles.js';

/**
 * What every tab of the moderation view gets from the shell. A tab with data of its own
 * implements `load`; it runs when the tab appears and after every refresh of the shell.
 */
export abstract class TabElement extends LitElement {
  static override styles = [appStyles, tabStyles];

  /** The shell: requests, actions and the side panel. */
  @property({ attribute: false }) desk!: ModerationDesk;
  /** The staff member's language: every word the tab shows comes from it. */
  @property({ attribute: false }) strings!: Strings;
  /** True while an action runs; buttons that act are disabled. */
  @property({ type: Boolean }) busy = false;
  /** Goes up after every refresh of the shell. */
  @property({ type: Number }) revision = 0;
  /** The thread open in the side panel, to mark its row. */
  @property({ attribute: false }) openThreadId: string | null = null;
  /** The time the waiting times are measured to, in ms since the epoch. */
  @property({ type: Number }) now = Date.now();

  /** Loads the tab's own data; the default has none. */
  protected load(): Promise<void> {
    return Promise.resolve();
  }

  /** Copies a snippet or a secret to the clipboard and says so. */
  protected async copyText(text: string): Promise<void> {
    await navigator.clipboard?.writeText(text).catch(() => {});
    this.desk.notify(this.strings.t('common.copied'), true);
  }

  protected override updated(changed: PropertyValues): void {
    if (changed.has('revision') && this.desk) void this.load().catch(() => {});
  }
}
