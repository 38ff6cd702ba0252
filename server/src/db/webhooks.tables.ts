/**
 * Table types for webhooks and the per-site settings of thread pages and unanswered alerts.
 * They are part of the one `Database` interface (database.ts).
 */
import type { DeletedMemberPosts, WebhookEventName } from '@booth/shared';
import type { ColumnType, Generated, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

/** Table `site_reach_settings`: a site's thread page URL template, unanswered-question alert, digest hour and deleted members' posts. */
export interface SiteReachSettingsTable {
  site_id: string;
  page_url_template: string | null;
  unanswered_alert_minutes: Generated<number>;
  /** What a member's account deletion does to their posts: keep them under "Deleted member", or remove them. */
  deleted_member_posts: ColumnType<DeletedMemberPosts, DeletedMemberPosts | undefined, DeletedMemberPosts>;
  /** Hour of the day (UTC) from which the daily staff digest goes out; null: the server's default. */
  digest_hour: ColumnType<number | null, number | null | undefined, number | null>;
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

export type WebhookRow = Selectable<WebhooksTable>;
export type WebhookDeliveryRow = Selectable<WebhookDeliveriesTable>;
