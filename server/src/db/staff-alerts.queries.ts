import { sql } from 'kysely';
import type { Executor } from './executor.js';

export interface AlertChoices {
  unansweredEmail: boolean;
  dailyDigest: boolean;
}

/** A staff member's alert choices on their site (both off until chosen). */
export async function findAlertChoices(db: Executor, memberId: string): Promise<AlertChoices> {
  const row = await db
    .selectFrom('staff_alert_settings')
    .select(['unanswered_email', 'daily_digest'])
    .where('member_id', '=', memberId)
    .executeTakeFirst();
  return { unansweredEmail: row?.unanswered_email ?? false, dailyDigest: row?.daily_digest ?? false };
}

export async function saveAlertChoices(
  db: Executor,
  memberId: string,
  siteId: string,
  choices: AlertChoices,
): Promise<void> {
  const values = { unanswered_email: choices.unansweredEmail, daily_digest: choices.dailyDigest };
  await db
    .insertInto('staff_alert_settings')
    .values({ member_id: memberId, site_id: siteId, ...values })
    .onConflict((oc) => oc.column('member_id').doUpdateSet(values))
    .execute();
}

/** A site's alert timing: the unanswered threshold and the digest hour (null: the server's default). */
export async function findSiteAlertTiming(
  db: Executor,
  siteId: string,
): Promise<{ thresholdMinutes: number | null; digestHour: number | null }> {
  const row = await db
    .selectFrom('site_reach_settings')
    .select(['unanswered_alert_minutes', 'digest_hour'])
    .where('site_id', '=', siteId)
    .executeTakeFirst();
  return { thresholdMinutes: row?.unanswered_alert_minutes ?? null, digestHour: row?.digest_hour ?? null };
}

/** Sets the hour of the day (UTC) from which the site's daily digest goes out. */
export async function setDigestHour(db: Executor, siteId: string, hour: number): Promise<void> {
  await db
    .insertInto('site_reach_settings')
    .values({ site_id: siteId, page_url_template: null, digest_hour: hour })
    .onConflict((oc) => oc.column('site_id').doUpdateSet({ digest_hour: hour }))
    .execute();
}

/** The address mail to a member goes to: the confirmed address they gave, else their sign-in address. */
export async function staffAddress(db: Executor, memberId: string): Promise<string | null> {
  const row = await db
    .selectFrom('members as m')
    .leftJoin('member_emails as e', (j) => j.onRef('e.member_id', '=', 'm.id').on('e.confirmed_at', 'is not', null))
    .select(['e.address', 'm.email'])
    .where('m.id', '=', memberId)
    .executeTakeFirst();
  return row?.address ?? row?.email ?? null;
}

/** A staff member who chose an alert, with where it goes. */
export interface AlertRecipient {
  memberId: string;
  siteId: string;
  name: string;
  address: string;
}

/** Staff and owners, not banned, who chose `alert` and have an address to send it to. */
export async function alertRecipients(
  db: Executor,
  alert: 'unanswered_email' | 'daily_digest',
  now: Date,
  siteId?: string,
): Promise<AlertRecipient[]> {
  let query = db
    .selectFrom('staff_alert_settings as a')
    .innerJoin('members as m', 'm.id', 'a.member_id')
    .leftJoin('member_emails as e', (j) => j.onRef('e.member_id', '=', 'm.id').on('e.confirmed_at', 'is not', null))
    .select([
      'm.id as memberId',
      'a.site_id as siteId',
      'm.name',
      sql<string>`coalesce(e.address, m.email)`.as('address'),
    ])
    .where(`a.${alert}`, '=', true)
    .where('m.role', 'in', ['staff', 'owner'])
    .where((eb) => eb.or([eb('m.banned_until', 'is', null), eb('m.banned_until', '<=', now)]))
    .where(sql<boolean>`coalesce(e.address, m.email) is not null`)
    .orderBy('m.id');
  if (siteId) query = query.where('a.site_id', '=', siteId);
  return (await query.execute()) as AlertRecipient[];
}

export interface OverdueQuestionRow {
  site_id: string;
  thread_id: string;
  title: string;
  created_at: Date;
}

/**
 * Claims the questions that waited past their site's unanswered threshold with no staff reply
 * and no answer, on sites where some staff member wants to hear of them: each is claimed once.
 */
export async function claimOverdueQuestions(db: Executor, now: Date, limit: number): Promise<OverdueQuestionRow[]> {
  const { rows } = await sql<OverdueQuestionRow>`
    with wanted as (
      select distinct a.site_id, coalesce(r.unanswered_alert_minutes, 1440) as threshold_minutes
      from staff_alert_settings a
      left join site_reach_settings r on r.site_id = a.site_id
      where a.unanswered_email
    ), due as (
      select w.site_id, t.id as thread_id, t.title, t.created_at
      from wanted w
      join boards b on b.site_id = w.site_id
      join threads t on t.board_id = b.id
      where t.kind = 'question' and t.hidden = false and t.locked = false
        and t.answered_at is null and t.first_staff_reply_at is null
        and t.created_at <= ${now}::timestamptz - make_interval(mins => w.threshold_minutes)
        and not exists (select 1 from unanswered_alerts u where u.thread_id = t.id)
      order by t.created_at
      limit ${limit}
    ), claimed as (
      insert into unanswered_alerts (thread_id, alerted_at)
      select thread_id, ${now}::timestamptz from due
      on conflict do nothing
      returning thread_id
    )
    select due.* from due join claimed on claimed.thread_id = due.thread_id order by due.created_at
  `.execute(db);
  return rows;
}

/** Records today's digest of a member; false when it was already sent today. */
export async function claimDigest(db: Executor, memberId: string, day: string, now: Date): Promise<boolean> {
  const row = await db
    .insertInto('staff_digests')
    .values({ member_id: memberId, day, sent_at: now })
    .onConflict((oc) => oc.columns(['member_id', 'day']).doNothing())
    .returning('member_id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Forgets a digest claim whose email could not be sent, so the next run tries again. */
export async function releaseDigest(db: Executor, memberId: string, day: string): Promise<void> {
  await db.deleteFrom('staff_digests').where('member_id', '=', memberId).where('day', '=', day).execute();
}

export interface DigestItem {
  thread_id: string;
  title: string;
  at: Date;
}

/** What waits for staff on a site: unanswered questions, reported posts, held posts (oldest first, a few of each). */
export async function digestOf(db: Executor, siteId: string, limit: number) {
  const unanswered = db
    .selectFrom('threads as t')
    .innerJoin('boards as b', 'b.id', 't.board_id')
    .where('b.site_id', '=', siteId)
    .where('t.kind', '=', 'question')
    .where('t.hidden', '=', false)
    .where('t.locked', '=', false)
    .where('t.answered_at', 'is', null)
    .where('t.first_staff_reply_at', 'is', null);
  const reported = db
    .selectFrom('reports as r')
    .innerJoin('posts as p', 'p.id', 'r.post_id')
    .innerJoin('threads as t', 't.id', 'p.thread_id')
    .where('r.site_id', '=', siteId)
    .where('r.status', '=', 'open');
  const pending = db
    .selectFrom('posts as p')
    .innerJoin('threads as t', 't.id', 'p.thread_id')
    .innerJoin('boards as b', 'b.id', 'p.board_id')
    .where('b.site_id', '=', siteId)
    .where('p.status', '=', 'pending');
  const number = (row: { n: string | number | bigint }) => Number(row.n);
  const [unansweredCount, reportedCount, pendingCount, unansweredItems, reportedItems, pendingItems] =
    await Promise.all([
      unanswered
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
        .then(number),
      reported
        .select((eb) => eb.fn.count<string>('p.id').distinct().as('n'))
        .executeTakeFirstOrThrow()
        .then(number),
      pending
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
        .then(number),
      unanswered
        .select(['t.id as thread_id', 't.title', 't.created_at as at'])
        .orderBy('t.created_at')
        .limit(limit)
        .execute(),
      reported
        .select(['t.id as thread_id', 't.title'])
        .select((eb) => eb.fn.min('r.created_at').as('at'))
        .groupBy(['p.id', 't.id', 't.title'])
        .orderBy('at')
        .limit(limit)
        .execute(),
      pending
        .select(['t.id as thread_id', 't.title', 'p.created_at as at'])
        .orderBy('p.created_at')
        .limit(limit)
        .execute(),
    ]);
  return {
    unanswered: { count: unansweredCount, items: unansweredItems as DigestItem[] },
    reported: { count: reportedCount, items: reportedItems as DigestItem[] },
    pending: { count: pendingCount, items: pendingItems as DigestItem[] },
  };
}

export type StaffDigest = Awaited<ReturnType<typeof digestOf>>;
