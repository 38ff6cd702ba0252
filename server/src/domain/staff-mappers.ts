import type { AuditAction, AuditEntry, ReportView, StaffMemberView } from '@booth/shared';
import type { AuditRow } from '../db/audit.queries.js';
import type { MemberRow } from '../db/database.js';
import type { OpenReportRow } from '../db/reports.queries.js';
import { toMemberView } from './mappers.js';

/** Bans "for good" end in this year; anything later than this counts as for good. */
export const FOREVER = new Date('9999-12-31T00:00:00.000Z');

export function toStaffMemberView(row: MemberRow, now: Date): StaffMemberView {
  const banned = row.banned_until !== null && row.banned_until > now;
  return {
    ...toMemberView(row),
    email: row.email,
    bannedUntil: banned && row.banned_until ? row.banned_until.toISOString() : null,
    bannedForGood: banned && row.banned_until !== null && row.banned_until >= FOREVER,
    deleted: row.erased_at !== null,
    via: row.password_hash !== null ? 'password' : row.guest ? 'guest' : 'sso',
    createdAt: row.created_at.toISOString(),
  };
}

export function toReportView(row: OpenReportRow): ReportView {
  return {
    id: row.id,
    reason: row.reason,
    createdAt: row.created_at.toISOString(),
    reporter: {
      id: row.author_id,
      name: row.author_name,
      avatarUrl: row.author_avatar_url,
      role: row.author_role,
      guest: row.author_guest,
    },
  };
}

export function toAuditEntry(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    actor: {
      id: row.author_id,
      name: row.author_name,
      avatarUrl: row.author_avatar_url,
      role: row.author_role,
      guest: row.author_guest,
    },
    action: row.action as AuditAction,
    target: { type: row.target_type as AuditEntry['target']['type'], id: row.target_id, label: row.target_label },
    reason: row.reason,
    details: (row.details ?? {}) as Record<string, unknown>,
    createdAt: row.created_at.toISOString(),
  };
}
