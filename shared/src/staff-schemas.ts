/**
 * Validators of the messages only staff may send, over the same WebSocket as the widget.
 * The server checks the sender's role before it acts on any of them; these only check shape.
 */
import * as v from 'valibot';
import { API_KEY_CREATE_ENTRIES } from './api-keys.js';
import { BoardSlug, EntityId, noControlChars, PageUrl, Reason, requestFields, writeFields } from './fields.js';
import { LANGUAGES } from './i18n.js';
import { SitePolicySchema } from './site-policy.js';

const reason = { reason: v.optional(Reason) };

/** Longest ban with an end date; a ban without `days` lasts for good. */
export const MAX_BAN_DAYS = 3650;

const BanDays = v.nullable(v.pipe(v.number(), v.safeInteger(), v.minValue(1), v.maxValue(MAX_BAN_DAYS)));

const Email = v.pipe(v.string(), v.trim(), v.toLowerCase(), v.maxLength(254), v.email('must be an email address'));

/** An allowed origin: scheme, host and optional port, nothing after. */
export const OriginSchema = v.pipe(
  v.string(),
  v.trim(),
  v.maxLength(200),
  v.regex(/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/, 'must be an origin such as https://shop.example.com'),
);

/** The https address of a site's picture for link previews. */
export const ShareImageUrl = v.pipe(
  v.string(),
  v.trim(),
  v.maxLength(2000),
  v.url('must be a web address'),
  v.startsWith('https://', 'must be an https:// address'),
);

/** Starts the moderation feed: live events of every board of the site, and staff presence. */
export const StaffSubscribeMessage = v.strictObject({ type: v.literal('staff.subscribe'), ...requestFields });

/** Orders of the unanswered queue: longest waiting first, or most people waiting for the answer first. */
export const UNANSWERED_ORDERS = ['oldest', 'most_waiting'] as const;
export type UnansweredOrder = (typeof UNANSWERED_ORDERS)[number];

/** Questions without a staff reply or an accepted answer, oldest first unless `order` says otherwise. */
export const StaffUnansweredMessage = v.strictObject({
  type: v.literal('staff.unanswered'),
  ...requestFields,
  order: v.optional(v.picklist(UNANSWERED_ORDERS)),
});

/** Posts with open reports from customers. */
export const StaffReportsMessage = v.strictObject({ type: v.literal('staff.reports'), ...requestFields });

/** Posts held for review by the pre-moderation policy. */
export const StaffPendingMessage = v.strictObject({ type: v.literal('staff.pending'), ...requestFields });

/** Recent threads of the site, hidden ones included. */
export const StaffThreadsMessage = v.strictObject({
  type: v.literal('staff.threads'),
  ...requestFields,
  filter: v.optional(v.picklist(['all', 'hidden', 'pinned', 'locked'])),
});

/** A thread with every post, held and hidden ones included. */
export const StaffThreadOpenMessage = v.strictObject({
  type: v.literal('staff.thread.open'),
  ...requestFields,
  threadId: EntityId,
});

export const THREAD_ACTIONS = [
  'pin',
  'unpin',
  'lock',
  'unlock',
  'hide',
  'restore',
  'mark_answered',
  'mark_unanswered',
] as const;
export type ThreadAction = (typeof THREAD_ACTIONS)[number];

export const StaffThreadActionMessage = v.strictObject({
  type: v.literal('staff.thread.action'),
  ...writeFields,
  threadId: EntityId,
  action: v.picklist(THREAD_ACTIONS),
  ...reason,
});

export const StaffThreadMoveMessage = v.strictObject({
  type: v.literal('staff.thread.move'),
  ...writeFields,
  threadId: EntityId,
  board: BoardSlug,
  ...reason,
});

/** Hands a thread to the brand's helpdesk: sends the signed `thread.escalated` webhook once. */
export const StaffThreadEscalateMessage = v.strictObject({
  type: v.literal('staff.thread.escalate'),
  ...writeFields,
  threadId: EntityId,
});

/** Sets (or with null clears) the brand page a board is embedded in, where links to its threads go. */
export const StaffBoardPageMessage = v.strictObject({
  type: v.literal('staff.board.page'),
  ...writeFields,
  board: BoardSlug,
  pageUrl: v.nullable(PageUrl),
});

/** Accepts any reply as the answer (or clears it with null). */
export const StaffThreadAcceptMessage = v.strictObject({
  type: v.literal('staff.thread.accept'),
  ...writeFields,
  threadId: EntityId,
  postId: v.nullable(EntityId),
  ...reason,
});

/** A product release's name as staff type it: one line, such as "v2 shipped". */
export const ReleaseName = v.pipe(
  v.string(),
  noControlChars,
  v.regex(/^[^\r\n\t]*$/, 'must be one line'),
  v.trim(),
  v.minLength(1, 'must not be empty'),
  v.maxLength(120),
);

/**
 * Records a product release on a board: every answer accepted there so far may be out of date
 * and enters the re-check queue.
 */
export const StaffReleaseRecordMessage = v.strictObject({
  type: v.literal('staff.release.record'),
  ...writeFields,
  board: BoardSlug,
  name: ReleaseName,
});

/** Accepted answers that predate their board's latest release, oldest check first, and the recent releases. */
export const StaffRecheckMessage = v.strictObject({ type: v.literal('staff.recheck'), ...requestFields });

/** Staff re-checked an accepted answer and it still holds: it is stamped as checked now and no longer stale. */
export const StaffAnswerConfirmMessage = v.strictObject({
  type: v.literal('staff.answer.confirm'),
  ...writeFields,
  threadId: EntityId,
  ...reason,
});

export const POST_ACTIONS = ['hide', 'restore', 'approve', 'reject'] as const;
export type PostAction = (typeof POST_ACTIONS)[number];

export const StaffPostActionMessage = v.strictObject({
  type: v.literal('staff.post.action'),
  ...writeFields,
  postId: EntityId,
  action: v.picklist(POST_ACTIONS),
  ...reason,
});

export const REPORT_ACTIONS = ['dismiss', 'hide', 'ban'] as const;
export type ReportAction = (typeof REPORT_ACTIONS)[number];

/** Closes the open reports of a post: keep it (dismiss), hide it, or hide it and ban its author. */
export const StaffReportResolveMessage = v.strictObject({
  type: v.literal('staff.report.resolve'),
  ...writeFields,
  postId: EntityId,
  action: v.picklist(REPORT_ACTIONS),
  /** For `ban`: days, or null for good. */
  banDays: v.optional(BanDays),
  ...reason,
});

export const StaffMembersMessage = v.strictObject({
  type: v.literal('staff.members'),
  ...requestFields,
  query: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(100))),
  filter: v.optional(v.picklist(['all', 'banned', 'staff'])),
});

export const StaffMemberBanMessage = v.strictObject({
  type: v.literal('staff.member.ban'),
  ...writeFields,
  memberId: EntityId,
  /** Days, or null for good. */
  days: BanDays,
  ...reason,
});

export const StaffMemberUnbanMessage = v.strictObject({
  type: v.literal('staff.member.unban'),
  ...writeFields,
  memberId: EntityId,
  ...reason,
});

export const StaffMemberRoleMessage = v.strictObject({
  type: v.literal('staff.member.role'),
  ...writeFields,
  memberId: EntityId,
  role: v.picklist(['customer', 'staff', 'owner']),
  ...reason,
});

/**
 * Deletes a customer's account at their request: their identity stops signing in, their data
 * is erased, and their posts are kept under "Deleted member" or removed, as the site chooses.
 */
export const StaffMemberEraseMessage = v.strictObject({
  type: v.literal('staff.member.erase'),
  ...writeFields,
  memberId: EntityId,
  ...reason,
});

export const StaffAuditMessage = v.strictObject({
  type: v.literal('staff.audit'),
  ...requestFields,
  /** Entries older than this id; the first page when absent. */
  before: v.optional(EntityId),
});

/** Staff is typing a reply in a thread: customers there see "Staff is typing…". Not stored. */
export const StaffTypingMessage = v.strictObject({
  type: v.literal('staff.typing'),
  ...requestFields,
  threadId: EntityId,
});

/** The signed-in staff member's own alert emails on this site, and the site's unanswered threshold. */
export const StaffAlertsMessage = v.strictObject({ type: v.literal('staff.alerts'), ...requestFields });

export const StaffAlertsUpdateMessage = v.strictObject({
  type: v.literal('staff.alerts.update'),
  ...writeFields,
  /** An email when a question waits longer than the site's threshold with no staff reply. */
  unansweredEmail: v.optional(v.boolean()),
  /** A daily email of what is unanswered, reported and held for review. */
  dailyDigest: v.optional(v.boolean()),
  /** Owners only: minutes after which a question counts as waiting too long (also for the webhook). */
  thresholdMinutes: v.optional(v.pipe(v.number(), v.safeInteger(), v.minValue(1), v.maxValue(60 * 24 * 30))),
  /** Owners only: hour of the day (UTC, 0–23) from which the site's daily digest goes out. */
  digestHour: v.optional(v.pipe(v.number(), v.safeInteger(), v.minValue(0), v.maxValue(23))),
});

/** A sender name as it goes into a `From` header: one line, no quotes or angle brackets. */
const SenderName = v.pipe(
  v.string(),
  v.trim(),
  v.minLength(1, 'is required, or null for the site name'),
  v.maxLength(80),
  v.regex(/^[^\r\n"<>\\]+$/, 'must be one line without quotes or angle brackets'),
);

/** Owners only: the sender and accent colour of the site's emails. */
export const StaffMailSettingsMessage = v.strictObject({ type: v.literal('staff.mail.settings'), ...requestFields });

export const StaffMailSettingsUpdateMessage = v.strictObject({
  type: v.literal('staff.mail.settings.update'),
  ...writeFields,
  /** The name emails come from; null: the site's name. */
  fromName: v.optional(v.nullable(SenderName)),
  /** The address emails come from (the mail server must be allowed to send as it); null: the server's `MAIL_FROM`. */
  fromAddress: v.optional(v.nullable(Email)),
  /** The colour of the emails' header and buttons, `#rrggbb`; null: the default blue. */
  accentColor: v.optional(
    v.nullable(v.pipe(v.string(), v.trim(), v.regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour such as #2563eb'))),
  ),
});

/** Owners only: the site's settings and embed snippet. */
export const StaffSettingsMessage = v.strictObject({ type: v.literal('staff.settings'), ...requestFields });

export const StaffSettingsUpdateMessage = v.strictObject({
  type: v.literal('staff.settings.update'),
  ...writeFields,
  allowedOrigins: v.optional(v.pipe(v.array(OriginSchema), v.maxLength(50))),
  guestsAllowed: v.optional(v.boolean()),
  premoderateFirstPosts: v.optional(v.boolean()),
  /**
   * The whole spam policy and rate limits, as the settings form shows them; fields left out take
   * their defaults. A `premoderateFirstPosts` given beside it wins over the one inside.
   */
  policy: v.optional(SitePolicySchema),
  /** Keep a deleted member's posts under "Deleted member", or remove them. */
  deletedMemberPosts: v.optional(v.picklist(['anonymize', 'remove'])),
  /** The language the site speaks to customers and searches posts in; changing it reindexes the site's posts. */
  language: v.optional(v.picklist(LANGUAGES)),
  /** The picture link previews show (https only); null removes it. */
  shareImageUrl: v.optional(v.nullable(ShareImageUrl)),
  /** Shows the public answer badge (widget header, embeddable SVG). */
  answerBadge: v.optional(v.boolean()),
  /** Hands questions waiting past the unanswered threshold to the helpdesk. */
  autoEscalate: v.optional(v.boolean()),
});

/** Owners only: what the Install tab shows besides the settings: origins refused lately, and the site's boards. */
export const StaffInstallMessage = v.strictObject({ type: v.literal('staff.install'), ...requestFields });

/** Owners only: allows one more origin (one a page was refused from, say) without sending the whole list. */
export const StaffOriginAllowMessage = v.strictObject({
  type: v.literal('staff.origin.allow'),
  ...writeFields,
  origin: OriginSchema,
});

/** Owners only: replaces the SSO secret; the new one is shown once. */
export const StaffSsoRotateMessage = v.strictObject({ type: v.literal('staff.sso.rotate'), ...writeFields });

/** Owners only: the site's API keys, revoked ones included (never their secrets). */
export const StaffApiKeysMessage = v.strictObject({ type: v.literal('staff.apikeys'), ...requestFields });

/**
 * Owners only: makes an API key; the answer carries its secret, the only time it is shown. A key
 * that writes or moderates names the staff member it acts as.
 */
export const StaffApiKeyCreateMessage = v.strictObject({
  type: v.literal('staff.apikey.create'),
  ...writeFields,
  ...API_KEY_CREATE_ENTRIES,
});

/** Owners only: revokes an API key; it signs nothing in from then on. */
export const StaffApiKeyRevokeMessage = v.strictObject({
  type: v.literal('staff.apikey.revoke'),
  ...writeFields,
  keyId: EntityId,
});

/** Owners only: staff and owner accounts of the site. */
export const StaffAccountsMessage = v.strictObject({ type: v.literal('staff.accounts'), ...requestFields });

/** Owners only: adds a staff account that signs in with email and a generated password. */
export const StaffAccountAddMessage = v.strictObject({
  type: v.literal('staff.account.add'),
  ...writeFields,
  email: Email,
  name: v.pipe(v.string(), v.trim(), v.minLength(2), v.maxLength(40)),
  role: v.picklist(['staff', 'owner']),
});

/** Owners only: takes the staff role away and ends the account's sessions. */
export const StaffAccountRemoveMessage = v.strictObject({
  type: v.literal('staff.account.remove'),
  ...writeFields,
  memberId: EntityId,
});

/** Owners only: lifts a sign-in lockout of a staff or owner account before it runs out. */
export const StaffAccountUnlockMessage = v.strictObject({
  type: v.literal('staff.account.unlock'),
  ...writeFields,
  memberId: EntityId,
});

/** Every staff-only message, in the order the moderation view documents them. */
export const STAFF_MESSAGE_SCHEMAS = [
  StaffSubscribeMessage,
  StaffUnansweredMessage,
  StaffReportsMessage,
  StaffPendingMessage,
  StaffThreadsMessage,
  StaffThreadOpenMessage,
  StaffThreadActionMessage,
  StaffThreadMoveMessage,
  StaffThreadEscalateMessage,
  StaffBoardPageMessage,
  StaffThreadAcceptMessage,
  StaffReleaseRecordMessage,
  StaffRecheckMessage,
  StaffAnswerConfirmMessage,
  StaffPostActionMessage,
  StaffReportResolveMessage,
  StaffMembersMessage,
  StaffMemberBanMessage,
  StaffMemberUnbanMessage,
  StaffMemberRoleMessage,
  StaffMemberEraseMessage,
  StaffAuditMessage,
  StaffTypingMessage,
  StaffAlertsMessage,
  StaffAlertsUpdateMessage,
  StaffSettingsMessage,
  StaffSettingsUpdateMessage,
  StaffMailSettingsMessage,
  StaffMailSettingsUpdateMessage,
  StaffInstallMessage,
  StaffOriginAllowMessage,
  StaffSsoRotateMessage,
  StaffApiKeysMessage,
  StaffApiKeyCreateMessage,
  StaffApiKeyRevokeMessage,
  StaffAccountsMessage,
  StaffAccountAddMessage,
  StaffAccountRemoveMessage,
  StaffAccountUnlockMessage,
] as const;

export type StaffMessage = v.InferOutput<(typeof STAFF_MESSAGE_SCHEMAS)[number]>;
export type StaffMessageType = StaffMessage['type'];

export const STAFF_MESSAGE_TYPES: readonly StaffMessageType[] = STAFF_MESSAGE_SCHEMAS.map(
  (s) => s.entries.type.literal,
);

/** A six-digit code of an authenticator app (spaces allowed, as apps show them). */
const AuthenticatorCode = v.pipe(
  v.string(),
  v.transform((s) => s.replace(/\s+/g, '')),
  v.regex(/^\d{6}$/, 'must be the 6-digit code of your authenticator app'),
);

/** An authenticator code or a recovery code (`xxxx-xxxx-xxxx`). */
const SecondFactorCode = v.pipe(
  v.string(),
  v.transform((s) => s.replace(/\s+/g, '').toLowerCase()),
  v.regex(/^(\d{6}|[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4})$/, 'must be a 6-digit code or a recovery code'),
);

/** Email and password sign-in to the moderation view (HTTP body). */
export const StaffLoginBody = v.strictObject({
  email: Email,
  password: v.pipe(v.string(), v.minLength(1, 'is required'), v.maxLength(200)),
  /** Needed only when the email has staff accounts on several sites. */
  site: v.optional(v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{4,64}$/, 'must be a site key'))),
  /** For accounts with two-factor on: the authenticator's code, or one of the recovery codes. */
  code: v.optional(SecondFactorCode),
});

/** The language a staff member picks for the moderation view (HTTP body). */
export const StaffLanguageBody = v.strictObject({ language: v.picklist(LANGUAGES, 'must be a language Booth ships') });

/** Confirming two-factor enrolment with the first code of the authenticator app (HTTP body). */
export const StaffTwoFactorEnableBody = v.strictObject({ code: AuthenticatorCode });

/** Turning two-factor off: the password and a current code (or a recovery code) (HTTP body). */
export const StaffTwoFactorDisableBody = v.strictObject({
  password: v.pipe(v.string(), v.minLength(1, 'is required'), v.maxLength(200)),
  code: SecondFactorCode,
});

/** Changing one's own password (HTTP body). */
export const StaffPasswordBody = v.strictObject({
  current: v.pipe(v.string(), v.minLength(1, 'is required'), v.maxLength(200)),
  next: v.pipe(v.string(), v.minLength(12, 'must be at least 12 characters'), v.maxLength(200)),
});

/** Arriving from the brand's own admin with a signed SSO token that carries a staff role. */
export const StaffSsoBody = v.strictObject({
  site: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{4,64}$/, 'must be a site key')),
  token: v.pipe(v.string(), v.minLength(1), v.maxLength(4096)),
});

/** Query of the WebSocket upgrade: the site, `moderate=1` for the moderation view's socket, and the language. */
export const WsQuery = v.strictObject({
  site: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{4,64}$/, 'must be a site key')),
  moderate: v.optional(v.literal('1')),
  /** The language of the page's words: the server's messages (errors, goodbyes) come in it. */
  lang: v.optional(v.picklist(LANGUAGES, 'must be a language Booth ships')),
});
