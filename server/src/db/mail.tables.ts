/**
 * Table types for follows and email. They are part of the one `Database` interface (database.ts).
 */
import type { ColumnType, Generated, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

export type FollowReason = 'asker' | 'replier' | 'manual';

export interface FollowsTable {
  member_id: string;
  thread_id: string;
  reason: FollowReason;
  unread: Generated<number>;
  created_at: Timestamp;
}

export interface MemberEmailsTable {
  member_id: string;
  site_id: string;
  address: string;
  confirmed_at: Timestamp | null;
  /** bigint as a decimal string. */
  confirm_nonce: string;
  all_off_at: Timestamp | null;
  created_at: Timestamp;
}

export interface SiteMailSettingsTable {
  site_id: string;
  from_name: string | null;
  from_address: string | null;
  accent_color: string | null;
}

export type MailDeliveryStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'suppressed' | 'skipped';
export type MailKind = 'thread' | 'confirm' | (string & {});

export interface MailDeliveriesTable {
  id: Generated<string>;
  site_id: string;
  member_id: string;
  thread_id: string | null;
  kind: MailKind;
  items: ColumnType<unknown[], string | undefined, string>;
  status: ColumnType<MailDeliveryStatus, MailDeliveryStatus | undefined, MailDeliveryStatus>;
  send_at: Timestamp;
  attempts: Generated<number>;
  last_error: string | null;
  message_id: string | null;
  created_at: Timestamp;
  sent_at: Timestamp | null;
}

export interface MailOutboxTable {
  id: Generated<string>;
  site_id: string | null;
  to_address: string;
  from_address: string;
  subject: string;
  text: string;
  html: string;
  headers: ColumnType<Record<string, string>, string, string>;
  raw: string;
  created_at: Timestamp;
}

export type SuppressionReason = 'bounce' | 'complaint' | 'manual';

export interface MailSuppressionsTable {
  address: string;
  reason: SuppressionReason;
  detail: string | null;
  created_at: Timestamp;
}

export type FollowRow = Selectable<FollowsTable>;
export type MemberEmailRow = Selectable<MemberEmailsTable>;
export type MailDeliveryRow = Selectable<MailDeliveriesTable>;
export type MailOutboxRow = Selectable<MailOutboxTable>;
