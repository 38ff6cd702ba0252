import type { Executor } from './executor.js';
import type { MailOutboxRow } from './mail.tables.js';

export interface NewOutboxMail {
  siteId: string | null;
  to: string;
  from: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  raw: string;
  now: Date;
}

/** Keeps one email in the local outbox. */
export async function insertOutboxMail(db: Executor, mail: NewOutboxMail): Promise<string> {
  const row = await db
    .insertInto('mail_outbox')
    .values({
      site_id: mail.siteId,
      to_address: mail.to,
      from_address: mail.from,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      headers: JSON.stringify(mail.headers),
      raw: mail.raw,
      created_at: mail.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The newest emails of the outbox, newest first. */
export async function listOutbox(db: Executor, limit: number, siteId?: string): Promise<MailOutboxRow[]> {
  let query = db.selectFrom('mail_outbox').selectAll().orderBy('id', 'desc').limit(limit);
  if (siteId !== undefined) query = query.where('site_id', '=', siteId);
  return query.execute();
}

/** One email of the outbox. */
export async function findOutboxMail(db: Executor, id: string): Promise<MailOutboxRow | undefined> {
  return db.selectFrom('mail_outbox').selectAll().where('id', '=', id).executeTakeFirst();
}
