/**
 * Table types of the Booth database, as Kysely sees them.
 * Ids are Postgres bigints, which `pg` returns as strings.
 */

import type { Language, PostStatus, Role, SitePolicyInput, ThreadKind } from '@booth/shared';
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { ImagesTable } from './images.tables.js';
import type {
  FollowsTable,
  MailDeliveriesTable,
  MailOutboxTable,
  MailSuppressionsTable,
  MemberEmailsTable,
  SiteMailSettingsTable,
} from './mail.tables.js';
import type { StaffAlertSettingsTable, StaffDigestsTable, UnansweredAlertsTable } from './staff-alerts.tables.js';
import type { StaffPreferencesTable } from './staff-preferences.tables.js';
import type { StaffRecoveryCodesTable, StaffSignInTable } from './staff-sign-in.tables.js';
import type { SiteReachSettingsTable, WebhookDeliveriesTable, WebhooksTable } from './webhooks.tables.js';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Id = Generated<string>;
/** int8 counters arrive as strings and are written as numbers. */
type BigCounter = ColumnType<string, number | string | undefined, number | string>;

/**
 * The trust-and-safety settings as stored in `sites.policy`: any subset of the settings, read
 * with `resolveSitePolicy`. Pre-moderation of first posts lives in its own column.
 */
export type SitePolicy = Omit<SitePolicyInput, 'premoderateFirstPosts'>;

export interface SitesTable {
  id: Id;
  public_key: string;
  name: string;
  allowed_origins: string[];
  sso_secret: string;
  guests_allowed: Generated<boolean>;
  /** Shows the public answer badge (widget header, embeddable SVG). */
  answer_badge: Generated<boolean>;
  /** Hands questions past the unanswered threshold to the helpdesk (`thread.escalated`). */
  auto_escalate: Generated<boolean>;
  premoderate_first_posts: Generated<boolean>;
  policy: ColumnType<SitePolicy, SitePolicy | undefined, SitePolicy>;
  /** The language customers are addressed in and posts are searched in. */
  language: ColumnType<Language, Language | undefined, Language>;
  /** The https picture link previews of the site's threads show; null for none. */
  share_image_url: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Generated<Date>;
}

export interface BoardsTable {
  id: Id;
  site_id: string;
  slug: string;
  name: string;
  last_seq: BigCounter;
  /** The brand page the board is embedded in; null until the widget reported it or staff set it. */
  page_url: string | null;
  created_at: Generated<Date>;
}

export interface MembersTable {
  id: Id;
  site_id: string;
  external_id: string | null;
  guest: Generated<boolean>;
  name: string;
  avatar_url: string | null;
  role: ColumnType<Role, Role | undefined, Role>;
  trust_level: Generated<number>;
  banned_until: Timestamp | null;
  email: string | null;
  password_hash: string | null;
  created_at: Generated<Date>;
  /** When the member deleted their account (or staff did for them); their identity no longer signs in. */
  erased_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface ThreadsTable {
  id: Id;
  board_id: string;
  kind: ThreadKind;
  title: string;
  excerpt: Generated<string>;
  author_id: string;
  root_post_id: string | null;
  accepted_post_id: string | null;
  answered_at: Timestamp | null;
  first_staff_reply_at: Timestamp | null;
  pinned: Generated<boolean>;
  locked: Generated<boolean>;
  hidden: Generated<boolean>;
  reply_count: Generated<number>;
  score: Generated<number>;
  /** People waiting for an answer: the asker and everyone who has the question too. */
  waiting_count: Generated<number>;
  created_at: Timestamp;
  last_activity_at: Timestamp;
  /** The accepted answer predates the board's latest release and waits for staff to re-check it. */
  answer_stale: Generated<boolean>;
  /** When the accepted answer was accepted or last confirmed by staff; null without one. */
  answer_checked_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  /** How often the thread was opened in a widget; nodes add their counts in batches. */
  view_count: ColumnType<string, never, never>;
}

/** What staff decided about a thread's place in the FAQ; a thread without a row is in it when answered. */
export interface FaqEntriesTable {
  thread_id: string;
  site_id: string;
  included: boolean;
  /** Where staff pinned the entry (1 first); null leaves it to the ranking. */
  position: number | null;
  /** A short canonical answer in plain text shown instead of the answer post; null shows the post. */
  summary: string | null;
  updated_by: string | null;
  updated_at: Timestamp;
}

/** An origin whose pages were refused the site's widget, as owners see it to allow it. */
export interface RefusedOriginsTable {
  site_id: string;
  origin: string;
  first_seen_at: Timestamp;
  last_seen_at: Timestamp;
}

/** A thread handed to the brand's helpdesk, and whether its answer came back. */
export interface ThreadEscalationsTable {
  thread_id: string;
  site_id: string;
  callback_ref: string;
  reason: 'manual' | 'automatic';
  escalated_at: Timestamp;
  escalated_by: string | null;
  resolved_at: Timestamp | null;
  resolved_post_id: string | null;
}

/** A site's API key: only a hash of its secret is kept. Write and moderate keys act as a staff member. */
export interface ApiKeysTable {
  id: Id;
  site_id: string;
  name: string;
  scopes: string[];
  staff_member_id: string | null;
  /** SHA-256 of the secret, hex. */
  secret_hash: string;
  /** The secret's first characters, so owners can tell keys apart. */
  prefix: string;
  created_at: Timestamp;
  created_by: string | null;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

/** A product release recorded on a board; answers accepted before it need a re-check. */
export interface BoardReleasesTable {
  id: Id;
  board_id: string;
  /** The site, for sharding by site; filled from the parent row when an insert leaves it out. */
  site_id: Generated<string>;
  name: string;
  created_by: string | null;
  released_at: Timestamp;
}

export interface PostsTable {
  id: Id;
  thread_id: string;
  board_id: string;
  parent_id: string | null;
  author_id: string;
  root: Generated<boolean>;
  source: string;
  html: string;
  status: ColumnType<PostStatus, PostStatus | undefined, PostStatus>;
  score: Generated<number>;
  created_at: Timestamp;
  edited_at: Timestamp | null;
  /** SHA-256 of the normalized text (title and body for an opening post), for duplicate detection. */
  content_hash: ColumnType<string | null, string | null | undefined, string | null>;
  /** Why the spam policy held this post for review (`links`, `blocked_word`…); null when it was not held. */
  hold_reason: ColumnType<string | null, string | null | undefined, string | null>;
  /** The helpdesk agent a staff answer posted through the API speaks for; null otherwise. */
  agent_name: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface VotesTable {
  post_id: string;
  member_id: string;
  value: number;
  /** When the vote was cast (or last changed). */
  created_at: Generated<Date>;
}

/** The Disqus thread each imported discussion came from. */
export interface DisqusThreadsTable {
  board_id: string;
  /** The site, for sharding by site; filled from the parent row when an insert leaves it out. */
  site_id: Generated<string>;
  disqus_id: string;
  thread_id: string;
}

export interface EventsTable {
  board_id: string;
  seq: BigCounter;
  kind: string;
  payload: ColumnType<unknown, string, string>;
  /** Who may receive the event: everyone on the board, or staff only. */
  audience: ColumnType<EventAudience, EventAudience | undefined, EventAudience>;
  created_at: Generated<Date>;
}

export type EventAudience = 'all' | 'staff';

export interface IdempotencyKeysTable {
  member_id: string;
  key: string;
  request_type: string;
  /** SHA-256 of the claiming request (see requestFingerprint); null on keys claimed before it was kept. */
  request_fingerprint: string | null;
  response: ColumnType<unknown, string | null, string>;
  created_at: Generated<Date>;
}

export interface ServerSecretsTable {
  name: string;
  value: string;
}

export interface StaffSessionsTable {
  /** SHA-256 (hex) of the session token held in the cookie. */
  id: string;
  member_id: string;
  site_id: string;
  csrf_token: string;
  created_at: Timestamp;
  expires_at: Timestamp;
}

export type ReportStatus = 'open' | 'dismissed' | 'actioned';

export interface ReportsTable {
  id: Id;
  site_id: string;
  post_id: string;
  reporter_id: string;
  reason: string;
  status: ColumnType<ReportStatus, ReportStatus | undefined, ReportStatus>;
  created_at: Timestamp;
  resolved_at: Timestamp | null;
  resolved_by: string | null;
}

export interface ModerationActionsTable {
  id: Id;
  site_id: string;
  actor_id: string;
  action: string;
  target_type: string;
  target_id: string;
  target_label: Generated<string>;
  reason: string | null;
  details: ColumnType<unknown, string | undefined, string>;
  created_at: Timestamp;
}

/** Shared rate-limit counts: a key's theoretical arrival time in ms since the epoch (GCRA). */
export interface RateLimitsTable {
  key: string;
  tat: number;
}

/** Ids of SSO tokens already used, until the token is too old to use anyway. */
export interface SsoTokenUsesTable {
  site_id: string;
  jti: string;
  expires_at: Date;
  used_at: Generated<Date>;
}

export interface Database {
  sites: SitesTable;
  boards: BoardsTable;
  members: MembersTable;
  threads: ThreadsTable;
  posts: PostsTable;
  votes: VotesTable;
  disqus_threads: DisqusThreadsTable;
  events: EventsTable;
  idempotency_keys: IdempotencyKeysTable;
  server_secrets: ServerSecretsTable;
  staff_sessions: StaffSessionsTable;
  reports: ReportsTable;
  moderation_actions: ModerationActionsTable;
  board_releases: BoardReleasesTable;
  faq_entries: FaqEntriesTable;
  refused_origins: RefusedOriginsTable;
  api_keys: ApiKeysTable;
  thread_escalations: ThreadEscalationsTable;
  rate_limits: RateLimitsTable;
  site_reach_settings: SiteReachSettingsTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  sso_token_uses: SsoTokenUsesTable;
  staff_alert_settings: StaffAlertSettingsTable;
  unanswered_alerts: UnansweredAlertsTable;
  staff_digests: StaffDigestsTable;
  follows: FollowsTable;
  member_emails: MemberEmailsTable;
  site_mail_settings: SiteMailSettingsTable;
  mail_deliveries: MailDeliveriesTable;
  mail_outbox: MailOutboxTable;
  mail_suppressions: MailSuppressionsTable;
  staff_sign_in: StaffSignInTable;
  staff_recovery_codes: StaffRecoveryCodesTable;
  staff_preferences: StaffPreferencesTable;
  images: ImagesTable;
}

export type SiteRow = Selectable<SitesTable>;
export type BoardRow = Selectable<BoardsTable>;
export type MemberRow = Selectable<MembersTable>;
export type ThreadRow = Selectable<ThreadsTable>;
export type PostRow = Selectable<PostsTable>;
export type NewPost = Insertable<PostsTable>;
export type ThreadUpdate = Updateable<ThreadsTable>;
export type StaffSessionRow = Selectable<StaffSessionsTable>;
export type ReportRow = Selectable<ReportsTable>;
