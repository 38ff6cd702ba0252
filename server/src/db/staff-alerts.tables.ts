/** Table types of staff alerts: who wants which email, and what was already sent. */
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;

/** Table `staff_alert_settings`: one staff member's choices for one site. */
export interface StaffAlertSettingsTable {
  member_id: string;
  site_id: string;
  /** An email when a question waits longer than the site's unanswered threshold. */
  unanswered_email: Generated<boolean>;
  /** A daily email of what is unanswered, reported and pending. */
  daily_digest: Generated<boolean>;
}

/** Table `unanswered_alerts`: questions already announced to staff. */
export interface UnansweredAlertsTable {
  thread_id: string;
  /** The site, for sharding by site; filled from the parent row when an insert leaves it out. */
  site_id: Generated<string>;
  alerted_at: Timestamp;
}

/** Table `staff_digests`: the daily digests sent, one per staff member and UTC day. */
export interface StaffDigestsTable {
  member_id: string;
  /** The site, for sharding by site; filled from the parent row when an insert leaves it out. */
  site_id: Generated<string>;
  /** `YYYY-MM-DD`. */
  day: ColumnType<string, string, string>;
  sent_at: Timestamp;
}
