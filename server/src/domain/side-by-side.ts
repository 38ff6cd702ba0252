import type { Transaction } from 'kysely';
import type { Database } from '../db/database.js';
import { insertRepliesViews, type NewReply, type StoredReply } from '../db/posts.queries.js';
import { type EarlierPost, type ScreeningQuery, withEarlierPosts } from '../db/screening.queries.js';
import { type LockedReplyThread, lockThreadsForReplies } from '../db/threads.queries.js';

/**
 * The statements of a reply that writes running side by side in one transaction send as one:
 * locking the thread with what screening reads, and inserting the reply with its thread's change.
 * A write outside a group gets the same methods, each sent at once.
 */
export interface ReplyStatements {
  lockThreadForReply(threadId: string, screening: ScreeningQuery): Promise<LockedReplyThread | undefined>;
  /**
   * Says what the reply will store, once screened and before it is inserted: the writer's next
   * reply beside it is screened as if it were stored already.
   */
  decided(post: EarlierPost): void;
  insertReplyViews(reply: NewReply): Promise<StoredReply>;
}

/** A write to run side by side: who writes, and what it does with the shared statements. */
export interface SideBySideWrite<R> {
  memberId: string;
  work(statements: ReplyStatements): Promise<R>;
}

/** Where a write stands behind the same member's write before it in a run. */
interface Turn {
  /** The write before it decided what it stores, or ended (or there is none). */
  passed: boolean;
  /** The write waits for that now. */
  waiting: boolean;
  passing: Promise<void>;
  release(): void;
  /** The member's write after it, by index. */
  next: number | null;
}

interface Waiting<I, O> {
  input: I;
  resolve(output: O): void;
  reject(error: unknown): void;
}

/**
 * Runs writes of one transaction side by side and sends their reply statements together: a
 * statement waits until every write still running waits on one too (or has finished), and then
 * those of each kind go as one, locks first. Nothing waits on a timer, and a write that runs a
 * statement of its own (a parent post's lookup, say) is waited for: it comes to the next one
 * like the others.
 *
 * The writes of one run reply to distinct threads. One member's replies may be among them: the
 * lock statement reads their screening facts all before any of them is stored, so each of the
 * member's replies gets its facts only once the member's reply before it has decided what it
 * stores, with that post added (`withEarlierPosts`), as if it ran after it.
 */
export class SideBySide {
  private running = 0;
  /** Writes blocked on something here: a statement not yet answered, or their turn. */
  private waiting = 0;
  private locks: Waiting<{ threadId: string; screening: ScreeningQuery }, LockedReplyThread | undefined>[] = [];
  private inserts: Waiting<NewReply, StoredReply>[] = [];
  /** Posts each member's replies of this run decided to store, in order. */
  private readonly decidedPosts = new Map<string, EarlierPost[]>();
  /** Per write: whether the member's write before it has decided (or ended), and the one after it. */
  private readonly turns: Turn[] = [];

  constructor(private readonly tx: Transaction<Database>) {}

  /** Runs the writes side by side; settles once all have, each with its own outcome, in order. */
  async run<R>(writes: readonly SideBySideWrite<R>[]): Promise<PromiseSettledResult<R>[]> {
    this.running = writes.length;
    const lastOf = new Map<string, number>();
    for (const [i, write] of writes.entries()) {
      this.turns.push(this.newTurn(!lastOf.has(write.memberId)));
      const previous = lastOf.get(write.memberId);
      if (previous !== undefined) (this.turns[previous] as Turn).next = i;
      lastOf.set(write.memberId, i);
    }
    return Promise.allSettled(
      writes.map(async (write, i) => {
        try {
          return await write.work(this.statementsFor(i, write.memberId));
        } finally {
          this.running -= 1;
          this.passTurn(i);
          this.sendWhenAllWait();
        }
      }),
    );
  }

  private statementsFor(i: number, memberId: string): ReplyStatements {
    return {
      lockThreadForReply: async (threadId, screening) => {
        const locked = await this.wait(this.locks, { threadId, screening });
        await this.turnOf(i);
        const earlier = this.decidedPosts.get(memberId) ?? [];
        if (!locked || earlier.length === 0) return locked;
        return { ...locked, screening: withEarlierPosts(locked.screening, screening, earlier), earlier };
      },
      decided: (post) => {
        this.decidedPosts.set(memberId, [...(this.decidedPosts.get(memberId) ?? []), post]);
        this.passTurn(i);
      },
      insertReplyViews: (reply) => this.wait(this.inserts, reply),
    };
  }

  private newTurn(passed: boolean): Turn {
    let release = () => {};
    const passing = new Promise<void>((resolve) => (release = resolve));
    if (passed) release();
    return { passed, waiting: false, passing, release, next: null };
  }

  /** Waits until the member's write before this one has decided (or ended). */
  private async turnOf(i: number): Promise<void> {
    const turn = this.turns[i];
    if (!turn || turn.passed) return;
    turn.waiting = true;
    this.waiting += 1;
    this.sendWhenAllWait();
    await turn.passing;
  }

  /** Lets the member's write after this one go on. */
  private passTurn(i: number): void {
    const next = this.turns[i]?.next;
    const turn = next === null || next === undefined ? undefined : this.turns[next];
    if (!turn || turn.passed) return;
    turn.passed = true;
    if (turn.waiting) {
      turn.waiting = false;
      this.waiting -= 1;
    }
    turn.release();
  }

  private wait<I, O>(queue: Waiting<I, O>[], input: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      queue.push({ input, resolve, reject });
      this.waiting += 1;
      this.sendWhenAllWait();
    });
  }

  private sendWhenAllWait(): void {
    if (this.waiting < this.running || (this.locks.length === 0 && this.inserts.length === 0)) return;
    const locks = this.locks.splice(0);
    const inserts = this.inserts.splice(0);
    void this.send(locks, (inputs) => lockThreadsForReplies(this.tx, inputs)).then(() =>
      this.send(inserts, (inputs) => insertRepliesViews(this.tx, inputs)),
    );
  }

  private async send<I, O>(batch: Waiting<I, O>[], statement: (inputs: I[]) => Promise<O[]>): Promise<void> {
    if (batch.length === 0) return;
    try {
      const outputs = await statement(batch.map((w) => w.input));
      this.waiting -= batch.length;
      for (const [i, waiting] of batch.entries()) waiting.resolve(outputs[i] as O);
    } catch (error) {
      this.waiting -= batch.length;
      for (const waiting of batch) waiting.reject(error);
    }
  }
}
