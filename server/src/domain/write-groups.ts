import { compareIds } from '@booth/shared';
import { claimId } from '../db/idempotency.queries.js';
import type { Services } from './services.js';
import { commitWrites, type PendingWrite, threadOf, type WriteOutcome } from './write-group.js';

export interface WriteGroupsOptions {
  /**
   * Group transactions in flight at once; the writes that arrive meanwhile wait for the next group.
   * One by default: a second group mostly waited for the first's locks (its members' rows, a hot
   * board's row), and it split the writes into smaller groups. On 2 cores one lane committed
   * 983 and 1,033 replies/s (spread, hot board) where two committed 868 and 770 (bench/RESULTS.md).
   */
  lanes: number;
  /** Writes in one group at most. */
  maxGroup: number;
}

export const DEFAULT_WRITE_GROUPS: WriteGroupsOptions = { lanes: 1, maxGroup: 32 };

/** What the groups did so far, for metrics. */
export interface WriteGroupCounts {
  /** Group transactions started (a write alone counts as a group of one). */
  groups: number;
  /** Writes in them. */
  writes: number;
  /** Writes run again alone because their group failed. */
  retriedAlone: number;
}

interface Waiting {
  write: PendingWrite;
  resolve(outcome: WriteOutcome): void;
  reject(error: unknown): void;
}

/**
 * Group commit for replies. Each reply costs a transaction's round trips to Postgres and a commit,
 * and on a busy board every reply waits for the board's row from its event append to its commit.
 * Here, the replies that arrive while the node's earlier groups commit are committed together:
 * one transaction, one claim of their keys, one event append for all their boards, one commit, one NOTIFY.
 * Nothing waits on a timer: under light load a reply commits alone as soon as it arrives; under
 * load the groups grow by themselves.
 *
 * Only replies are grouped: a reply locks its writer and one thread, known before it runs, so a
 * group can take its members in id order (`claimKeys`) and then its threads in id order, as any
 * other transaction does (see `runWrite`). Each reply keeps its own outcome: a failure rolls the
 * group back and runs its replies again one by one.
 */
export class WriteGroups {
  private readonly queue: Waiting[] = [];
  private running = 0;
  private scheduled = false;
  /** Members with writes in a group committing now (one group at most: see `takeGroup`). */
  private readonly busyMembers = new Set<string>();
  readonly counts: WriteGroupCounts = { groups: 0, writes: 0, retriedAlone: 0 };

  constructor(
    private readonly services: Services,
    private readonly options: WriteGroupsOptions = DEFAULT_WRITE_GROUPS,
  ) {}

  /** Whether this request commits in a group. */
  accepts(request: { type: string }): boolean {
    return request.type === 'post.create';
  }

  /** Queues a write for the next group; resolves once it committed (or was found to be a retry). */
  submit(write: PendingWrite): Promise<WriteOutcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ write, resolve, reject });
      // The writes read in this turn of the event loop join the same group.
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => {
          this.scheduled = false;
          this.startGroups();
        });
      }
    });
  }

  private startGroups(): void {
    while (this.running < this.options.lanes && this.queue.length > 0) {
      const group = this.takeGroup();
      if (group.length === 0) return;
      const members = new Set(group.map((w) => w.write.actor.member.id));
      for (const member of members) this.busyMembers.add(member);
      this.counts.groups += 1;
      this.counts.writes += group.length;
      this.running += 1;
      void this.commit(group).then((answer) => {
        for (const member of members) this.busyMembers.delete(member);
        this.running -= 1;
        this.startGroups();
        // The next group's first statements go out before this group's writes are answered (each
        // answer is a frame to send), so Postgres works on them meanwhile.
        setImmediate(answer);
      });
    }
  }

  /**
   * The next group: the oldest writes, at most `maxGroup`, in thread id order (the order the
   * group locks them). A retry of a key already in the group waits for the next one, so each
   * key is claimed once per transaction. So does a write of a member whose writes are in a group
   * still committing: that group holds the member's row (see `claimKeys`) to its end, so the
   * write would only wait there, holding up the rest of its group; waiting here, it goes in the
   * next group, after the member's earlier writes.
   */
  private takeGroup(): Waiting[] {
    const group: Waiting[] = [];
    const keys = new Set<string>();
    for (let i = 0; i < this.queue.length && group.length < this.options.maxGroup; ) {
      const waiting = this.queue[i] as Waiting;
      const member = waiting.write.actor.member.id;
      const key = claimId(member, waiting.write.request.key);
      if (keys.has(key) || this.busyMembers.has(member)) {
        i += 1;
        continue;
      }
      keys.add(key);
      group.push(waiting);
      this.queue.splice(i, 1);
    }
    return group.sort((a, b) => compareIds(threadOf(a.write) ?? '0', threadOf(b.write) ?? '0'));
  }

  /** Commits the group; returns what answers its writes (each resolved or rejected). */
  private async commit(group: Waiting[]): Promise<() => void> {
    try {
      const outcomes = await commitWrites(
        this.services,
        group.map((w) => w.write),
      );
      return () => {
        for (const [i, waiting] of group.entries()) waiting.resolve(outcomes[i] as WriteOutcome);
      };
    } catch (error) {
      if (group.length === 1) return () => group[0]?.reject(error);
    }
    // Nothing of the group was stored: each write again on its own, so a failure is only its own.
    this.counts.retriedAlone += group.length;
    for (const waiting of group) {
      try {
        const [outcome] = await commitWrites(this.services, [waiting.write]);
        waiting.resolve(outcome as WriteOutcome);
      } catch (error) {
        waiting.reject(error);
      }
    }
    return () => {};
  }
}
