import type { Transaction } from 'kysely';
import type { Database } from '../db/database.js';
import { insertRepliesViews, type NewReply, type ReplyThreadChanges, type StoredReply } from '../db/posts.queries.js';
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

/** A write to run side by side: who writes, the thread it replies to, and what it does with the shared statements. */
export interface SideBySideWrite<R> {
  memberId: string;
  threadId: string | null;
  work(statements: ReplyStatements): Promise<R>;
}

/** Where a write stands behind the write before it in a chain (the same member's, or the same thread's). */
interface Turn {
  /** The write before it let it go on, or ended (or there is none). */
  passed: boolean;
  /** The write waits for that now. */
  waiting: boolean;
  passing: Promise<void>;
  release(): void;
  /** The write after it in the chain, by index. */
  next: number | null;
}

/**
 * Chains of writes by a key (a member, a thread): each write waits, where it asks to, until the
 * write before it in its chain passes it on or ends. A chain only points to earlier writes, so
 * no two writes wait for each other.
 */
class Turns {
  private readonly turns: Turn[] = [];
  private readonly lastOf = new Map<string, number>();

  constructor(private readonly blocked: (by: number) => void) {}

  /** Adds write `i` (the next index) to the chain of `key` (none: a chain of its own). */
  add(i: number, key: string | null): void {
    const previous = key === null ? undefined : this.lastOf.get(key);
    this.turns[i] = newTurn(previous === undefined);
    if (previous !== undefined) (this.turns[previous] as Turn).next = i;
    if (key !== null) this.lastOf.set(key, i);
  }

  /** Waits until the write before `i` in its chain passed it on (or ended). */
  async waitFor(i: number): Promise<void> {
    const turn = this.turns[i];
    if (!turn || turn.passed) return;
    turn.waiting = true;
    this.blocked(1);
    await turn.passing;
  }

  /** Lets the write after `i` in its chain go on. */
  pass(i: number): void {
    const next = this.turns[i]?.next;
    const turn = next === null || next === undefined ? undefined : this.turns[next];
    if (!turn || turn.passed) return;
    turn.passed = true;
    if (turn.waiting) {
      turn.waiting = false;
      this.blocked(-1);
    }
    turn.release();
  }
}

function newTurn(passed: boolean): Turn {
  let release = () => {};
  const passing = new Promise<void>((resolve) => (release = resolve));
  if (passed) release();
  return { passed, waiting: false, passing, release, next: null };
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
 * The lock statement reads every reply's thread and screening facts before any reply is stored,
 * so a reply that follows another of the run on the same member or the same thread waits for it
 * and is then given what that one changed, as if it ran after it:
 * - a member's reply gets its facts once the member's reply before it decided what it stores,
 *   with that post added (`withEarlierPosts`);
 * - a thread's reply gets the thread once the thread's reply before it has its changes (counters,
 *   last activity), with those applied; the insert statement stores each thread's last state.
 */
export class SideBySide {
  private running = 0;
  /** Writes blocked on something here: a statement not yet answered, or their turn. */
  private waiting = 0;
  private locks: Waiting<{ threadId: string; screening: ScreeningQuery }, LockedReplyThread | undefined>[] = [];
  private inserts: Waiting<NewReply, StoredReply>[] = [];
  /** Posts each member's replies of this run decided to store, in order. */
  private readonly decidedPosts = new Map<string, EarlierPost[]>();
  /** Each thread's changes by the replies of this run so far. */
  private readonly threadChanges = new Map<string, ReplyThreadChanges>();
  private readonly blocked = (by: number) => {
    this.waiting += by;
    if (by > 0) this.sendWhenAllWait();
  };
  /** Per write: its turn behind the same member's write before it, and behind the same thread's. */
  private readonly memberTurns = new Turns(this.blocked);
  private readonly threadTurns = new Turns(this.blocked);

  constructor(private readonly tx: Transaction<Database>) {}

  /** Runs the writes side by side; settles once all have, each with its own outcome, in order. */
  async run<R>(writes: readonly SideBySideWrite<R>[]): Promise<PromiseSettledResult<R>[]> {
    this.running = writes.length;
    for (const [i, write] of writes.entries()) {
      this.memberTurns.add(i, write.memberId);
      this.threadTurns.add(i, write.threadId);
    }
    return Promise.allSettled(
      writes.map(async (write, i) => {
        try {
          return await write.work(this.statementsFor(i, write.memberId));
        } finally {
          this.running -= 1;
          this.memberTurns.pass(i);
          this.threadTurns.pass(i);
          this.sendWhenAllWait();
        }
      }),
    );
  }

  private statementsFor(i: number, memberId: string): ReplyStatements {
    return {
      lockThreadForReply: async (threadId, screening) => {
        const read = await this.wait(this.locks, { threadId, screening });
        await this.memberTurns.waitFor(i);
        await this.threadTurns.waitFor(i);
        if (!read) return read;
        const changes = this.threadChanges.get(threadId);
        const locked = changes ? { ...read, thread: { ...read.thread, ...changes } } : read;
        const earlier = this.decidedPosts.get(memberId) ?? [];
        if (earlier.length === 0) return locked;
        return { ...locked, screening: withEarlierPosts(locked.screening, screening, earlier), earlier };
      },
      decided: (post) => {
        this.decidedPosts.set(memberId, [...(this.decidedPosts.get(memberId) ?? []), post]);
        this.memberTurns.pass(i);
      },
      insertReplyViews: (reply) => {
        const threadId = reply.thread.id;
        this.threadChanges.set(threadId, { ...this.threadChanges.get(threadId), ...reply.changes });
        this.threadTurns.pass(i);
        return this.wait(this.inserts, reply);
      },
    };
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
