/**
 * Sends one email. With `SMTP_URL` it goes over SMTP through nodemailer (pooled connections);
 * without, nodemailer builds the very same message and it is kept in the local outbox table,
 * which the demo shows at /outbox, so a machine with nothing installed still closes the loop.
 */

import type { Kysely } from 'kysely';
import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';
import type { Database } from '../../db/database.js';
import { insertOutboxMail } from '../../db/mail-outbox.queries.js';

export interface OutgoingMail {
  /** The site the email speaks for (null for server-wide mail). */
  siteId: string | null;
  from: { name: string; address: string };
  to: string;
  replyTo?: string;
  subject: string;
  text: string;
  html: string;
  /** Extra headers: List-Unsubscribe, List-Unsubscribe-Post, List-Id, Auto-Submitted… */
  headers: Record<string, string>;
}

export interface SentMail {
  messageId: string;
}

/** Where email goes. */
export interface Mailer {
  /** True when mail stays in the local outbox instead of going over SMTP. */
  readonly local: boolean;
  /** Sends one email; throws when the server refused it (the caller retries). */
  send(mail: OutgoingMail): Promise<SentMail>;
  close(): Promise<void>;
}

function message(mail: OutgoingMail): SendMailOptions {
  return {
    from: { name: mail.from.name, address: mail.from.address },
    to: mail.to,
    ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
    subject: mail.subject,
    text: mail.text,
    html: mail.html,
    headers: mail.headers,
  };
}

/** Adds `pool=true` unless the URL says otherwise: one connection per email would be slow. */
function pooledUrl(url: string): string {
  if (/[?&]pool=/.test(url)) return url;
  return `${url}${url.includes('?') ? '&' : '?'}pool=true`;
}

/** Email over SMTP to the server named by an `smtp://` or `smtps://` URL. */
export class SmtpMailer implements Mailer {
  readonly local = false;
  private readonly transport: Transporter;

  constructor(url: string) {
    this.transport = nodemailer.createTransport(pooledUrl(url));
  }

  async send(mail: OutgoingMail): Promise<SentMail> {
    const info = await this.transport.sendMail(message(mail));
    return { messageId: String(info.messageId) };
  }

  async close(): Promise<void> {
    this.transport.close();
  }
}

/** Email kept in the `mail_outbox` table, exactly as it would have gone out. */
export class OutboxMailer implements Mailer {
  readonly local = true;
  private readonly transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });

  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => Date,
  ) {}

  async send(mail: OutgoingMail): Promise<SentMail> {
    const info = await this.transport.sendMail(message(mail));
    const raw = Buffer.isBuffer(info.message) ? info.message.toString('utf8') : '';
    await insertOutboxMail(this.db, {
      siteId: mail.siteId,
      to: mail.to,
      from: mail.from.address,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      headers: mail.headers,
      raw,
      now: this.now(),
    });
    return { messageId: String(info.messageId) };
  }

  async close(): Promise<void> {}
}

/** The mailer the configuration asks for. */
export function createMailer(smtpUrl: string | null, db: Kysely<Database>, now: () => Date): Mailer {
  return smtpUrl ? new SmtpMailer(smtpUrl) : new OutboxMailer(db, now);
}
