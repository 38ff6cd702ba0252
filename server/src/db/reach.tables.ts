/**
 * Table types for search, thread pages and webhooks, added to the core Database type.
 * Kept apart from database.ts so these features extend the schema without editing the core.
 */
import type { DeletedMemberPosts, WebhookEventName } from '@booth/shared';
import type { ColumnType, Generated, Kysely, Selectable, Transaction } from 'kysely';
import type { Database } from './database.js';
import type { Executor } from './executor.js';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export interface SiteReachSettingsTable {
  site_id: string;
  page_url_template: string | null;
  unanswered_alert_minutes: Generated<number>;
  /** What a member's account deletion does to their posts: keep them under "Deleted member", or remove them. */
  deleted_member_posts: ColumnType<DeletedMemberPosts, DeletedMemberPosts | undefined, DeletedMemberPosts>;
}

export type { DeletedMemberPosts } from '@booth/shared';

export interface WebhooksTable {
  id: Generated<string>;
  site_id: string;
  url: string;
  secret: string;
  events: WebhookEventName[];
  active: Generated<boolean>;
  created_at: Generated<Date>;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface WebhookDeliveriesTable {
  id: Generated<string>;
  webhook_id: string;
  site_id: string;
  event: WebhookEventName;
  dedupe_key: string | null;
  payload: ColumnType<unknown, string, string>;
  status: ColumnType<DeliveryStatus, DeliveryStatus | undefined, DeliveryStatus>;
  attempts: Generated<number>;
  last_status: number | null;
  last_error: string | null;
  created_at: Timestamp;
  last_attempt_at: Timestamp | null;
  delivered_at: Timestamp | null;
}

export interface ReachDatabase extends Database {
  site_reach_settings: SiteReachSettingsTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
}

export type WebhookRow = Selectable<WebhooksTable>;
export type WebhookDeliveryRow = Selectable<WebhookDeliveriesTable>;
export type ReachExecutor = Kysely<ReachDatabase> | Transaction<ReachDatabase>;

/** The same connection or transaction, typed with the tables of this file. */
export function reach(db: Executor): ReachExecutor {
  return db as unknown as ReachExecutor;
}
