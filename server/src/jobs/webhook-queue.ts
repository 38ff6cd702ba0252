/**
 * Durable webhook delivery on pg-boss. A write records its deliveries and their jobs in its own
 * transaction, so a committed event always gets delivered, and a rolled-back one never does;
 * pg-boss retries failed attempts with exponential backoff, across restarts. Workers poll, so
 * this works on the embedded Postgres too, whose LISTEN/NOTIFY does not cross connections.
 */
import type { ThreadView, WebhookEventName } from '@booth/shared';
import type { Kysely, Transaction } from 'kysely';
import type PgBoss from 'pg-boss';
import { type Agent, fetch } from 'undici';
import type { Database, SiteRow } from '../db/database.js';
import { insertEscalation, questionsToEscalate } from '../db/escalations.queries.js';
import type { Executor } from '../db/executor.js';
import { findLatestReport } from '../db/reports.queries.js';
import { findSiteById } from '../db/sites.queries.js';
import { findDelivery, insertDelivery, overdueQuestions, recordAttempt, webhooksFor } from '../db/webhooks.queries.js';
import { newCallbackRef } from '../domain/escalations.js';
import type { EventSink } from '../domain/event-sink.js';
import { postView, threadView } from '../domain/lookups.js';
import { threadPageUrl } from '../domain/thread-links.js';
import { SIGNATURE_HEADER, signWebhook } from '../domain/webhooks/signature.js';
import { webhookAgent } from '../domain/webhooks/webhook-targets.js';
import { type JobQueue, jobsIn, workEach } from './job-queue.js';

const DELIVER_QUEUE = 'booth-webhook-deliver';
const SCAN_QUEUE = 'booth-webhook-scan';
/** Overdue questions announced per scan; the rest follow on the next one. */
const SCAN_BATCH = 500;

export interface WebhookQueueOptions {
  db: Kysely<Database>;
  /** The node's shared job queue. */
  jobs: JobQueue;
  /** Public URL of this server, for thread links in payloads. */
  publicUrl: string;
  now: () => Date;
  log: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
  /** Attempts after the first before a delivery is given up. Default 8 (roughly 9 to 17 minutes in all, with jitter). */
  retryLimit?: number;
  /** Base delay of the first retry in seconds (pg-boss waits 1 to 2 times it); each next one doubles. Default 2. */
  retryDelaySeconds?: number;
  /** How often an idle worker looks for due jobs. Default 2 seconds (pg-boss's minimum is 0.5). */
  pollingIntervalSeconds?: number;
  /** Deliveries attempted at once by this node. Default 4. */
  concurrency?: number;
  /** Time a receiver has to answer, in ms. Default 10 000. */
  timeoutMs?: number;
  /** Cron schedule of the unanswered-question scan. Default every minute; null disables it. */
  scanCron?: string | null;
  /** Networks deliveries may reach besides public addresses (see `webhook-targets.ts`). Default none. */
  internalTargets?: readonly string[];
}

/**
 * What the delivery log says when no HTTP answer came back. One wording for refused, reset,
 * unreachable, unknown name, timed out and forbidden targets alike, so the log cannot be used to
 * probe which hosts and ports exist; the server log keeps the cause for operators.
 */
export const UNREACHABLE = 'no answer from the receiver';

interface DeliverJob {
  deliveryId: string;
}

export class WebhookQueue implements EventSink {
  private boss: PgBoss | null = null;
  private readonly inFlight = new AbortController();
  private readonly agent: Agent;

  constructor(private readonly options: WebhookQueueOptions) {
    this.agent = webhookAgent(options.internalTargets ?? [], options.timeoutMs ?? 10_000);
  }

  /** Installs or upgrades pg-boss's tables and starts the workers. */
  async start(): Promise<void> {
    const boss = await this.options.jobs.boss();
    this.boss = boss;
    const o = this.options;
    const policy = {
      name: DELIVER_QUEUE,
      retryLimit: o.retryLimit ?? 8,
      retryDelay: o.retryDelaySeconds ?? 2,
      retryBackoff: true,
      // A node that dies mid-attempt leaves its job active; it is retried after this.
      expireInSeconds: Math.ceil((o.timeoutMs ?? 10_000) / 1000) + 50,
    };
    // Creating an existing queue changes nothing: the update applies changed retry settings.
    await boss.createQueue(DELIVER_QUEUE, policy);
    await boss.updateQueue(DELIVER_QUEUE, policy);
    const work = { includeMetadata: true as const, pollingIntervalSeconds: o.pollingIntervalSeconds ?? 2 };
    for (let i = 0; i < (o.concurrency ?? 4); i++) {
      await workEach<DeliverJob>(boss, DELIVER_QUEUE, work.pollingIntervalSeconds, async (job) => {
        await this.attempt(job.data.deliveryId, job.retryCount >= job.retryLimit);
      });
    }
    if (o.scanCron !== null) {
      await boss.createQueue(SCAN_QUEUE, { name: SCAN_QUEUE, retryLimit: 0 });
      await boss.schedule(SCAN_QUEUE, o.scanCron ?? '* * * * *');
      await boss.work(SCAN_QUEUE, work, async () => {
        const now = this.options.now();
        await this.scanUnanswered(now);
        await this.scanEscalations(now);
      });
    }
  }

  /** Stops taking jobs; attempts still running are cut off after two seconds (the job queue waits for them). */
  async stop(): Promise<void> {
    const boss = this.boss;
    if (!boss) return;
    this.boss = null;
    setTimeout(() => this.inFlight.abort(), 2000).unref();
    await boss.offWork(DELIVER_QUEUE);
    await boss.offWork(SCAN_QUEUE);
    await this.agent.close();
  }

  async onEvent(tx: Transaction<Database>, site: SiteRow, event: { kind: string }): Promise<void> {
    const e = event as { kind: string; thread?: ThreadView; postId?: string; threadId?: string };
    // The payload is only read from the database when some webhook wants the event.
    if (e.kind === 'thread.created' && e.thread?.kind === 'question' && e.thread.status !== 'hidden') {
      const thread = e.thread;
      await this.enqueue(tx, site, 'question.created', `question.created:${thread.id}`, async () => ({
        thread,
        question: await postView(tx, thread.rootPostId),
        url: this.url(site, thread),
      }));
    } else if (e.kind === 'thread.updated' && e.thread?.acceptedPostId) {
      const thread = e.thread;
      const answerId = e.thread.acceptedPostId;
      await this.enqueue(tx, site, 'answer.accepted', `answer.accepted:${thread.id}:${answerId}`, async () => ({
        thread,
        answer: await postView(tx, answerId),
        url: this.url(site, thread),
      }));
    } else if (e.kind === 'thread.escalated' && e.threadId) {
      const escalated = event as unknown as { threadId: string; callbackRef: string; reason: 'manual' | 'automatic' };
      await this.enqueueEscalation(tx, site, escalated);
    } else if (e.kind === 'report.created' && e.postId && e.threadId) {
      const { postId, threadId } = e;
      const report = await findLatestReport(tx, postId);
      await this.enqueue(tx, site, 'report.created', `report.created:${report?.id ?? postId}`, async () => {
        const thread = await threadView(tx, threadId);
        return {
          report: { id: report?.id ?? null, reason: report?.reason ?? null },
          post: await postView(tx, postId),
          thread,
          url: this.url(site, thread),
        };
      });
    }
  }

  /**
   * Records a delivery per webhook of the site that wants `event`, and a job for each, in the
   * caller's transaction. A dedupe key already used for a webhook adds nothing.
   */
  async enqueue(
    tx: Executor,
    site: Pick<SiteRow, 'id' | 'public_key' | 'name'>,
    event: WebhookEventName,
    dedupeKey: string,
    data: () => Promise<object>,
  ): Promise<string[]> {
    const hooks = await webhooksFor(tx, site.id, event);
    if (hooks.length === 0) return [];
    const now = this.options.now();
    const payload = {
      event,
      createdAt: now.toISOString(),
      site: { key: site.public_key, name: site.name },
      data: await data(),
    };
    const ids: string[] = [];
    for (const hook of hooks) {
      const id = await insertDelivery(tx, { webhookId: hook.id, siteId: site.id, event, dedupeKey, payload, now });
      if (id !== null) ids.push(id);
    }
    if (ids.length > 0) {
      if (!this.boss) throw new Error('webhook queue is stopped');
      await this.boss.insert(
        ids.map((deliveryId) => ({ name: DELIVER_QUEUE, data: { deliveryId } })),
        { db: jobsIn(tx) },
      );
    }
    return ids;
  }

  /**
   * `thread.escalated`: the thread, its question, and the callback the helpdesk answers through:
   * the API's reply route and the reference that ties the answer to this escalation.
   */
  private async enqueueEscalation(
    tx: Executor,
    site: Pick<SiteRow, 'id' | 'public_key' | 'name'>,
    e: { threadId: string; callbackRef: string; reason: 'manual' | 'automatic' },
  ): Promise<string[]> {
    return this.enqueue(tx, site, 'thread.escalated', `thread.escalated:${e.threadId}`, async () => {
      const thread = await threadView(tx, e.threadId);
      return {
        thread,
        question: await postView(tx, thread.rootPostId),
        url: this.url(site, thread),
        reason: e.reason,
        callback: {
          reference: e.callbackRef,
          reply: {
            method: 'POST',
            url: `${this.options.publicUrl}/api/v1/threads/${thread.id}/replies`,
            body: { body: '…', agentName: '…', callbackRef: e.callbackRef },
          },
        },
      };
    });
  }

  /**
   * Escalates the questions of sites with automatic escalation that waited past the unanswered
   * threshold (once each), sending `thread.escalated`; returns how many it escalated.
   */
  async scanEscalations(now: Date): Promise<number> {
    const due = await questionsToEscalate(this.options.db, now, SCAN_BATCH);
    let made = 0;
    for (const q of due) {
      const site = await findSiteById(this.options.db, q.site_id);
      if (!site) continue;
      made += await this.options.db.transaction().execute(async (tx) => {
        const callbackRef = newCallbackRef();
        const escalation = {
          threadId: q.thread_id,
          siteId: site.id,
          callbackRef,
          reason: 'automatic' as const,
          escalatedBy: null,
          now,
        };
        if (!(await insertEscalation(tx, escalation))) return 0;
        await this.enqueueEscalation(tx, site, { threadId: q.thread_id, callbackRef, reason: 'automatic' });
        return 1;
      });
    }
    return made;
  }

  /** Announces questions that passed their site's unanswered threshold; returns how many deliveries it made. */
  async scanUnanswered(now: Date): Promise<number> {
    const overdue = await overdueQuestions(this.options.db, now, SCAN_BATCH);
    let made = 0;
    const sites = new Map<string, SiteRow | undefined>();
    for (const q of overdue) {
      if (!sites.has(q.site_id)) sites.set(q.site_id, await findSiteById(this.options.db, q.site_id));
      const site = sites.get(q.site_id);
      if (!site) continue;
      made += await this.options.db.transaction().execute(async (tx) => {
        const thread = await threadView(tx, q.thread_id);
        const ids = await this.enqueue(
          tx,
          site,
          'question.unanswered',
          `question.unanswered:${q.thread_id}`,
          async () => ({
            thread,
            waitingMinutes: Math.floor((now.getTime() - q.created_at.getTime()) / 60_000),
            thresholdMinutes: q.threshold_minutes,
            url: this.url(site, thread),
          }),
        );
        return ids.length;
      });
    }
    return made;
  }

  /** One attempt at a delivery; throws when it failed so pg-boss retries it. */
  private async attempt(deliveryId: string, last: boolean): Promise<void> {
    const db = this.options.db;
    const delivery = await findDelivery(db, deliveryId);
    if (delivery?.status !== 'pending') return;
    if (!delivery.active) {
      await recordAttempt(db, deliveryId, {
        status: 'failed',
        httpStatus: null,
        error: 'webhook disabled',
        at: new Date(),
      });
      return;
    }
    const body = JSON.stringify({ id: delivery.id, ...(delivery.payload as object) });
    // Signed with the server's clock, the one receivers are told to compare the timestamp with.
    const sentAt = this.options.now();
    let httpStatus: number | null = null;
    let error: string | null = null;
    try {
      const response = await fetch(delivery.url, {
        method: 'POST',
        redirect: 'manual',
        dispatcher: this.agent,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Booth-Webhooks/1',
          'booth-event': delivery.event,
          'booth-delivery': delivery.id,
          [SIGNATURE_HEADER]: signWebhook(delivery.secret, body, Math.floor(sentAt.getTime() / 1000)),
        },
        body,
        signal: AbortSignal.any([this.inFlight.signal, AbortSignal.timeout(this.options.timeoutMs ?? 10_000)]),
      });
      httpStatus = response.status;
      await response.body?.cancel();
      if (response.status < 200 || response.status >= 300) error = `receiver answered ${response.status}`;
    } catch (e) {
      error = UNREACHABLE;
      const cause = e instanceof Error && e.cause instanceof Error ? e.cause : e;
      this.options.log.warn({ err: cause, deliveryId, webhookId: delivery.webhook_id }, 'webhook delivery failed');
    }
    const status = error === null ? 'delivered' : last ? 'failed' : 'pending';
    await recordAttempt(db, deliveryId, { status, httpStatus, error, at: sentAt });
    if (error !== null) throw new Error(`webhook delivery ${deliveryId} failed: ${error}`);
  }

  private url(site: Pick<SiteRow, 'public_key'>, thread: ThreadView): string {
    return threadPageUrl(this.options.publicUrl, site.public_key, thread.id, thread.title);
  }
}
