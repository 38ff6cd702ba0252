import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { getOrCreateSecret } from '../db/secrets.queries.js';
import { bellThreads, markThreadRead } from '../domain/mail/follow-threads.js';
import { MailQueue, type MailQueueOptions } from '../domain/mail/mail-queue.js';
import { createMailer, type Mailer } from '../domain/mail/mailer.js';
import { BELL_MEMBERS_PER_SIGNAL } from '../fanout/signals.js';
import { Bell } from '../live/bell.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Email to followers, or null when email is off on this node. */
    mail: MailQueue | null;
    /** Where email goes: SMTP, or the local outbox. */
    mailer: Mailer | null;
    /** Secret that signs the tokens in email links. */
    mailTokenSecret: string;
    /** Signed-in members' sockets showing the bell of unread answers and replies. */
    bell: Bell;
    /** Tells every node that these members' unread news changed. */
    ringBell(memberIds: readonly string[]): void;
    /** Marks a followed thread's news as seen by a member and updates their bells. */
    bellMarkRead(memberId: string, threadId: string): Promise<void>;
  }
}

export interface MailPluginOptions
  extends Partial<
    Pick<
      MailQueueOptions,
      | 'windowMs'
      | 'maxAttempts'
      | 'retryDelaySeconds'
      | 'batchSize'
      | 'concurrency'
      | 'pollingIntervalSeconds'
      | 'dueCron'
      | 'replyTo'
    >
  > {
  /** Send email from this node. Default true. */
  enabled?: boolean;
  /** SMTP server URL; null keeps mail in the local outbox. */
  smtpUrl: string | null;
  /** Sender address when a site sets none. */
  mailFrom: string;
  /** Public URL of the server, for links. */
  publicUrl: string;
}

/**
 * Email to followers: the mailer the configuration asks for, and the mail queue's workers on
 * the node's job queue. Hands the services the sink that turns a write's notices into one job.
 */
async function mailPlugin(app: FastifyInstance, options: MailPluginOptions) {
  app.decorate('mailTokenSecret', await getOrCreateSecret(app.db, 'mail_token'));
  const log = app.log.child({ component: 'mail' });
  const bell = new Bell(
    (memberId) => bellThreads(app.db, memberId),
    (error) => log.warn({ err: error }, 'bell update failed'),
  );
  app.fanout.onSignal((signal) => {
    if (signal.kind === 'bell') void bell.changed(signal.memberIds);
  });
  const ringBell = (memberIds: readonly string[]) => {
    for (let i = 0; i < memberIds.length; i += BELL_MEMBERS_PER_SIGNAL) {
      app.fanout.publishSignal({ kind: 'bell', memberIds: memberIds.slice(i, i + BELL_MEMBERS_PER_SIGNAL) });
    }
  };
  app.decorate('bell', bell);
  app.decorate('ringBell', ringBell);
  app.decorate('bellMarkRead', async (memberId: string, threadId: string) => {
    if (await markThreadRead(app.db, memberId, threadId)) ringBell([memberId]);
  });
  if (options.enabled === false) {
    app.decorate('mail', null);
    app.decorate('mailer', null);
    return;
  }
  const { enabled: _enabled, smtpUrl, mailFrom, ...queueOptions } = options;
  const mailer = createMailer(smtpUrl, app.db, app.services.now);
  const queue = new MailQueue({
    ...queueOptions,
    db: app.db,
    jobs: app.jobs,
    mailer,
    tokenSecret: app.mailTokenSecret,
    defaultFrom: mailFrom,
    now: app.services.now,
    log,
    onUnread: ringBell,
  });
  await queue.start();
  app.services.mail = queue;
  app.decorate('mail', queue);
  app.decorate('mailer', mailer);
  app.addHook('preClose', async () => {
    delete app.services.mail;
    await queue.stop();
  });
  app.addHook('onClose', async () => mailer.close());
}

export default fp(mailPlugin, { name: 'booth-mail', dependencies: ['booth-services', 'booth-jobs'] });
