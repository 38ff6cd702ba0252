/**
 * The figures of the insights view, each one SQL aggregate over indexed columns of a
 * site's (or one board's) threads and posts within a period.
 */
import { sql } from 'kysely';
import type { Executor } from './executor.js';
import { scopeBoards } from './search.queries.js';

export interface InsightsScope {
  siteId: string;
  board: string | null;
  from: Date;
  to: Date;
}

const boardsOf = scopeBoards;

export interface QuestionFigures {
  asked: number;
  answered: number;
  answered_by_staff: number;
  answered_by_customers: number;
  staff_replied: number;
  median_seconds: number | null;
  p90_seconds: number | null;
}

/** Questions asked in the period, how they were answered, and how fast staff first replied. */
export async function questionFigures(db: Executor, scope: InsightsScope): Promise<QuestionFigures> {
  const { rows } = await sql<Record<keyof QuestionFigures, string | number | null>>`
    with q as (
      select t.created_at, t.first_staff_reply_at, t.answered_at, a.role as answer_role
      from threads t
      left join posts p on p.id = t.accepted_post_id
      left join members a on a.id = p.author_id
      where t.board_id in (${boardsOf(scope)}) and t.kind = 'question' and t.hidden = false
        and t.created_at >= ${scope.from} and t.created_at <= ${scope.to}
    )
    select
      count(*) as asked,
      count(*) filter (where answered_at <= ${scope.to}) as answered,
      count(*) filter (where answered_at <= ${scope.to} and answer_role in ('staff', 'owner')) as answered_by_staff,
      count(*) filter (where answered_at <= ${scope.to} and answer_role = 'customer') as answered_by_customers,
      count(*) filter (where first_staff_reply_at <= ${scope.to}) as staff_replied,
      percentile_cont(0.5) within group (order by extract(epoch from first_staff_reply_at - created_at))
        filter (where first_staff_reply_at <= ${scope.to}) as median_seconds,
      percentile_cont(0.9) within group (order by extract(epoch from first_staff_reply_at - created_at))
        filter (where first_staff_reply_at <= ${scope.to}) as p90_seconds
    from q
  `.execute(db);
  const r = rows[0];
  const num = (x: string | number | null | undefined) => (x === null || x === undefined ? null : Number(x));
  return {
    asked: Number(r?.asked ?? 0),
    answered: Number(r?.answered ?? 0),
    answered_by_staff: Number(r?.answered_by_staff ?? 0),
    answered_by_customers: Number(r?.answered_by_customers ?? 0),
    staff_replied: Number(r?.staff_replied ?? 0),
    median_seconds: num(r?.median_seconds),
    p90_seconds: num(r?.p90_seconds),
  };
}

export interface WaitingRow {
  id: string;
  board: string;
  title: string;
  created_at: Date;
}

/** Open questions (not hidden, not locked) without an accepted answer at `to`, oldest first. */
export async function oldestUnanswered(db: Executor, scope: InsightsScope, limit: number): Promise<WaitingRow[]> {
  const { rows } = await sql<WaitingRow>`
    select t.id, b.slug as board, t.title, t.created_at
    from threads t join boards b on b.id = t.board_id
    where t.board_id in (${boardsOf(scope)}) and t.kind = 'question' and t.hidden = false and t.locked = false
      and (t.answered_at is null or t.answered_at > ${scope.to}) and t.created_at <= ${scope.to}
    order by t.created_at, t.id
    limit ${limit}
  `.execute(db);
  return rows;
}

/** How many open questions lack an accepted answer at `to`, and how many people wait on them. */
export async function unansweredTotals(
  db: Executor,
  scope: InsightsScope,
): Promise<{ questions: number; peopleWaiting: number }> {
  const { rows } = await sql<{ questions: string; people: string | null }>`
    select count(*) as questions, sum(t.waiting_count) as people
    from threads t
    where t.board_id in (${boardsOf(scope)}) and t.kind = 'question' and t.hidden = false and t.locked = false
      and (t.answered_at is null or t.answered_at > ${scope.to}) and t.created_at <= ${scope.to}
  `.execute(db);
  return { questions: Number(rows[0]?.questions ?? 0), peopleWaiting: Number(rows[0]?.people ?? 0) };
}

/** Members who wrote a visible post (question or reply) in the period. */
export async function activeMembers(db: Executor, scope: InsightsScope): Promise<number> {
  const { rows } = await sql<{ n: string }>`
    select count(distinct p.author_id) as n from posts p
    where p.board_id in (${boardsOf(scope)}) and p.status = 'visible'
      and p.created_at >= ${scope.from} and p.created_at <= ${scope.to}
  `.execute(db);
  return Number(rows[0]?.n ?? 0);
}

export interface HelperRow {
  id: string;
  name: string;
  avatar_url: string | null;
  accepted: number;
  upvotes: number;
}

/**
 * Customers ranked by answers accepted in the period, then by up-votes given in the period to
 * their replies.
 */
export async function helpers(db: Executor, scope: InsightsScope, limit: number): Promise<HelperRow[]> {
  const { rows } = await sql<HelperRow>`
    with accepted as (
      select p.author_id, count(*) as n
      from threads t join posts p on p.id = t.accepted_post_id
      where t.board_id in (${boardsOf(scope)}) and t.hidden = false and p.status = 'visible'
        and t.answered_at >= ${scope.from} and t.answered_at <= ${scope.to}
      group by p.author_id
    ),
    upvoted as (
      select p.author_id, count(*) as n
      from votes v join posts p on p.id = v.post_id
      where v.value > 0 and v.created_at >= ${scope.from} and v.created_at <= ${scope.to}
        and p.board_id in (${boardsOf(scope)}) and p.root = false and p.status = 'visible'
      group by p.author_id
    )
    select m.id, m.name, m.avatar_url,
      coalesce(a.n, 0)::int as accepted, coalesce(u.n, 0)::int as upvotes
    from accepted a full join upvoted u on u.author_id = a.author_id
    join members m on m.id = coalesce(a.author_id, u.author_id)
    where m.role = 'customer'
    order by accepted desc, upvotes desc, m.name, m.id
    limit ${limit}
  `.execute(db);
  return rows.map((r) => ({ ...r, accepted: Number(r.accepted), upvotes: Number(r.upvotes) }));
}

export interface DayRow {
  day: string;
  asked: number;
  answered: number;
}

/** Questions asked per UTC day of the period, and how many of each day's are answered by `to`. */
export async function questionsPerDay(db: Executor, scope: InsightsScope): Promise<DayRow[]> {
  const { rows } = await sql<{ day: string; asked: string; answered: string }>`
    with days as (
      select d::date as day
      from generate_series((${scope.from}::timestamptz at time zone 'UTC')::date,
        (${scope.to}::timestamptz at time zone 'UTC')::date, interval '1 day') d
    ),
    q as (
      select (t.created_at at time zone 'UTC')::date as day,
        count(*) as asked,
        count(*) filter (where t.answered_at <= ${scope.to}) as answered
      from threads t
      where t.board_id in (${boardsOf(scope)}) and t.kind = 'question' and t.hidden = false
        and t.created_at >= ${scope.from} and t.created_at <= ${scope.to}
      group by 1
    )
    select to_char(days.day, 'YYYY-MM-DD') as day, coalesce(q.asked, 0) as asked, coalesce(q.answered, 0) as answered
    from days left join q on q.day = days.day
    order by days.day
  `.execute(db);
  return rows.map((r) => ({ day: r.day, asked: Number(r.asked), answered: Number(r.answered) }));
}
