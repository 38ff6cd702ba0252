import { RequestError } from '@booth/shared/client';
import { ApiError } from '../api.js';

/** The tabs of the moderation view, in the order they are shown. */
export type Tab =
  | 'unanswered'
  | 'reports'
  | 'pending'
  | 'threads'
  | 'members'
  | 'audit'
  | 'insights'
  | 'webhooks'
  | 'settings'
  | 'staff'
  | 'account';

export const TABS: readonly { id: Tab; label: string; owner?: boolean }[] = [
  { id: 'unanswered', label: 'Unanswered' },
  { id: 'reports', label: 'Reports' },
  { id: 'pending', label: 'Pending' },
  { id: 'threads', label: 'Threads' },
  { id: 'members', label: 'Members' },
  { id: 'audit', label: 'Audit log' },
  { id: 'insights', label: 'Insights' },
  { id: 'webhooks', label: 'Webhooks' },
  { id: 'settings', label: 'Settings', owner: true },
  { id: 'staff', label: 'Staff', owner: true },
  { id: 'account', label: 'Account' },
];

/** The tabs a member with this role sees: settings and staff accounts are for owners. */
export function visibleTabs(isOwner: boolean): readonly { id: Tab; label: string }[] {
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

/** What a refused socket request or HTTP call means for the view. */
export function failureOutcome(error: unknown): Failure {
  const refused = error instanceof RequestError || error instanceof ApiError;
  if (refused && (error.code === 'session_expired' || error.code === 'auth_required')) {
    return { endSession: true, text: error.message };
  }
  return { endSession: false, text: error instanceof Error ? error.message : String(error) };
}

/** Words for the reasons whose stored detail does not say it alone (`first_post` and `reports` do). */
const HOLD_REASONS: Record<string, string> = {
  links: 'too many links',
  blocked_word: 'blocked word',
  blocked_domain: 'blocked link domain',
  blocked_name: 'spam word in the name',
  typed_fast: 'typed too fast',
};

/** Why a post was held, from the stored `reason: detail`. */
export function holdReasonText(stored: string): string {
  const at = stored.indexOf(': ');
  if (at < 0) return stored;
  const words = HOLD_REASONS[stored.slice(0, at)];
  const detail = stored.slice(at + 2);
  return words ? `${words} (${detail})` : detail;
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
