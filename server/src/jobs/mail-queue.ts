/**
 * Email to followers, on the node's job queue. A write enqueues ONE fan-out job with its
 * notices in its own transaction (a rolled-back write sends nothing); the fan-out worker adds
 * the news to each follower's waiting email (at most one email per person and thread per
 * window) and enqueues the emails that are due in batches; send workers render and hand them
 * to the mailer. Emails that wait for their window, and failed ones waiting for their next
 * attempt, are picked up by a scan on the same queue. Every email is a row of
 * `mail_deliveries`, which is the delivery log.
 */
import type { Kysely, RawBuilder } from 'kysely';
import type PgBoss from 'pg-boss';
import { findBoardSite } from '../db/boards.queries.js';
import type { Database, MemberRow, SiteRow } from '../db/database.js';
import type { Executor } from '../db/executor.js';
import { addUnread, findFollowPairs } from '../db/follows.queries.js';
import type { MailDeliveryRow, MailDeliveryStatus, MemberEmailRow } from '../db/mail.tables.js';
import {
  claimDeliveries,
  dueDeliveries,
  fanOutThreadMail,
  finishDelivery,
  type MailItem,
  type ThreadNews,
} from '../db/mail-deliveries.queries.js';
import { suppressedAmong } from '../db/mail-suppressions.queries.js';
import { findMemberEmails } from '../db/member-emails.queries.js';
import { findMembers } from '../db/members.queries.js';
import { findPostView } from '../db/posts.queries.js';
import { findSiteMailSettings } from '../db/site-mail-settings.queries.js';
import { findSiteById } from '../db/sites.queries.js';
import { findThreadView } from '../db/threads.queries.js';
import { isStaff } from '../domain/authorization.js';
import { brandLinksOf, pageUrlTemplate } from '../domain/brand-pages.js';
import { renderConfirmMail, renderSignInMail } from '../domain/mail/action-mail.js';
import { MAGIC_MAIL_KIND } from '../domain/mail/magic-sign-in.js';
import { MailLinkMaker, threadDeepLink } from '../domain/mail/mail-links.js';
import type { MailSink } from '../domain/mail/mail-sink.js';
import { MAIL_TOKEN_TTL } from '../domain/mail/mail-tokens.js';
import type { Mailer, OutgoingMail } from '../domain/mail/mailer.js';
import type { Notice } from '../domain/mail/notices.js';
import { type MailBrand, type RenderedItem, renderThreadMail } from '../domain/mail/thread-mail.js';
import { toPostView, toThreadView } from '../domain/mappers.js';
import {
  completeJobsIn,
  failJobs,
  insertJobsStatement,
  type JobQueue,
  jobsIn,
  workBatches,
  workEach,
} from './job-queue.js';

const FAN_OUT_QUEUE = 'booth-mail-fan-out';
const SEND_QUEUE = 'booth-mail-send';
const DUE_QUEUE = 'booth-mail-due';

/**
 * Fan-out jobs one worker takes per fetch. Every write enqueues one, so on a busy site fetching,
 * starting and completing them one at a time cost more than their work: a batch pays that once.
 */
const FAN_OUT_BATCH = 50;

/** Ten minutes: at most one email per person per thread in this time. */
export const COALESCE_WINDOW_MS = 10 * 60_000;

export interface MailQueueOptions {
  db: Kysely<Database>;
  jobs: JobQueue;
  mailer: Mailer;
  /** Public URL of this server, for links. */
  publicUrl: string;
  /** Secret that signs the tokens in links. */
  tokenSecret: string;
  /** Sender address when a site sets none. */
  defaultFrom: string;
  now: () => Date;
  log: { warn(obj: object, msg: string): void; error(obj: object, msg: string): void };
  /** At most one email per person and thread in this window, in ms. Default 10 minutes. */
  windowMs?: number;
  /** Attempts at one email before it is given up. Default 6. */
  maxAttempts?: number;
  /** Wait before the second attempt, in seconds; each next one doubles. Default 30. */
  retryDelaySeconds?: number;
  /** Emails one send job takes. Default 50. */
  batchSize?: number;
  /** Send jobs one node runs at once. Default 4. */
  concurrency?: number;
  /** How often an idle worker looks for jobs, in seconds. Default 1. */
  pollingIntervalSeconds?: number;
  /** Cron schedule of the scan for emails whose time has come. Default every minute; null disables it. */
  dueCron?: string | null;
  /** Reply-To of a thread email (reply by email), if any. */
  replyTo?: (delivery: { memberId: string; threadId: string }) => string | undefined;
  /** Told which members have new unread news (the widget's bell), after the fan-out committed. */
  onUnread?: (memberIds: string[]) => void;
}

interface FanOutJob {
  siteId: string;
  notices: Notice[];
}

interface SendJob {
  ids: string[];
}

/**
 * What the emails of one batch need, read once for the whole batch: its recipients (member,
 * address, suppression, follow) up front, and what many emails share (site, thread, post) on
 * first use.
 */
interface BatchCache {
  members: Map<string, MemberRow>;
  emails: Map<string, MemberEmailRow>;
  /** Suppressed addresses among the recipients', lower-cased. */
  suppressed: Set<string>;
  /** Follows among the batch's thread emails, as `member:thread`. */
  follows: Set<string>;
  sites: Map<string, SiteRow | undefined>;
  brands: Map<string, MailBrand & { from: { name: string; address: string }; template: string | null }>;
  threads: Map<string, ReturnType<typeof toThreadView> | null>;
  posts: Map<string, ReturnType<typeof toPostView> | null>;
}

type Composed = { mail: OutgoingMail } | { status: MailDeliveryStatus; reason: string };

/**
 * What a notice adds to the emails of its thread, and who hears of it: followers but the one who
 * did it, or the thread's author alone for what staff did to their thread.
 */
function threadNews(siteId: string, notice: Notice): ThreadNews {
  const base = { siteId, threadId: notice.threadId };
  switch (notice.type) {
    case 'reply':
      return { ...base, item: { type: 'reply', postId: notice.postId }, to: { followersExcept: notice.authorId } };
    case 'accepted':
      return { ...base, item: { type: 'accepted', postId: notice.postId }, to: { followersExcept: notice.actorId } };
    case 'moved':
      return { ...base, item: { type: 'moved', from: notice.from, to: notice.to }, to: 'thread author' };
    case 'hidden':
    case 'approved':
      return { ...base, item: { type: notice.type }, to: 'thread author' };
  }
}

export class MailQueue implements MailSink {
  private boss: PgBoss | null = null;
  private readonly links: MailLinkMaker;
  /** This node's send workers, woken when a fan-out has committed emails that are due now. */
  private sendWorkers: string[] = [];

  constructor(private readonly options: MailQueueOptions) {
    this.links = new MailLinkMaker(options.publicUrl, options.tokenSecret, options.now);
  }

  private get windowMs(): number {
    return this.options.windowMs ?? COALESCE_WINDOW_MS;
  }

  /** Creates the queues and starts the workers. */
  async start(): Promise<void> {
    const boss = await this.options.jobs.boss();
    this.boss = boss;
    const o = this.options;
    const work = { pollingIntervalSeconds: o.pollingIntervalSeconds ?? 1 };
    // Fan-out is one transaction: a failed one left nothing, so it is simply retried.
    const fanOutPolicy = { name: FAN_OUT_QUEUE, retryLimit: 10, retryDelay: 2, retryBackoff: true };
    // Send jobs need no retries of their own: a failed email goes back to pending with a later time.
    const sendPolicy = { name: SEND_QUEUE, retryLimit: 0, expireInSeconds: 15 * 60 };
    for (const policy of [fanOutPolicy, sendPolicy]) {
      await boss.createQueue(policy.name, policy);
      await boss.updateQueue(policy.name, policy);
    }
    await workBatches<FanOutJob>(boss, FAN_OUT_QUEUE, work.pollingIntervalSeconds, FAN_OUT_BATCH, (jobs) =>
      this.fanOutJobs(boss, jobs),
    );
    this.sendWorkers = [];
    for (let i = 0; i < (o.concurrency ?? 4); i++) {
      this.sendWorkers.push(
        await workEach<SendJob>(boss, SEND_QUEUE, work.pollingIntervalSeconds, async (job) => {
          await this.sendBatch(job.data.ids);
        }),
      );
    }
    if (o.dueCron !== null) {
      await boss.createQueue(DUE_QUEUE, { name: DUE_QUEUE, retryLimit: 0 });
      await boss.schedule(DUE_QUEUE, o.dueCron ?? '* * * * *');
      await boss.work(DUE_QUEUE, work, async () => {
        await this.sendDue();
      });
    }
  }

  /** Stops taking jobs; the job queue lets running ones finish. */
  async stop(): Promise<void> {
    const boss = this.boss;
    if (!boss) return;
    this.boss = null;
    for (const name of [FAN_OUT_QUEUE, SEND_QUEUE, DUE_QUEUE]) await boss.offWork(name);
  }

  async enqueueStatement(siteId: string, notices: Notice[]): Promise<RawBuilder<unknown>> {
    if (!this.boss) throw new Error('mail queue is stopped');
    return insertJobsStatement(this.boss, [{ name: FAN_OUT_QUEUE, data: { siteId, notices } satisfies FanOutJob }]);
  }

  /** Enqueues emails already recorded (e.g. an address confirmation) in the caller's transaction. */
  async enqueueSend(tx: Executor, ids: string[]): Promise<void> {
    const size = this.options.batchSize ?? 50;
    const jobs: PgBoss.JobInsert[] = [];
    for (let i = 0; i < ids.length; i += size) {
      jobs.push({ name: SEND_QUEUE, data: { ids: ids.slice(i, i + size) } satisfies SendJob });
    }
    if (jobs.length > 0) await this.insertJobs(tx, jobs);
  }

  private async insertJobs(tx: Executor, jobs: PgBoss.JobInsert[]): Promise<void> {
    if (!this.boss) throw new Error('mail queue is stopped');
    await this.boss.insert(jobs, { db: jobsIn(tx) });
  }

  /**
   * Fans out a batch of jobs in one transaction that also completes them. If that fails, each job
   * runs in a transaction of its own, so one job's failure (retried by the queue) holds up no other.
   */
  private async fanOutJobs(boss: PgBoss, jobs: PgBoss.JobWithMetadata<FanOutJob>[]): Promise<void> {
    const complete = (ids: string[]) => (tx: Executor) => completeJobsIn(boss, tx, FAN_OUT_QUEUE, ids);
    try {
      await this.fanOutMany(
        jobs.map((job) => job.data),
        complete(jobs.map((job) => job.id)),
      );
      return;
    } catch (error) {
      if (jobs.length === 1) throw error;
    }
    const failed: string[] = [];
    let reason: unknown = null;
    for (const job of jobs) {
      try {
        await this.fanOutMany([job.data], complete([job.id]));
      } catch (error) {
        failed.push(job.id);
        reason = error;
      }
    }
    if (failed.length > 0) {
      this.options.log.warn({ err: reason, jobs: failed.length }, 'mail fan-out failed; retried later');
      await failJobs(boss, FAN_OUT_QUEUE, failed, reason);
    }
  }

  /**
   * Fans out the notices of several writes, in order, in one transaction (`alsoIn` runs in it
   * last). However many writes and notices, the batch takes the same few statements: one counts
   * every reply as unread news, one adds every notice to the followers' emails.
   */
  private async fanOutMany(jobs: FanOutJob[], alsoIn?: (tx: Executor) => Promise<void>): Promise<void> {
    const now = this.options.now();
    const notices = jobs.flatMap(({ siteId, notices }) => notices.map((notice) => ({ siteId, notice })));
    const replies = notices.flatMap(({ notice }) => (notice.type === 'reply' ? [notice] : []));
    const news = notices.map(({ siteId, notice }) => threadNews(siteId, notice));
    const { unread, due } = await this.options.db.transaction().execute(async (tx) => {
      const unread = await addUnread(tx, replies);
      const rows = await fanOutThreadMail(tx, news, { now, windowMs: this.windowMs });
      const due = rows.filter((row) => row.created && row.sendAt.getTime() <= now.getTime()).map((row) => row.id);
      await this.enqueueSend(tx, due);
      await alsoIn?.(tx);
      return { unread, due };
    });
    // The send jobs are committed now: the emails leave at once, not at the workers' next poll.
    if (due.length > 0) for (const id of this.sendWorkers) this.boss?.notifyWorker(id);
    if (unread.length > 0) this.options.onUnread?.([...new Set(unread)]);
  }

  /** Sends every email whose time has come (coalesced ones, retries); returns how many were taken. */
  async sendDue(): Promise<number> {
    const now = this.options.now();
    // A worker that took an email and went quiet for this long died with it.
    const stale = new Date(now.getTime() - 15 * 60_000);
    let taken = 0;
    for (;;) {
      const ids = await dueDeliveries(this.options.db, now, stale, 500);
      if (ids.length === 0) return taken;
      taken += await this.sendBatch(ids);
      if (ids.length < 500) return taken;
    }
  }

  /** Sends the emails of a batch that are still due; returns how many it took. */
  async sendBatch(ids: string[]): Promise<number> {
    const db = this.options.db;
    const now = this.options.now();
    const claimed = await claimDeliveries(db, ids, now);
    const cache = await this.batchCache(claimed);
    // The mailer's pool holds several connections: keep them busy.
    const lanes = 5;
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(lanes, claimed.length) }, async () => {
        while (next < claimed.length) {
          const delivery = claimed[next++] as MailDeliveryRow;
          await this.sendOne(delivery, cache);
        }
      }),
    );
    return claimed.length;
  }

  /** Reads the batch's recipients in four queries rather than four per email. */
  private async batchCache(claimed: MailDeliveryRow[]): Promise<BatchCache> {
    const db = this.options.db;
    const memberIds = [...new Set(claimed.map((d) => d.member_id))];
    const threadMail = claimed.flatMap((d) =>
      d.kind === 'thread' && d.thread_id !== null ? [{ memberId: d.member_id, threadId: d.thread_id }] : [],
    );
    const [members, emails, follows] = await Promise.all([
      findMembers(db, memberIds),
      findMemberEmails(db, memberIds),
      findFollowPairs(db, threadMail),
    ]);
    return {
      members: new Map(members.map((m) => [m.id, m])),
      emails: new Map(emails.map((e) => [e.member_id, e])),
      suppressed: await suppressedAmong(
        db,
        emails.map((e) => e.address),
      ),
      follows,
      sites: new Map(),
      brands: new Map(),
      threads: new Map(),
      posts: new Map(),
    };
  }

  private async sendOne(delivery: MailDeliveryRow, cache: BatchCache): Promise<void> {
    const db = this.options.db;
    let composed: Composed;
    try {
      composed = await this.compose(delivery, cache);
    } catch (error) {
      this.options.log.error({ err: error, delivery: delivery.id }, 'email could not be composed');
      composed = { status: 'failed', reason: error instanceof Error ? error.message : String(error) };
    }
    if ('status' in composed) {
      await finishDelivery(db, delivery.id, { status: composed.status, error: composed.reason });
      return;
    }
    try {
      const sent = await this.options.mailer.send(composed.mail);
      await finishDelivery(db, delivery.id, { status: 'sent', messageId: sent.messageId });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const last = delivery.attempts >= (this.options.maxAttempts ?? 6);
      this.options.log.warn({ delivery: delivery.id, attempt: delivery.attempts, error: message }, 'email not sent');
      if (last) {
        await finishDelivery(db, delivery.id, { status: 'failed', error: message });
        return;
      }
      const delayMs = (this.options.retryDelaySeconds ?? 30) * 1000 * 2 ** (delivery.attempts - 1);
      const retryAt = new Date(this.options.now().getTime() + delayMs);
      await finishDelivery(db, delivery.id, { status: 'pending', error: message, retryAt });
    }
  }

  private async brand(siteId: string, cache: BatchCache) {
    const known = cache.brands.get(siteId);
    if (known) return known;
    const db = this.options.db;
    const site = await findSiteById(db, siteId);
    if (!site) return undefined;
    cache.sites.set(siteId, site);
    const settings = await findSiteMailSettings(db, siteId);
    const brand = {
      siteName: site.name,
      language: site.language,
      accent: settings.accentColor ?? '',
      from: { name: settings.fromName ?? site.name, address: settings.fromAddress ?? this.options.defaultFrom },
      template: await pageUrlTemplate(db, siteId),
    };
    cache.brands.set(siteId, brand);
    return brand;
  }

  private async thread(threadId: string, cache: BatchCache) {
    if (!cache.threads.has(threadId)) {
      const row = await findThreadView(this.options.db, threadId);
      cache.threads.set(threadId, row ? toThreadView(row) : null);
    }
    return cache.threads.get(threadId) ?? null;
  }

  private async post(postId: string, cache: BatchCache) {
    if (!cache.posts.has(postId)) {
      const row = await findPostView(this.options.db, postId);
      cache.posts.set(postId, row ? toPostView(row) : null);
    }
    return cache.posts.get(postId) ?? null;
  }

  /** Builds one email, or says why none goes out. */
  private async compose(delivery: MailDeliveryRow, cache: BatchCache): Promise<Composed> {
    const member = cache.members.get(delivery.member_id);
    const email = cache.emails.get(delivery.member_id);
    if (!member || !email) return { status: 'skipped', reason: 'no address' };
    if (cache.suppressed.has(email.address.trim().toLowerCase()))
      return { status: 'suppressed', reason: 'address bounced or complained' };
    const brand = await this.brand(delivery.site_id, cache);
    if (!brand) return { status: 'skipped', reason: 'site gone' };
    const site = cache.sites.get(delivery.site_id) as SiteRow;
    const host = new URL(this.options.publicUrl).hostname;
    const base = { siteId: delivery.site_id, from: brand.from, to: email.address };

    if (delivery.kind === 'confirm') {
      if (email.confirmed_at !== null) return { status: 'skipped', reason: 'already confirmed' };
      const url = this.links.link('confirm', member.id, email.confirm_nonce);
      return {
        mail: {
          ...base,
          ...renderConfirmMail(brand, member.name, url),
          headers: { 'Auto-Submitted': 'auto-generated' },
        },
      };
    }

    if (delivery.kind === MAGIC_MAIL_KIND && delivery.thread_id !== null) {
      // Asked for by the person just now: sent even when thread email is off, never unconfirmed.
      if (email.confirmed_at === null) return { status: 'skipped', reason: 'address not confirmed' };
      const url = this.links.link('magic', member.id, delivery.thread_id);
      return {
        mail: {
          ...base,
          ...renderSignInMail(brand, member.name, url, MAIL_TOKEN_TTL.magic / 60),
          headers: { 'Auto-Submitted': 'auto-generated' },
        },
      };
    }

    if (delivery.kind !== 'thread' || delivery.thread_id === null) return { status: 'skipped', reason: 'unknown kind' };
    if (email.confirmed_at === null) return { status: 'skipped', reason: 'address not confirmed' };
    if (email.all_off_at !== null) return { status: 'skipped', reason: 'all email turned off' };
    const threadId = delivery.thread_id;
    if (!cache.follows.has(`${member.id}:${threadId}`)) return { status: 'skipped', reason: 'not following' };
    const thread = await this.thread(threadId, cache);
    if (!thread) return { status: 'skipped', reason: 'thread gone' };
    const items: RenderedItem[] = [];
    for (const item of delivery.items as MailItem[]) {
      if (item.type === 'reply' || item.type === 'accepted') {
        const post = await this.post(item.postId, cache);
        // A reply hidden or deleted since is not told.
        if (post?.status !== 'visible') continue;
        const common = { author: post.author.name, staff: isStaff(post.author), text: post.source, html: post.html };
        items.push(
          item.type === 'reply'
            ? { type: 'reply', ...common, accepted: thread.acceptedPostId === post.id }
            : { type: 'accepted', ...common },
        );
      } else if (item.type === 'moved') items.push({ type: 'moved', to: item.to });
      else items.push({ type: item.type });
    }
    if (items.length === 0) return { status: 'skipped', reason: 'nothing left to tell' };
    if (thread.status === 'hidden' && !items.some((i) => i.type === 'hidden')) {
      return { status: 'skipped', reason: 'thread hidden' };
    }
    const unfollow = this.links.link('unfollow', member.id, threadId);
    const account = this.links.link('account', member.id, '0');
    const rendered = renderThreadMail({
      brand,
      recipientName: member.name,
      threadTitle: thread.title,
      question: thread.kind === 'question',
      items,
      links: {
        open: this.links.link('open', member.id, threadId),
        unfollow,
        unfollowAll: this.links.link('unfollow_all', member.id, '0'),
        account,
        ...(member.guest ? { keepPosts: account } : {}),
      },
    });
    const replyTo = this.options.replyTo?.({ memberId: member.id, threadId });
    return {
      mail: {
        ...base,
        ...rendered,
        ...(replyTo ? { replyTo } : {}),
        headers: {
          'List-Unsubscribe': `<${unfollow}>`,
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
          'List-Id': `<${site.public_key}.${host}>`,
          'Auto-Submitted': 'auto-generated',
          // Mail clients group every email of one thread together.
          References: `<thread-${threadId}@${host}>`,
        },
      },
    };
  }

  /** Where the thread opens for people (used by the open link). */
  async deepLink(threadId: string): Promise<string | null> {
    const row = await findThreadView(this.options.db, threadId);
    if (!row) return null;
    const thread = toThreadView(row);
    const site = await findBoardSite(this.options.db, row.board_id);
    if (!site) return null;
    const onBrand = await brandLinksOf(this.options.db, site.id, thread);
    return threadDeepLink(this.options.publicUrl, onBrand(null), site.public_key, thread);
  }
}
