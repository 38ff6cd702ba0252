/**
 * A site's trust-and-safety settings: the spam policy applied to every new thread, reply and
 * edit, and the rate limits on writes and sign-ins. The server enforces them; the moderation
 * view edits them. Every field has a default, so an empty object is a complete policy.
 */
import * as v from 'valibot';

/** Requests per minute for each scope; 0 turns that limit off. */
export interface ScopedLimits {
  /** One member (by id), wherever they connect from. */
  member: number;
  /** One network address, whoever is signed in there (guests can make many identities). */
  ip: number;
  /** The whole site: a ceiling under a coordinated attack. */
  site: number;
}

export interface RateLimitSettings {
  /** New threads, replies and edits per minute. */
  posts: ScopedLimits;
  /** Every write (posts, votes, deletes, accepted answers, reports) per minute. */
  writes: ScopedLimits;
  /** Sign-in attempts (SSO token, guest token, new guest name) per minute. */
  signIns: Omit<ScopedLimits, 'member'>;
  /** Image uploads per minute. */
  uploads: ScopedLimits;
}

/**
 * Which boards come into being when a page asks for one that does not exist yet. Boards that
 * exist are always shown; this only decides whether a new name creates one.
 * - `first_view`: any name the embed asks for (the default; fine while the embed tag is in the
 *   brand's own templates).
 * - `list`: only the names in `list`.
 * - `pattern`: only names matching `pattern`, where `*` stands for any run of characters
 *   (`product-*`).
 * - `staff`: only when staff open it or post to it.
 * Staff may always create boards, whatever the setting.
 */
export interface BoardCreationSettings {
  creation: 'first_view' | 'list' | 'pattern' | 'staff';
  list: string[];
  pattern: string;
}

export const BOARD_CREATION_MODES = ['first_view', 'list', 'pattern', 'staff'] as const;

/** Posts a member may start in their first day (24 hours from their first post); 0: no limit. */
export interface FirstDayLimit {
  threads: number;
  replies: number;
}

export interface SitePolicySettings {
  /** Links a new (trust level 0) guest may put in a post; more holds the post for review. Default 0. */
  guestLinkLimit: number;
  /** Links a new (trust level 0) signed-in member may put in a post; more holds it. Default 2. */
  memberLinkLimit: number;
  /** Hold the first post of every new member for review until one is approved. Default false. */
  premoderateFirstPosts: boolean;
  /** Also apply Booth's built-in list of follower- and like-selling terms and domains. Default true. */
  useDefaultBlocklist: boolean;
  /** Words or phrases (case-insensitive, whole words) that hold a post for review. */
  blockedWords: string[];
  /** Link domains that hold a post for review; a domain also covers its subdomains. */
  blockedDomains: string[];
  /**
   * Minutes in which the same text is refused as a duplicate: posted again by the same member
   * anywhere on the site, or (30 characters or more) by another member on another board.
   * 0 turns it off. Default 60.
   */
  duplicateWindowMinutes: number;
  /** Approved posts after which a member reaches trust level 1 (no link limit). 0: only staff promote. Default 3. */
  trustAfterApprovedPosts: number;
  /** Distinct members whose reports hide a post pending review. Default 3. */
  reportThreshold: number;
  rateLimits: RateLimitSettings;
  /** Which new board names create a board. Default: any, on first view. */
  boards: BoardCreationSettings;
  /**
   * First-day limits by trust level (as Discourse has them, the same for both levels by default:
   * members reach level 1 after a few approved posts, often within their first day): 3 threads
   * and 10 replies in the 24 hours from a member's first post. More are refused with
   * `rate_limited` until the day is over.
   */
  firstDayLimits: { level0: FirstDayLimit; level1: FirstDayLimit };
  /**
   * Links a customer may make to one domain (other than the site's own) across their posts of
   * the last 24 hours, counted together; more holds the post. 0 turns it off. Default 3.
   */
  linksPerDomainPerDay: number;
  /**
   * Seconds of writing under which a new member's post counts as typed impossibly fast. Held only
   * together with another signal (links, or the member's first post). 0 turns it off. Default 3.
   */
  minComposeSeconds: number;
  /**
   * Megabytes the site's uploaded images may take in all (as stored, after re-encoding); uploads
   * past it are refused with `image_quota_exceeded`. 0 turns image uploads off. Default 1024.
   */
  imageQuotaMegabytes: number;
}

export const DEFAULT_RATE_LIMITS: RateLimitSettings = {
  posts: { member: 10, ip: 30, site: 300 },
  writes: { member: 60, ip: 180, site: 1800 },
  // Every page view of a signed-in customer says hello with a token: the site-wide ceiling must
  // sit well above a busy brand's traffic.
  signIns: { ip: 60, site: 6000 },
  uploads: { member: 10, ip: 30, site: 300 },
};

export const DEFAULT_SITE_POLICY: SitePolicySettings = {
  guestLinkLimit: 0,
  memberLinkLimit: 2,
  premoderateFirstPosts: false,
  useDefaultBlocklist: true,
  blockedWords: [],
  blockedDomains: [],
  duplicateWindowMinutes: 60,
  trustAfterApprovedPosts: 3,
  reportThreshold: 3,
  rateLimits: DEFAULT_RATE_LIMITS,
  boards: { creation: 'first_view', list: [], pattern: '' },
  firstDayLimits: { level0: { threads: 3, replies: 10 }, level1: { threads: 3, replies: 10 } },
  linksPerDomainPerDay: 3,
  minComposeSeconds: 3,
  imageQuotaMegabytes: 1024,
};

/** Bounds of the policy's lists, so a settings form cannot store megabytes of words. */
export const POLICY_LIMITS = {
  listEntries: 500,
  wordChars: 100,
  domainChars: 253,
  maxPerMinute: 100_000,
} as const;

const count = (max: number) => v.pipe(v.number(), v.safeInteger(), v.minValue(0), v.maxValue(max));
const perMinute = count(POLICY_LIMITS.maxPerMinute);

const BlockedWord = v.pipe(
  v.string(),
  v.trim(),
  v.minLength(2, 'must be at least 2 characters'),
  v.maxLength(POLICY_LIMITS.wordChars, `must be at most ${POLICY_LIMITS.wordChars} characters`),
  v.regex(/^[^\u0000-\u001F\u007F]*$/, 'contains characters that are not allowed'),
);

/** A host name such as `spam.example` (a leading `*.` or scheme is dropped; subdomains are always covered). */
export const BlockedDomain = v.pipe(
  v.string(),
  v.trim(),
  v.toLowerCase(),
  v.transform((s) =>
    s
      .replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
      .replace(/^\*\./, '')
      .replace(/[/:].*$/, ''),
  ),
  v.maxLength(POLICY_LIMITS.domainChars),
  v.regex(
    /^(?=.{1,253}$)(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+[\p{L}]{2,63}$/u,
    'must be a domain such as spam.example',
  ),
);

/** A board name as the embed writes it (the protocol's rule for board names). */
const BoardName = v.pipe(
  v.string(),
  v.trim(),
  v.regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be a board name: letters, digits, ".", "-" or "_"'),
);

/** A board name in which `*` stands for any run of characters. */
const BoardPattern = v.pipe(
  v.string(),
  v.trim(),
  v.regex(/^$|^[A-Za-z0-9*][A-Za-z0-9._*-]{0,63}$/, 'must be a board name in which * stands for any characters'),
);

const list = <S extends v.GenericSchema<string, string>>(item: S) =>
  v.pipe(
    v.array(item),
    v.maxLength(POLICY_LIMITS.listEntries, `must have at most ${POLICY_LIMITS.listEntries} entries`),
    v.transform((items) => [...new Set(items)]),
  );

const scoped = (defaults: ScopedLimits) =>
  v.strictObject({
    member: v.optional(perMinute, defaults.member),
    ip: v.optional(perMinute, defaults.ip),
    site: v.optional(perMinute, defaults.site),
  });

const firstDay = (defaults: FirstDayLimit) =>
  v.strictObject({
    threads: v.optional(count(10_000), defaults.threads),
    replies: v.optional(count(10_000), defaults.replies),
  });

/**
 * Validates settings from the moderation view. Missing fields take their defaults, so the
 * output is always complete; unknown fields are refused.
 */
export const SitePolicySchema = v.strictObject({
  guestLinkLimit: v.optional(count(50), DEFAULT_SITE_POLICY.guestLinkLimit),
  memberLinkLimit: v.optional(count(50), DEFAULT_SITE_POLICY.memberLinkLimit),
  premoderateFirstPosts: v.optional(v.boolean(), DEFAULT_SITE_POLICY.premoderateFirstPosts),
  useDefaultBlocklist: v.optional(v.boolean(), DEFAULT_SITE_POLICY.useDefaultBlocklist),
  blockedWords: v.optional(list(BlockedWord), () => []),
  blockedDomains: v.optional(list(BlockedDomain), () => []),
  duplicateWindowMinutes: v.optional(count(7 * 24 * 60), DEFAULT_SITE_POLICY.duplicateWindowMinutes),
  trustAfterApprovedPosts: v.optional(count(1000), DEFAULT_SITE_POLICY.trustAfterApprovedPosts),
  reportThreshold: v.optional(v.pipe(count(100), v.minValue(1)), DEFAULT_SITE_POLICY.reportThreshold),
  firstDayLimits: v.optional(
    v.strictObject({
      level0: v.optional(firstDay(DEFAULT_SITE_POLICY.firstDayLimits.level0), () => ({
        ...DEFAULT_SITE_POLICY.firstDayLimits.level0,
      })),
      level1: v.optional(firstDay(DEFAULT_SITE_POLICY.firstDayLimits.level1), () => ({
        ...DEFAULT_SITE_POLICY.firstDayLimits.level1,
      })),
    }),
    () => structuredClone(DEFAULT_SITE_POLICY.firstDayLimits),
  ),
  linksPerDomainPerDay: v.optional(count(1000), DEFAULT_SITE_POLICY.linksPerDomainPerDay),
  minComposeSeconds: v.optional(count(600), DEFAULT_SITE_POLICY.minComposeSeconds),
  imageQuotaMegabytes: v.optional(count(10_000_000), DEFAULT_SITE_POLICY.imageQuotaMegabytes),
  rateLimits: v.optional(
    v.strictObject({
      posts: v.optional(scoped(DEFAULT_RATE_LIMITS.posts), () => ({ ...DEFAULT_RATE_LIMITS.posts })),
      writes: v.optional(scoped(DEFAULT_RATE_LIMITS.writes), () => ({ ...DEFAULT_RATE_LIMITS.writes })),
      signIns: v.optional(
        v.strictObject({
          ip: v.optional(perMinute, DEFAULT_RATE_LIMITS.signIns.ip),
          site: v.optional(perMinute, DEFAULT_RATE_LIMITS.signIns.site),
        }),
        () => ({ ...DEFAULT_RATE_LIMITS.signIns }),
      ),
      uploads: v.optional(scoped(DEFAULT_RATE_LIMITS.uploads), () => ({ ...DEFAULT_RATE_LIMITS.uploads })),
    }),
    () => structuredClone(DEFAULT_RATE_LIMITS),
  ),
  boards: v.optional(
    v.pipe(
      v.strictObject({
        creation: v.optional(v.picklist(BOARD_CREATION_MODES), DEFAULT_SITE_POLICY.boards.creation),
        list: v.optional(list(BoardName), () => []),
        pattern: v.optional(BoardPattern, ''),
      }),
      v.check((b) => b.creation !== 'pattern' || b.pattern !== '', 'pattern: give a pattern such as product-*'),
    ),
    () => structuredClone(DEFAULT_SITE_POLICY.boards),
  ),
});

/**
 * True when a board named `slug` may be created now under `rule`: staff always may, others as
 * the site's setting says.
 *
 * @example
 * mayCreateBoard({ creation: 'pattern', list: [], pattern: 'product-*' }, 'product-42', false) // true
 */
export function mayCreateBoard(rule: BoardCreationSettings, slug: string, staff: boolean): boolean {
  if (staff) return true;
  switch (rule.creation) {
    case 'first_view':
      return true;
    case 'list':
      return rule.list.includes(slug);
    case 'pattern':
      return rule.pattern !== '' && globMatches(rule.pattern, slug);
    case 'staff':
      return false;
  }
}

/** Whether `text` matches `pattern` whole, `*` matching any run of characters (linear, no regular expression). */
function globMatches(pattern: string, text: string): boolean {
  const parts = pattern.split('*');
  const first = parts[0] as string;
  const last = parts[parts.length - 1] as string;
  if (parts.length === 1) return pattern === text;
  if (!text.startsWith(first) || !text.endsWith(last) || text.length < first.length + last.length) return false;
  let at = first.length;
  const end = text.length - last.length;
  for (const middle of parts.slice(1, -1)) {
    const found = text.indexOf(middle, at);
    if (found < 0 || found + middle.length > end) return false;
    at = found + middle.length;
  }
  return true;
}

/** What the settings form may send: any subset of the settings. */
export type SitePolicyInput = v.InferInput<typeof SitePolicySchema>;

/** A stored policy whose fields are read one by one: a bad or outdated field falls back to its default. */
function lenient(stored: Record<string, unknown>, key: keyof SitePolicySettings): unknown {
  const one = v.safeParse(SitePolicySchema, { [key]: stored[key] });
  return one.success ? one.output[key] : DEFAULT_SITE_POLICY[key];
}

/**
 * The complete policy of a site from what is stored (possibly partial or from an older
 * version). Never throws. `resolveSitePolicy({})` is the default policy.
 */
export function resolveSitePolicy(stored: unknown): SitePolicySettings {
  const whole = v.safeParse(SitePolicySchema, stored ?? {});
  if (whole.success) return whole.output;
  const record = typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>) : {};
  const keys = Object.keys(DEFAULT_SITE_POLICY) as (keyof SitePolicySettings)[];
  return Object.fromEntries(keys.map((key) => [key, lenient(record, key)])) as unknown as SitePolicySettings;
}
