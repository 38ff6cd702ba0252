/**
 * The node's one pg-boss instance, shared by every durable job (webhook deliveries, email).
 * Jobs are inserted with the write's own transaction (see `jobsIn`), so a committed write
 * always has its jobs and a rolled-back one never does. Started on first use, so an app that
 * runs no job at all never installs pg-boss's tables. Workers poll, so this works on the
 * embedded Postgres too, whose LISTEN/NOTIFY does not cross connections.
 */
import { CompiledQuery, type RawBuilder, sql } from 'kysely';
import PgBoss from 'pg-boss';
import type { Executor } from '../db/executor.js';
import { PREPARED_MARK } from '../db/prepared-statements.js';

export interface JobQueueOptions {
  /** Postgres URL for pg-boss's own pool. */
  url: string;
  /** Schema of pg-boss's tables. */
  schema: string;
  log: { warn(obj: object, msg: string): void };
}

/**
 * Runs SQL of pg-boss on a Kysely connection or transaction, so its jobs commit with the write.
 * Its statements (inserting and completing jobs, the same text every time) run prepared: planning
 * pg-boss's insert cost more than running it, on every write.
 */
export function jobsIn(tx: Executor): PgBoss.Db {
  return {
    executeSql: async (text, values) => {
      const result = await tx.executeQuery(CompiledQuery.raw(`${text} ${PREPARED_MARK}`, values));
      return { rows: result.rows as unknown[] as never[] };
    },
  };
}

/**
 * pg-boss's statement that inserts `jobs`, as a statement to run inside another (a write's event
 * append), so enqueueing costs the write no round trip of its own. pg-boss writes the statement;
 * its numbered parameters become the outer statement's values.
 */
export async function insertJobsStatement(boss: PgBoss, jobs: PgBoss.JobInsert[]): Promise<RawBuilder<unknown>> {
  const sent: { text: string; values: unknown[] }[] = [];
  await boss.insert(jobs, {
    db: {
      executeSql: async (text, values) => {
        sent.push({ text, values: values ?? [] });
        return { rows: [] };
      },
    },
  });
  const [statement] = sent;
  if (sent.length !== 1 || !statement) throw new Error(`pg-boss sent ${sent.length} statements to insert jobs`);
  // "…$2…" → raw text around each parameter, and the parameter's value.
  const parts = statement.text.split(/\$(\d+)/);
  return sql.join(
    parts.map((part, i) => (i % 2 === 0 ? sql.raw(part) : sql.val(statement.values[Number(part) - 1]))),
    sql``,
  );
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
export function workEach<T>(
  boss: PgBoss,
  queue: string,
  pollingIntervalSeconds: number,
  handle: (job: PgBoss.JobWithMetadata<T>) => Promise<void>,
): Promise<string> {
  return workBatches<T>(boss, queue, pollingIntervalSeconds, 1, ([job]) => (job ? handle(job) : Promise.resolve()));
}

/**
 * Starts a worker that takes up to `batchSize` jobs per fetch and hands them to `handle` together,
 * fetching again at once while jobs keep coming (as `workEach`). For jobs that are cheap one by one
 * but costly to fetch, start and complete one at a time: a busy queue then pays those once per
 * batch. The jobs come in the order they were queued. `handle` keeps each job's failure its own:
 * it completes what it did (in its own transaction, see `completeJobsIn`) and fails the rest by id;
 * what it leaves active is completed when it returns, and all of the batch fails if it throws.
 */
export async function workBatches<T>(
  boss: PgBoss,
  queue: string,
  pollingIntervalSeconds: number,
  batchSize: number,
  handle: (jobs: PgBoss.JobWithMetadata<T>[]) => Promise<void>,
): Promise<string> {
  let workerId = '';
  const options = { includeMetadata: true as const, batchSize, pollingIntervalSeconds };
  workerId = await boss.work<T>(queue, options, async (jobs) => {
    if (jobs.length === 0) return;
    // pg-boss takes the oldest jobs but returns them in no particular order (its fetch is an
    // UPDATE … RETURNING); a batch of writes' jobs is handled in the order of the writes.
    await handle(jobs.toSorted((a, b) => a.createdOn.getTime() - b.createdOn.getTime()));
    boss.notifyWorker(workerId);
  });
  return workerId;
}

/** Completes jobs in the caller's transaction, so they are done exactly when its work commits. */
export async function completeJobsIn(boss: PgBoss, tx: Executor, queue: string, ids: string[]): Promise<void> {
  await byIds(boss, 'complete')(queue, ids, null, { db: jobsIn(tx) });
}

/** Fails jobs by id with the reason stored as their output; they are retried as their queue says. */
export async function failJobs(boss: PgBoss, queue: string, ids: string[], error: unknown): Promise<void> {
  const message = error instanceof Error ? error.message : String(error);
  await byIds(boss, 'fail')(queue, ids, { message }, {});
}

/**
 * pg-boss 10 reads `(name, ids, data, options)` for both; its typings give no form with an array
 * of ids and data together, so the call is typed here once.
 */
function byIds(boss: PgBoss, verb: 'complete' | 'fail') {
  return boss[verb].bind(boss) as unknown as (
    queue: string,
    ids: string[],
    data: object | null,
    options: PgBoss.ConnectionOptions,
  ) => Promise<unknown>;
}
