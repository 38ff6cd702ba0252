/** Webhooks of a site and the log of their deliveries. */
import type { WebhookEventName } from '@booth/shared';
import { sql } from 'kysely';
import type { Executor } from './executor.js';
import type { DeliveryStatus, WebhookDeliveryRow, WebhookRow } from './webhooks.tables.js';

export async function insertWebhook(
  db: Executor,
  w: { siteId: string; url: string; secret: string; events: WebhookEventName[] },
): Promise<WebhookRow> {
  return db
    .insertInto('webhooks')
    .values({ site_id: w.siteId, url: w.url, secret: w.secret, events: w.events })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function listWebhooks(db: Executor, siteId: string): Promise<WebhookRow[]> {
  return db.selectFrom('webhooks').selectAll().where('site_id', '=', siteId).orderBy('id').execute();
}

export async function deleteWebhook(db: Executor, siteId: string, webhookId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('webhooks')
    .where('site_id', '=', siteId)
    .where('id', '=', webhookId)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Active webhooks of a site that subscribe to `event`. */
export async function webhooksFor(db: Executor, siteId: string, event: WebhookEventName): Promise<WebhookRow[]> {
  return db
    .selectFrom('webhooks')
    .selectAll()
    .where('site_id', '=', siteId)
    .where('active', '=', true)
    .where(sql<boolean>`${event} = any(events)`)
    .execute();
}

/** Records a delivery to make; returns null when one with the same dedupe key exists already. */
export async function insertDelivery(
  db: Executor,
  d: { webhookId: string; siteId: string; event: WebhookEventName; dedupeKey: string; payload: unknown; now: Date },
): Promise<string | null> {
  const row = await db
    .insertInto('webhook_deliveries')
    .values({
      webhook_id: d.webhookId,
      site_id: d.siteId,
      event: d.event,
      dedupe_key: d.dedupeKey,
      payload: JSON.stringify(d.payload),
      created_at: d.now,
      last_attempt_at: null,
      delivered_at: null,
      last_status: null,
      last_error: null,
    })
    .onConflict((oc) => oc.columns(['webhook_id', 'dedupe_key']).where('dedupe_key', 'is not', null).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

/** A delivery with the address and secret of its webhook. */
export async function findDelivery(
  db: Executor,
  deliveryId: string,
): Promise<(WebhookDeliveryRow & { url: string; secret: string; active: boolean }) | undefined> {
  return db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhooks as w', 'w.id', 'd.webhook_id')
    .selectAll('d')
    .select(['w.url', 'w.secret', 'w.active'])
    .where('d.id', '=', deliveryId)
    .executeTakeFirst();
}

export async function recordAttempt(
  db: Executor,
  deliveryId: string,
  a: { status: DeliveryStatus; httpStatus: number | null; error: string | null; at: Date },
): Promise<void> {
  await db
    .updateTable('webhook_deliveries')
    .set((eb) => ({
      status: a.status,
      attempts: eb('attempts', '+', 1),
      last_status: a.httpStatus,
      last_error: a.error,
      last_attempt_at: a.at,
      ...(a.status === 'delivered' ? { delivered_at: a.at } : {}),
    }))
    .where('id', '=', deliveryId)
    .execute();
}

/** Newest deliveries of a site first, with the webhook's address. */
export async function listDeliveries(
  db: Executor,
  siteId: string,
  before: string | null,
  limit: number,
): Promise<Array<WebhookDeliveryRow & { url: string }>> {
  let query = db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhooks as w', 'w.id', 'd.webhook_id')
    .selectAll('d')
    .select('w.url')
    .where('d.site_id', '=', siteId)
    .orderBy('d.id', 'desc')
    .limit(limit);
  if (before !== null) query = query.where('d.id', '<', before);
  return query.execute();
}

export interface OverdueQuestion {
  site_id: string;
  thread_id: string;
  created_at: Date;
  threshold_minutes: number;
}

/**
 * Questions past their site's unanswered threshold at `now`, on sites with a webhook for
 * `question.unanswered`, that have not been announced yet.
 */
export async function overdueQuestions(db: Executor, now: Date, limit: number): Promise<OverdueQuestion[]> {
  const { rows } = await sql<OverdueQuestion>`
    with hooked as (
      select s.id as site_id, coalesce(r.unanswered_alert_minutes, 1440) as threshold_minutes, w.id as webhook_id
      from sites s
      join webhooks w on w.site_id = s.id and w.active and 'question.unanswered' = any(w.events)
      left join site_reach_settings r on r.site_id = s.id
    )
    select distinct h.site_id, t.id as thread_id, t.created_at, h.threshold_minutes
    from hooked h
    join boards b on b.site_id = h.site_id
    join threads t on t.board_id = b.id
    where t.kind = 'question' and t.hidden = false and t.locked = false and t.answered_at is null
      and t.created_at <= ${now}::timestamptz - make_interval(mins => h.threshold_minutes)
      and not exists (
        select 1 from webhook_deliveries d
        where d.webhook_id = h.webhook_id and d.dedupe_key = 'question.unanswered:' || t.id
      )
    order by t.created_at
    limit ${limit}
  `.execute(db);
  return rows;
}
