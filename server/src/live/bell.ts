/**
 * The widget's bell: a signed-in member's sockets on this node that asked for their unread
 * answers and replies, and the push of a fresh list when it changes. Which members changed
 * reaches every node as a signal; each node reads the lists of its own watchers only.
 */
import type { UnreadThreadView } from '@booth/shared';

/** A socket showing the bell of one member. */
export interface BellWatcher {
  readonly memberId: string;
  push(threads: UnreadThreadView[]): void;
}

export class Bell {
  private readonly watchers = new Map<string, Set<BellWatcher>>();

  constructor(
    /** Reads a member's unread threads. */
    private readonly read: (memberId: string) => Promise<UnreadThreadView[]>,
    private readonly onError: (error: unknown) => void,
  ) {}

  watch(watcher: BellWatcher): void {
    let set = this.watchers.get(watcher.memberId);
    if (!set) {
      set = new Set();
      this.watchers.set(watcher.memberId, set);
    }
    set.add(watcher);
  }

  unwatch(watcher: BellWatcher): void {
    const set = this.watchers.get(watcher.memberId);
    if (!set) return;
    set.delete(watcher);
    if (set.size === 0) this.watchers.delete(watcher.memberId);
  }

  /** Sends fresh lists to this node's watchers among `memberIds`. */
  async changed(memberIds: readonly string[]): Promise<void> {
    for (const memberId of memberIds) {
      const set = this.watchers.get(memberId);
      if (!set) continue;
      try {
        const threads = await this.read(memberId);
        for (const watcher of set) watcher.push(threads);
      } catch (error) {
        this.onError(error);
      }
    }
  }
}
