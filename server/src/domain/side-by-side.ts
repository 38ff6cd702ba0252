import type { Transaction } from 'kysely';
import type { Database } from '../db/database.js';
import { insertRepliesViews, type NewReply, type StoredReply } from '../db/posts.queries.js';
import type { ScreeningQuery } from '../db/screening.queries.js';
import { type LockedReplyThread, lockThreadsForReplies } from '../db/threads.queries.js';

/**
 * The statements of a reply that writes running side by side in one transaction send as one:
 * locking the thread with what screening reads, and inserting the reply with its thread's change.
 * A write outside a group gets the same methods, each sent at once.
 */
export interface ReplyStatements {
  lockThreadForReply(threadId: string, screening: ScreeningQuery): Promise<LockedReplyThread | undefined>;
  insertReplyViews(reply: NewReply): Promise<StoredReply>;
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
 * like the others. The writes of one run must reply to distinct threads, and come from distinct
 * members, so none of them needs to see another's row (see `commitWrites`).
 */
export class SideBySide implements ReplyStatements {
  private running = 0;
  private waiting = 0;
  private locks: Waiting<{ threadId: string; screening: ScreeningQuery }, LockedReplyThread | undefined>[] = [];
  private inserts: Waiting<NewReply, StoredReply>[] = [];

  constructor(private readonly tx: Transaction<Database>) {}

  /** Runs the writes side by side; settles once all have, each with its own outcome, in order. */
  async run<R>(writes: readonly ((statements: ReplyStatements) => Promise<R>)[]): Promise<PromiseSettledResult<R>[]> {
    this.running = writes.length;
    return Promise.allSettled(
      writes.map(async (write) => {
        try {
          return await write(this);
        } finally {
          this.running -= 1;
          this.sendWhenAllWait();
        }
      }),
    );
  }

  lockThreadForReply(threadId: string, screening: ScreeningQuery): Promise<LockedReplyThread | undefined> {
    return this.wait(this.locks, { threadId, screening });
  }

  insertReplyViews(reply: NewReply): Promise<StoredReply> {
    return this.wait(this.inserts, reply);
  }

  private wait<I, O>(queue: Waiting<I, O>[], input: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      queue.push({ input, resolve, reject });
      this.waiting += 1;
      this.sendWhenAllWait();
    });
  }

  private sendWhenAllWait(): void {
    if (this.waiting === 0 || this.waiting < this.running) return;
    const locks = this.locks.splice(0);
    const inserts = this.inserts.splice(0);
    this.waiting = 0;
    void this.send(locks, (inputs) => lockThreadsForReplies(this.tx, inputs)).then(() =>
      this.send(inserts, (inputs) => insertRepliesViews(this.tx, inputs)),
    );
  }

  private async send<I, O>(batch: Waiting<I, O>[], statement: (inputs: I[]) => Promise<O[]>): Promise<void> {
    if (batch.length === 0) return;
    try {
      const outputs = await statement(batch.map((w) => w.input));
      for (const [i, waiting] of batch.entries()) waiting.resolve(outputs[i] as O);
    } catch (error) {
      for (const waiting of batch) waiting.reject(error);
    }
  }
}
