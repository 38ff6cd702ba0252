/**
 * What the moderation view sees: queues, members, the audit log and site settings, and the
 * results of every staff-only request. Customer sockets never receive any of these.
 */
import type { ApiKeySummary } from './api-keys.js';
import type { Language } from './i18n.js';
import type { MemberView, PostView, Role, ThreadView } from './model.js';
import type { SitePolicySettings } from './site-policy.js';
import type { StaffMessageType } from './staff-schemas.js';

/** A question waiting for staff. `waitingSince` is when it was asked. */
export interface UnansweredThread {
  thread: ThreadView;
  waitingSince: string;
  /** With the helpdesk: escalated, and its answer not back yet. */
  escalated: boolean;
}

/** A product release staff recorded on a board. */
export interface ReleaseView {
  id: string;
  board: string;
  name: string;
  releasedAt: string;
}

/** An accepted answer waiting for a re-check: it predates `release`, its board's latest release. */
export interface RecheckItem {
  thread: ThreadView;
  /** When the answer was accepted or last confirmed. */
  checkedAt: string | null;
  release: ReleaseView | null;
}

export interface ReportView {
  id: string;
  reason: string;
  reporter: MemberView;
  createdAt: string;
}

/** A post with its open reports, oldest report first. */
export interface ReportedPost {
  post: PostView;
  thread: ThreadView;
  reports: ReportView[];
}

/** A post held by the pre-moderation policy. */
export interface PendingPost {
  post: PostView;
  thread: ThreadView;
  /**
   * Why it was held, as `reason: detail`: `links: 3 links, limit 2`, `blocked_word: …`,
   * `blocked_domain: …`, `first_post: …` or `reports: 3 members reported it`.
   */
  holdReason: string | null;
}

/** A member as staff see them: role, ban and contact. */
export interface StaffMemberView extends MemberView {
  email: string | null;
  /** End of the current ban; `null` when not banned. A ban for good ends in year 9999. */
  bannedUntil: string | null;
  bannedForGood: boolean;
  /** The account was deleted: its name shows as "Deleted member" and it no longer signs in. */
  deleted: boolean;
  /** How the member signs in. */
  via: 'password' | 'sso' | 'guest';
  createdAt: string;
}

/** A staff or owner account as owners see it in the staff list: its sign-in protection too. */
export interface StaffAccountView extends StaffMemberView {
  /** Locked after too many failed sign-ins until then (an owner can unlock it); null when not locked. */
  lockedUntil: string | null;
  /** Signs in with an authenticator code besides the password. */
  twoFactor: boolean;
}

export type AuditAction =
  | 'thread.pin'
  | 'thread.unpin'
  | 'thread.lock'
  | 'thread.unlock'
  | 'thread.hide'
  | 'thread.restore'
  | 'thread.mark_answered'
  | 'thread.mark_unanswered'
  | 'thread.move'
  | 'thread.escalate'
  | 'board.page_url'
  | 'thread.accept'
  | 'board.release'
  | 'answer.confirm'
  | 'answer.replace'
  | 'faq.curate'
  | 'post.hide'
  | 'post.restore'
  | 'post.approve'
  | 'post.reject'
  | 'report.dismiss'
  | 'member.ban'
  | 'member.unban'
  | 'member.role'
  | 'member.erase'
  | 'member.data'
  | 'site.alert_threshold'
  | 'site.settings'
  | 'site.mail_settings'
  | 'site.sso_rotate'
  | 'apikey.create'
  | 'apikey.revoke'
  | 'staff.add'
  | 'staff.remove'
  | 'staff.unlock';

/** One line of the audit log: who did what to what, when, and why. */
export interface AuditEntry {
  id: string;
  actor: MemberView;
  action: AuditAction;
  target: { type: 'thread' | 'post' | 'member' | 'site' | 'board'; id: string; label: string };
  reason: string | null;
  details: Record<string, unknown>;
  createdAt: string;
}

export interface SiteSettingsView {
  key: string;
  name: string;
  allowedOrigins: string[];
  guestsAllowed: boolean;
  premoderateFirstPosts: boolean;
  /** The script tag to paste into a product page (the board name is an example). */
  embedSnippet: string;
  /** Spam policy and rate limits, complete (defaults filled in); `premoderateFirstPosts` is the same setting as above. */
  policy: SitePolicySettings;
  /** What deleting a member's account does to their posts: keep them under "Deleted member", or remove them. */
  deletedMemberPosts: DeletedMemberPosts;
  /** The language the site speaks to customers (server-rendered pages) and searches posts in. */
  language: Language;
  /** The https picture shown in link previews of the site's threads on social networks; null for none. */
  shareImageUrl: string | null;
  /** Shows the public answer badge in the widget header and as an embeddable SVG at `answerBadgeUrl`. */
  answerBadge: boolean;
  /** The address of the badge's SVG, for the brand's own pages. */
  answerBadgeUrl: string;
  /** Hands questions waiting past the unanswered threshold to the helpdesk (`thread.escalated`). */
  autoEscalate: boolean;
}

/** A thread handed to the brand's helpdesk, as staff see it. */
export interface EscalationView {
  threadId: string;
  /** `manual`: a staff member's click; `automatic`: past the site's unanswered threshold. */
  reason: 'manual' | 'automatic';
  escalatedAt: string;
  /** Who escalated it; null when it went automatically. */
  escalatedBy: string | null;
  /** When the helpdesk's answer came back through the API; null while it is with the helpdesk. */
  resolvedAt: string | null;
}

/** An origin whose pages tried to load the widget and were refused; the site does not allow it yet. */
export interface RefusedOriginView {
  origin: string;
  firstSeenAt: string;
  /** When a page there was last refused (recorded at most once a minute per server node). */
  lastSeenAt: string;
}

export type DeletedMemberPosts = 'anonymize' | 'remove';

/** A staff member's alert emails on their site. */
export interface StaffAlertsView {
  unansweredEmail: boolean;
  dailyDigest: boolean;
  /** Minutes after which a question without a staff reply counts as waiting too long. */
  thresholdMinutes: number;
  /** Hour of the day (UTC) from which the site's daily digest goes out. */
  digestHour: number;
  /** Where the emails go: the staff member's own address, or null when they have none (then nothing is sent). */
  address: string | null;
}

/** Hour of the day (UTC) of the daily digest on a site whose owners chose none. */
export const DEFAULT_DIGEST_HOUR = 8;

/** The sender and colour of a site's emails; null means the default (site name, server address, blue). */
export interface SiteMailSettingsView {
  fromName: string | null;
  fromAddress: string | null;
  accentColor: string | null;
}

/** The signed-in staff member, as the moderation view's HTTP session endpoint returns it. */
export interface StaffSessionView {
  me: StaffMemberView;
  site: { key: string; name: string };
  /** Sent back in the `x-csrf-token` header of every state-changing HTTP request. */
  csrfToken: string;
  expiresAt: string;
  /** Whether this account signs in with an authenticator code too. */
  twoFactor: boolean;
  /** The language picked for the moderation view on any browser; null until one is picked. */
  language: Language | null;
}

/** Starting two-factor enrolment: the secret to put in an authenticator app, also as an `otpauth://` URI (QR code). */
export interface StaffTwoFactorSetupView {
  secret: string;
  uri: string;
}

/** Two-factor is on: recovery codes, each good for one sign-in without the app, shown only now. */
export interface StaffTwoFactorEnabledView {
  recoveryCodes: string[];
}

/** Staff-only board events; they travel in `event` frames only to staff sockets. */
export type StaffBoardEvent =
  | { kind: 'post.held'; post: PostView; thread: ThreadView }
  | { kind: 'report.created'; postId: string; threadId: string }
  | { kind: 'queue.changed'; queue: 'pending' | 'reports' | 'threads' }
  /** A thread went to the helpdesk; the node that stores it also sends the `thread.escalated` webhook. */
  | { kind: 'thread.escalated'; threadId: string; callbackRef: string; reason: 'manual' | 'automatic' };

/** Kinds of the staff-only events: the server stores them with the `staff` audience. */
export const STAFF_EVENT_KINDS: ReadonlySet<string> = new Set<StaffBoardEvent['kind']>([
  'post.held',
  'report.created',
  'queue.changed',
  'thread.escalated',
]);

/** A staff-only change on a board, pushed to staff sockets like any board event. */
export interface StaffEventMessage {
  type: 'event';
  board: string;
  seq: number;
  event: StaffBoardEvent;
}

export interface StaffResultMap {
  'staff.subscribe': {
    me: StaffMemberView;
    site: { key: string; name: string };
    boards: string[];
    /** Staff members with the moderation view open, this one included. */
    staffOnline: number;
  };
  'staff.unanswered': { threads: UnansweredThread[] };
  'staff.reports': { items: ReportedPost[] };
  'staff.pending': { items: PendingPost[] };
  'staff.threads': { threads: ThreadView[] };
  'staff.thread.open': {
    thread: ThreadView;
    posts: PostView[];
    reports: Record<string, ReportView[]>;
    /** The thread on the brand page it is embedded in, or null while the board's page is unknown. */
    brandUrl: string | null;
    /** The brand page of the thread's board, as learned from the widget or set by staff. */
    boardPageUrl: string | null;
    /** The thread's hand-over to the helpdesk, if any. */
    escalation: EscalationView | null;
  };
  'staff.thread.escalate': { escalation: EscalationView };
  'staff.thread.action': { thread: ThreadView };
  'staff.thread.move': { thread: ThreadView };
  'staff.board.page': { board: string; pageUrl: string | null };
  'staff.thread.accept': { thread: ThreadView };
  /** `stale`: how many accepted answers of the board the release flagged. */
  'staff.release.record': { release: ReleaseView; stale: number };
  'staff.recheck': { items: RecheckItem[]; releases: ReleaseView[] };
  'staff.answer.confirm': { thread: ThreadView };
  'staff.post.action': { post: PostView; thread: ThreadView };
  'staff.report.resolve': { postId: string; resolved: number };
  'staff.members': { members: StaffMemberView[] };
  'staff.member.ban': { member: StaffMemberView };
  'staff.member.unban': { member: StaffMemberView };
  'staff.member.role': { member: StaffMemberView };
  'staff.member.erase': { member: StaffMemberView };
  'staff.audit': { entries: AuditEntry[]; next: string | null };
  'staff.typing': { ok: true };
  'staff.alerts': StaffAlertsView;
  'staff.alerts.update': StaffAlertsView;
  'staff.settings': SiteSettingsView;
  'staff.settings.update': SiteSettingsView;
  'staff.mail.settings': SiteMailSettingsView;
  'staff.mail.settings.update': SiteMailSettingsView;
  'staff.install': { refusedOrigins: RefusedOriginView[]; boards: string[] };
  'staff.origin.allow': { allowedOrigins: string[] };
  'staff.apikeys': { keys: ApiKeySummary[] };
  'staff.apikey.create': { key: ApiKeySummary; secret: string };
  'staff.apikey.revoke': { key: ApiKeySummary };
  'staff.sso.rotate': { ssoSecret: string };
  'staff.accounts': { accounts: StaffAccountView[] };
  'staff.account.add': { account: StaffMemberView; password: string };
  'staff.account.remove': { memberId: string };
  'staff.account.unlock': { account: StaffAccountView };
}

/** Compile-time check that every staff message type has a result type. */
export type StaffResultsComplete = { [T in StaffMessageType]: StaffResultMap[T] };

export type { Role };
