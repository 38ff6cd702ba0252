/**
 * The node's one pg-boss instance, shared by every durable job (webhook deliveries, email).
 * Jobs are inserted with the write's own transaction (see `jobsIn`), so a committed write
 * always has its jobs and a rolled-back one never does. Started on first use, so an app that
 * runs no job at all never installs pg-boss's tables. Workers poll, so this works on the
 * embedded Postgres too, whose LISTEN/NOTIFY does not cross connections.
 */
import { CompiledQuery } from 'kysely';
import PgBoss from 'pg-boss';
import type { Executor } from '../db/executor.js';

export interface JobQueueOptions {
  /** Postgres URL for pg-boss's own pool. */
  url: string;
  /** Schema of pg-boss's tables. */
  schema: string;
  log: { warn(obj: object, msg: string): void };
}

/** Runs SQL of pg-boss on a Kysely connection or transaction, so its jobs commit with the write. */
export function jobsIn(tx: Executor): PgBoss.Db {
  return {
    executeSql: async (text, values) => {
      const result = await tx.executeQuery(CompiledQuery.raw(text, values));
      return { rows: result.rows as unknown[] as never[] };
    },
  };
}

export class JobQueue {
  private readonly pgBoss: PgBoss;
  private starting: Promise<PgBoss> | null = null;

  constructor(options: JobQueueOptions) {
    this.pgBoss = new PgBoss({
      connectionString: options.url,
      schema: options.schema,
      max: 4,
      application_name: 'booth-jobs',
    });
    this.pgBoss.on('error', (error) => options.log.warn({ err: error }, 'job queue problem'));
  }

  /** The started pg-boss; installs or upgrades its tables on first call. */
  boss(): Promise<PgBoss> {
    this.starting ??= this.pgBoss.start().then(() => this.pgBoss);
    return this.starting;
  }

  /** Lets running jobs finish briefly, then stops. */
  async stop(): Promise<void> {
    if (!this.starting) return;
    await this.starting.catch(() => undefined);
    this.starting = null;
    await this.pgBoss.stop({ graceful: true, wait: true, timeout: 5000 });
  }
}

/**
 * Starts a worker that takes one job per fetch and, while jobs keep coming, fetches the next at
 * once instead of after its polling interval: a backlog drains at the speed of the work, while
 * an idle worker still only polls. One job per fetch keeps each job's failure and retry its own;
 * a job that fails waits out the interval before the next fetch.
 */
export async function workEach<T>(
  boss: PgBoss,
  queue: string,
  pollingIntervalSeconds: number,
  handle: (job: PgBoss.JobWithMetadata<T>) => Promise<void>,
): Promise<string> {
  let workerId = '';
  const options = { includeMetadata: true as const, batchSize: 1, pollingIntervalSeconds };
  workerId = await boss.work<T>(queue, options, async ([job]) => {
    if (!job) return;
    await handle(job);
    boss.notifyWorker(workerId);
  });
  return workerId;
}
