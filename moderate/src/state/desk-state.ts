import { RequestError } from '@booth/shared/client';
import { ApiError } from '../api.js';
import { errorText } from '../i18n/error-text.js';
import type { MessageKey, Strings } from '../i18n/strings.js';

/** The tabs of the moderation view, in the order they are shown. */
export type Tab =
  | 'unanswered'
  | 'reports'
  | 'pending'
  | 'threads'
  | 'recheck'
  | 'faq'
  | 'members'
  | 'audit'
  | 'insights'
  | 'webhooks'
  | 'settings'
  | 'install'
  | 'apikeys'
  | 'staff'
  | 'account';

/** Each tab with the catalog key of its name. */
export const TABS: readonly { id: Tab; label: MessageKey; owner?: boolean }[] = [
  { id: 'unanswered', label: 'tab.unanswered' },
  { id: 'reports', label: 'tab.reports' },
  { id: 'pending', label: 'tab.pending' },
  { id: 'threads', label: 'tab.threads' },
  { id: 'recheck', label: 'tab.recheck' },
  { id: 'faq', label: 'tab.faq' },
  { id: 'members', label: 'tab.members' },
  { id: 'audit', label: 'tab.audit' },
  { id: 'insights', label: 'tab.insights' },
  { id: 'webhooks', label: 'tab.webhooks' },
  { id: 'settings', label: 'tab.settings', owner: true },
  { id: 'install', label: 'tab.install', owner: true },
  { id: 'apikeys', label: 'tab.apikeys', owner: true },
  { id: 'staff', label: 'tab.staff', owner: true },
  { id: 'account', label: 'tab.account' },
];

/** The tabs a member with this role sees: settings and staff accounts are for owners. */
export function visibleTabs(isOwner: boolean): readonly { id: Tab; label: MessageKey }[] {
  return TABS.filter((tab) => !tab.owner || isOwner);
}

/** The tab to show after a sign-in: the same one, unless this member may not see it. */
export function allowedTab(tab: Tab, isOwner: boolean): Tab {
  return visibleTabs(isOwner).some((t) => t.id === tab) ? tab : 'unanswered';
}

/** The badge counts of the three queues. */
export function queueCounts(queues: { unanswered: unknown[]; reports: unknown[]; pending: unknown[] }) {
  return {
    unanswered: queues.unanswered.length,
    reports: queues.reports.length,
    pending: queues.pending.length,
  } satisfies Partial<Record<Tab, number>>;
}

/** What a refused request means for the view: the session ended, or a notice to show. */
export type Failure = { endSession: true; text: string } | { endSession: false; text: string };

/** What a refused socket request or HTTP call means for the view, worded in the staff member's language. */
export function failureOutcome(error: unknown, strings: Strings): Failure {
  return { endSession: endsSession(error), text: errorText(strings, error) };
}

/** Whether a refusal says the session has ended. */
export function endsSession(error: unknown): boolean {
  const refused = error instanceof RequestError || error instanceof ApiError;
  return refused && (error.code === 'session_expired' || error.code === 'auth_required');
}

/**
 * The words of each reason a post is held for. Most take the stored detail (what matched, as the
 * server recorded it); a first post needs none, and reports give their count.
 */
const HOLD_REASONS: Record<string, MessageKey> = {
  links: 'hold.links',
  blocked_word: 'hold.blocked_word',
  blocked_domain: 'hold.blocked_domain',
  blocked_name: 'hold.blocked_name',
  typed_fast: 'hold.typed_fast',
  first_post: 'hold.first_post',
  reports: 'hold.reports',
};

/** Why a post was held, from the stored `reason: detail` (`reports: 3 members reported it`). */
export function holdReasonText(strings: Strings, stored: string): string {
  const at = stored.indexOf(': ');
  if (at < 0) return stored;
  const key = HOLD_REASONS[stored.slice(0, at)];
  const detail = stored.slice(at + 2);
  if (!key) return detail;
  const count = Number.parseInt(detail, 10);
  return strings.t(key, { detail, count: Number.isNaN(count) ? 0 : count });
}

/** The allowed origins typed into the settings form, one per line (any white space separates). */
export function parseOrigins(text: string): string[] {
  return text
    .split(/\s+/)
    .map((origin) => origin.trim())
    .filter(Boolean);
}

/** A ban length from the ban select: a number of days, or null for good. Default 7 days. */
export function banDaysFrom(value: string | undefined): number | null {
  const chosen = value ?? '7';
  return chosen === 'forever' ? null : Number(chosen);
}
