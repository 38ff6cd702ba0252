/** Site owners' webhooks: adding and removing them, and reading the delivery log. */
import { randomBytes } from 'node:crypto';
import { WEBHOOK_EVENTS, type WebhookDeliveriesResult, type WebhookEventName } from '@booth/shared';
import type { Executor } from '../../db/executor.js';
import { upsertUnansweredAlertMinutes } from '../../db/site-reach.queries.js';
import { insertWebhook, listDeliveries } from '../../db/webhooks.queries.js';
import { DomainError } from '../domain-error.js';
import { assertWebhookUrl } from './webhook-targets.js';

const DELIVERIES_PAGE = 50;

/**
 * Adds a webhook and returns it with its new signing secret (shown once to the owner). The URL
 * must not name an internal address, unless the operator allowed its network
 * (`internalTargets`); every delivery checks the address again when it connects.
 */
export async function addWebhook(
  db: Executor,
  siteId: string,
  url: string,
  events: readonly WebhookEventName[] = WEBHOOK_EVENTS,
  options: { internalTargets?: readonly string[] } = {},
): Promise<{ id: string; url: string; secret: string; events: WebhookEventName[] }> {
  const parsed = assertWebhookUrl(url, options.internalTargets);
  const unknown = events.filter((e) => !WEBHOOK_EVENTS.includes(e));
  if (unknown.length > 0 || events.length === 0) {
    throw new DomainError('invalid_message', {
      key: 'refusal.eventsSome',
      params: { events: WEBHOOK_EVENTS.join(', ') },
    });
  }
  const secret = `whsec_${randomBytes(24).toString('base64url')}`;
  const row = await insertWebhook(db, { siteId, url: parsed.toString(), secret, events: [...new Set(events)] });
  return { id: row.id, url: row.url, secret, events: row.events };
}

/** Sets how long a question may wait for an accepted answer before `question.unanswered` fires. */
export async function setUnansweredThreshold(db: Executor, siteId: string, minutes: number): Promise<void> {
  if (!Number.isSafeInteger(minutes) || minutes < 1)
    throw new DomainError('invalid_message', { key: 'refusal.minutesPositive' });
  await upsertUnansweredAlertMinutes(db, siteId, minutes);
}

/** A page of the site's delivery log, newest first. */
export async function deliveryLog(
  db: Executor,
  siteId: string,
  before: string | null,
): Promise<WebhookDeliveriesResult> {
  const rows = await listDeliveries(db, siteId, before, DELIVERIES_PAGE + 1);
  const page = rows.slice(0, DELIVERIES_PAGE);
  return {
    deliveries: page.map((r) => ({
      id: r.id,
      webhookId: r.webhook_id,
      url: r.url,
      event: r.event,
      status: r.status,
      attempts: r.attempts,
      lastStatus: r.last_status,
      lastError: r.last_error,
      createdAt: r.created_at.toISOString(),
      lastAttemptAt: r.last_attempt_at ? r.last_attempt_at.toISOString() : null,
      deliveredAt: r.delivered_at ? r.delivered_at.toISOString() : null,
    })),
    next: rows.length > DELIVERIES_PAGE ? (page.at(-1)?.id ?? null) : null,
  };
}
