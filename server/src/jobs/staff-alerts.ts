/**
 * Email for staff, as each staff member chose per site (`staff.alerts.update`): an alert when
 * questions wait longer than the site's unanswered threshold with no staff reply, and a daily
 * digest of what is unanswered, reported and held for review. A scheduled job calls `tick`
 * every minute with the server's clock; each is in the language the staff member picked in the
 * moderation view (else the site's); what was sent is recorded, so a tick that runs twice,
 * or on two nodes, sends nothing twice.
 */
import { DEFAULT_DIGEST_HOUR, type Language, type Translator } from '@booth/shared';
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
import { findStaffLanguage } from '../db/staff-preferences.queries.js';
import { escapeHtml } from '../domain/escape-html.js';
import type { Mailer } from '../domain/mail/mailer.js';
import { threadPageUrl } from '../domain/thread-links.js';
import { serverTranslator } from '../i18n/translators.js';

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

function formatWait(from: Date, now: Date, t: Translator): string {
  const minutes = Math.max(0, Math.floor((now.getTime() - from.getTime()) / 60_000));
  if (minutes < 120) return t.t('mail.staff.waitMinutes', { minutes });
  const hours = Math.floor(minutes / 60);
  return hours < 48
    ? t.t('mail.staff.waitHours', { hours })
    : t.t('mail.staff.waitDays', { days: Math.floor(hours / 24) });
}

/** The words of a staff member's email: the language they picked in the moderation view, else their site's. */
async function staffWords(db: Kysely<Database>, memberId: string, site: { language: Language }): Promise<Translator> {
  return serverTranslator((await findStaffLanguage(db, memberId)) ?? site.language);
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
      for (const to of await alertRecipients(db, 'unanswered_email', now, siteId)) {
        const t = await staffWords(db, to.memberId, site);
        const subject =
          questions.length === 1
            ? t.t('mail.staff.alertOne', { title: questions[0]?.title ?? '' })
            : t.t('mail.staff.alertMany', { count: questions.length });
        sent += await this.send(
          site,
          to.address,
          t,
          subject,
          [{ heading: t.t('mail.staff.overThreshold'), count: items.length, items }],
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
      const t = await staffWords(db, to.memberId, site);
      const subject = t.t('mail.staff.digest', {
        unanswered: d.unanswered.count,
        reported: d.reported.count,
        held: d.pending.count,
      });
      const ok = await this.send(
        site,
        to.address,
        t,
        subject,
        [
          { heading: t.t('mail.staff.unanswered'), ...d.unanswered },
          { heading: t.t('mail.staff.reported'), ...d.reported },
          { heading: t.t('mail.staff.held'), ...d.pending },
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
    t: Translator,
    subject: string,
    sections: Section[],
    now: Date,
  ): Promise<number> {
    const { publicUrl } = this.options;
    const settings = await findSiteMailSettings(this.options.db, site.id);
    const link = (item: DigestItem) => threadPageUrl(publicUrl, site.public_key, item.thread_id, item.title);
    const moderate = `${publicUrl}/moderate/`;
    const title = t.t('mail.staff.title', { site: site.name, subject });
    const heading = (s: Section) => t.t('mail.staff.section', { heading: s.heading, count: s.count });
    const more = (s: Section) => t.t('mail.staff.more', { more: s.count - s.items.length });
    const text = [
      title,
      '',
      ...sections.flatMap((s) => [
        heading(s),
        ...s.items.map((i) => `- ${i.title} (${formatWait(i.at, now, t)}) ${link(i)}`),
        ...(s.count > s.items.length ? [`  ${more(s)}`] : []),
        '',
      ]),
      t.t('mail.staff.openAt', { url: moderate }),
      t.t('mail.staff.change'),
      '',
    ].join('\n');
    const html = `<!doctype html><html lang="${t.language}" dir="${t.dir}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family:system-ui,sans-serif;color:#1f2328">
<h1 style="font-size:18px">${escapeHtml(title)}</h1>
${sections
  .map(
    (s) => `<h2 style="font-size:15px">${escapeHtml(heading(s))}</h2>
<ul>${s.items.map((i) => `<li><a href="${escapeHtml(link(i))}">${escapeHtml(i.title)}</a> (${escapeHtml(formatWait(i.at, now, t))})</li>`).join('')}</ul>${
      s.count > s.items.length ? `<p>${escapeHtml(more(s))}</p>` : ''
    }`,
  )
  .join('\n')}
<p><a href="${escapeHtml(moderate)}">${escapeHtml(t.t('mail.staff.open'))}</a></p>
<p style="font-size:12px;color:#59636e">${escapeHtml(t.t('mail.staff.change'))}</p>
</body></html>`;
    try {
      await this.options.mailer.send({
        siteId: site.id,
        from: { name: settings.fromName ?? site.name, address: settings.fromAddress ?? this.options.defaultFrom },
        to,
        subject: t.t('mail.staff.subject', { site: site.name, subject }),
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
