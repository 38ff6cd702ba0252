/**
 * Email for staff, as each staff member chose per site (`staff.alerts.update`): an alert when
 * questions wait longer than the site's unanswered threshold with no staff reply, and a daily
 * digest of what is unanswered, reported and held for review. A scheduled job calls `tick`
 * every minute with the server's clock; what was sent is recorded, so a tick that runs twice,
 * or on two nodes, sends nothing twice.
 */
import { DEFAULT_DIGEST_HOUR } from '@booth/shared';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { findSiteMailSettings } from '../db/site-mail-settings.queries.js';
import { findSiteById } from '../db/sites.queries.js';
import {
  alertRecipients,
  claimDigest,
  claimOverdueQuestions,
  type DigestItem,
  digestOf,
  findSiteAlertTiming,
  type OverdueQuestionRow,
  releaseDigest,
  type StaffDigest,
} from '../db/staff-alerts.queries.js';
import { escapeHtml } from '../domain/escape-html.js';
import type { Mailer } from '../domain/mail/mailer.js';
import { threadPageUrl } from '../domain/thread-links.js';

export interface StaffAlertsOptions {
  db: Kysely<Database>;
  mailer: Mailer;
  now: () => Date;
  /** Public URL of this server: links to the moderation view and thread pages. */
  publicUrl: string;
  /** Sender when a site set none. */
  defaultFrom: string;
  /** Hour of the day (UTC) from which the daily digest goes out on sites that chose none. Default 8. */
  digestHourUtc?: number;
  log: { warn(obj: object, msg: string): void };
}

/** Questions claimed per tick; the rest follow on the next one. */
const CLAIM_BATCH = 200;
/** Items listed per section of an email. */
const LISTED = 10;

interface Section {
  heading: string;
  count: number;
  items: DigestItem[];
}

function formatWait(from: Date, now: Date): string {
  const minutes = Math.max(0, Math.floor((now.getTime() - from.getTime()) / 60_000));
  if (minutes < 120) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? `${hours} h` : `${Math.floor(hours / 24)} days`;
}

export class StaffAlerts {
  constructor(private readonly options: StaffAlertsOptions) {}

  /** Sends what is due at `now`: unanswered alerts, then daily digests. */
  async tick(now: Date = this.options.now()): Promise<{ alerts: number; digests: number }> {
    const alerts = await this.alertOverdue(now);
    const digests = await this.sendDigests(now);
    return { alerts, digests };
  }

  /** Emails the staff who want it about questions that just passed their site's threshold. */
  async alertOverdue(now: Date): Promise<number> {
    const db = this.options.db;
    const claimed = await claimOverdueQuestions(db, now, CLAIM_BATCH);
    const bySite = new Map<string, OverdueQuestionRow[]>();
    for (const q of claimed) bySite.set(q.site_id, [...(bySite.get(q.site_id) ?? []), q]);
    let sent = 0;
    for (const [siteId, questions] of bySite) {
      const site = await findSiteById(db, siteId);
      if (!site) continue;
      const items = questions.map((q) => ({ thread_id: q.thread_id, title: q.title, at: q.created_at }));
      const subject =
        questions.length === 1
          ? `A question is waiting for an answer: ${questions[0]?.title}`
          : `${questions.length} questions are waiting for an answer`;
      for (const to of await alertRecipients(db, 'unanswered_email', now, siteId)) {
        sent += await this.send(
          site,
          to.address,
          subject,
          [{ heading: 'Waiting longer than your alert threshold', count: items.length, items }],
          now,
        );
      }
    }
    return sent;
  }

  /**
   * Sends today's digest to every staff member who wants one and has not had it today, once
   * the hour their site's owners chose (else the server's) has come.
   */
  async sendDigests(now: Date): Promise<number> {
    const db = this.options.db;
    const day = now.toISOString().slice(0, 10);
    const digests = new Map<string, StaffDigest>();
    const hours = new Map<string, number>();
    let sent = 0;
    for (const to of await alertRecipients(db, 'daily_digest', now)) {
      if (!hours.has(to.siteId)) {
        const { digestHour } = await findSiteAlertTiming(db, to.siteId);
        hours.set(to.siteId, digestHour ?? this.options.digestHourUtc ?? DEFAULT_DIGEST_HOUR);
      }
      if (now.getUTCHours() < (hours.get(to.siteId) as number)) continue;
      if (!(await claimDigest(db, to.memberId, day, now))) continue;
      const site = await findSiteById(db, to.siteId);
      if (!site) continue;
      if (!digests.has(site.id)) digests.set(site.id, await digestOf(db, site.id, LISTED));
      const d = digests.get(site.id) as StaffDigest;
      const subject = `Daily digest: ${d.unanswered.count} unanswered, ${d.reported.count} reported, ${d.pending.count} held`;
      const ok = await this.send(
        site,
        to.address,
        subject,
        [
          { heading: 'Unanswered questions', ...d.unanswered },
          { heading: 'Reported posts', ...d.reported },
          { heading: 'Held for review', ...d.pending },
        ],
        now,
      );
      if (ok === 0) await releaseDigest(db, to.memberId, day);
      sent += ok;
    }
    return sent;
  }

  /** Sends one email; returns 1 when it went out, 0 when the mail server refused it (logged). */
  private async send(
    site: { id: string; name: string; public_key: string },
    to: string,
    subject: string,
    sections: Section[],
    now: Date,
  ): Promise<number> {
    const { publicUrl } = this.options;
    const settings = await findSiteMailSettings(this.options.db, site.id);
    const link = (item: DigestItem) => threadPageUrl(publicUrl, site.public_key, item.thread_id, item.title);
    const moderate = `${publicUrl}/moderate/`;
    const text = [
      `${site.name}: ${subject}`,
      '',
      ...sections.flatMap((s) => [
        `${s.heading}: ${s.count}`,
        ...s.items.map((i) => `- ${i.title} (${formatWait(i.at, now)}) ${link(i)}`),
        ...(s.count > s.items.length ? [`  and ${s.count - s.items.length} more`] : []),
        '',
      ]),
      `Open the moderation view: ${moderate}`,
      'Change these emails in the moderation view, under Settings.',
      '',
    ].join('\n');
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family:system-ui,sans-serif;color:#1f2328">
<h1 style="font-size:18px">${escapeHtml(site.name)}: ${escapeHtml(subject)}</h1>
${sections
  .map(
    (s) => `<h2 style="font-size:15px">${escapeHtml(s.heading)}: ${s.count}</h2>
<ul>${s.items.map((i) => `<li><a href="${escapeHtml(link(i))}">${escapeHtml(i.title)}</a> (${escapeHtml(formatWait(i.at, now))})</li>`).join('')}</ul>${
      s.count > s.items.length ? `<p>and ${s.count - s.items.length} more</p>` : ''
    }`,
  )
  .join('\n')}
<p><a href="${escapeHtml(moderate)}">Open the moderation view</a></p>
<p style="font-size:12px;color:#59636e">Change these emails in the moderation view, under Settings.</p>
</body></html>`;
    try {
      await this.options.mailer.send({
        siteId: site.id,
        from: { name: settings.fromName ?? site.name, address: settings.fromAddress ?? this.options.defaultFrom },
        to,
        subject: `[${site.name}] ${subject}`,
        text,
        html,
        headers: { 'Auto-Submitted': 'auto-generated' },
      });
      return 1;
    } catch (error) {
      this.options.log.warn({ err: error, siteId: site.id }, 'staff alert not sent');
      return 0;
    }
  }
}
