import type { StaffMessageType } from '@booth/shared';
import { confirmAnswer, recheckQueue, recordRelease } from '../../domain/answer-releases.js';
import { createApiKey, listApiKeys, revokeApiKey } from '../../domain/api-keys.js';
import { setBoardPage } from '../../domain/board-pages.js';
import { DomainError } from '../../domain/domain-error.js';
import { escalateThread } from '../../domain/escalations.js';
import { moderateThread, moveThread, staffAccept } from '../../domain/moderation.js';
import { banMember, changeRole, unbanMember } from '../../domain/moderation-members.js';
import { moderatePost, resolvePostReports } from '../../domain/moderation-posts.js';
import {
  auditLog,
  pendingQueue,
  recentThreads,
  reportsQueue,
  staffOpenThread,
  unansweredQueue,
} from '../../domain/moderation-queues.js';
import { eraseMember } from '../../domain/privacy/erase-member.js';
import { allowOrigin, installView } from '../../domain/refused-origins.js';
import type { Actor } from '../../domain/services.js';
import { readMailSettings, updateMailSettings } from '../../domain/site-mail-settings.js';
import { readSettings, rotateSsoSecret, updateSettings } from '../../domain/site-settings.js';
import {
  addStaffAccount,
  listSiteMembers,
  listStaffAccounts,
  removeStaffAccount,
  unlockStaffAccount,
} from '../../domain/staff-accounts.js';
import { readAlerts, updateAlerts } from '../../domain/staff-alert-settings.js';
import { assertStaff } from '../../domain/staff-authorization.js';
import { toStaffMemberView } from '../../domain/staff-mappers.js';
import { typingBoard } from '../../domain/staff-typing.js';
import type { HandlerTable, RequestContext, StaffDeps } from './handler.js';

/** The signed-in staff member of a socket, or a refusal: `auth_required`, `forbidden` or `banned`. */
export function staffActor(s: RequestContext): Actor {
  if (!s.member) throw new DomainError('auth_required', { key: 'refusal.staffSignInFirst' });
  assertStaff(s.member, s.site, s.services.now());
  return { site: s.site, member: s.member };
}

function staffDeps(s: RequestContext): StaffDeps {
  if (!s.staff) throw new DomainError('unavailable', { key: 'refusal.moderationOff' });
  return s.staff;
}

/**
 * Requests only staff may send. Each handler first resolves the staff actor, so a guest, a
 * customer, staff of another site or a banned member is refused before anything is read; the
 * use cases check again, so no path reaches a write unchecked.
 */
export const staffHandlers: HandlerTable<StaffMessageType> = {
  'staff.subscribe': async (s) => {
    const actor = staffActor(s);
    if (s.staffToken === null) {
      throw new DomainError('forbidden', { key: 'refusal.staffFeedOnly' });
    }
    const staff = staffDeps(s);
    const first = !s.moderating;
    s.moderating = true;
    const boards = first ? await staff.desk.join(s.liveSocket) : [];
    return {
      me: toStaffMemberView(actor.member, s.services.now()),
      site: { key: s.site.public_key, name: s.site.name },
      boards,
      staffOnline: staff.desk.count(s.site.id),
    };
  },
  'staff.unanswered': async (s, msg) => unansweredQueue(s.services, staffActor(s), msg.order),
  'staff.reports': async (s) => reportsQueue(s.services, staffActor(s)),
  'staff.pending': async (s) => pendingQueue(s.services, staffActor(s)),
  'staff.threads': async (s, msg) => recentThreads(s.services, staffActor(s), msg),
  'staff.thread.open': async (s, msg) => staffOpenThread(s.services, staffActor(s), msg.threadId),
  'staff.thread.action': async (s, msg) => moderateThread(s.services, staffActor(s), msg),
  'staff.thread.move': async (s, msg) => moveThread(s.services, staffActor(s), msg),
  'staff.thread.escalate': async (s, msg) => escalateThread(s.services, staffActor(s), msg),
  'staff.board.page': async (s, msg) => setBoardPage(s.services, staffActor(s), msg),
  'staff.thread.accept': async (s, msg) => staffAccept(s.services, staffActor(s), msg),
  'staff.release.record': async (s, msg) => recordRelease(s.services, staffActor(s), msg),
  'staff.recheck': async (s) => recheckQueue(s.services, staffActor(s)),
  'staff.answer.confirm': async (s, msg) => confirmAnswer(s.services, staffActor(s), msg),
  'staff.post.action': async (s, msg) => moderatePost(s.services, staffActor(s), msg),
  'staff.report.resolve': async (s, msg) => resolvePostReports(s.services, staffActor(s), msg),
  'staff.members': async (s, msg) => listSiteMembers(s.services, staffActor(s), msg),
  'staff.member.ban': async (s, msg) => banMember(s.services, staffActor(s), msg),
  'staff.member.unban': async (s, msg) => unbanMember(s.services, staffActor(s), msg),
  'staff.member.role': async (s, msg) => changeRole(s.services, staffActor(s), msg),
  'staff.member.erase': async (s, msg) => eraseMember(s.services, staffActor(s), msg),
  'staff.audit': async (s, msg) => auditLog(s.services, staffActor(s), msg.before ?? null),
  'staff.typing': async (s, msg) => {
    const actor = staffActor(s);
    const staff = staffDeps(s);
    const board = await typingBoard(s.services, actor, msg.threadId);
    if (board) staff.desk.typing(actor.site.id, board.id, board.slug, msg.threadId);
    return { ok: true };
  },
  'staff.alerts': async (s) => readAlerts(s.services, staffActor(s)),
  'staff.alerts.update': async (s, msg) => updateAlerts(s.services, staffActor(s), msg),
  'staff.settings': async (s) => readSettings(s.services, staffActor(s), staffDeps(s).publicUrl),
  'staff.settings.update': async (s, msg) => updateSettings(s.services, staffActor(s), msg, staffDeps(s).publicUrl),
  'staff.mail.settings': async (s) => readMailSettings(s.services, staffActor(s)),
  'staff.mail.settings.update': async (s, msg) => updateMailSettings(s.services, staffActor(s), msg),
  'staff.install': async (s) => installView(s.services, staffActor(s)),
  'staff.origin.allow': async (s, msg) => allowOrigin(s.services, staffActor(s), msg),
  'staff.apikeys': async (s) => ({ keys: await listApiKeys(s.services, staffActor(s)) }),
  'staff.apikey.create': async (s, msg) => createApiKey(s.services, staffActor(s), msg),
  'staff.apikey.revoke': async (s, msg) => ({ key: await revokeApiKey(s.services, staffActor(s), msg.keyId) }),
  'staff.sso.rotate': async (s) => rotateSsoSecret(s.services, staffActor(s)),
  'staff.accounts': async (s) => listStaffAccounts(s.services, staffActor(s)),
  'staff.account.add': async (s, msg) => addStaffAccount(s.services, staffActor(s), msg),
  'staff.account.remove': async (s, msg) => removeStaffAccount(s.services, staffActor(s), msg),
  'staff.account.unlock': async (s, msg) => unlockStaffAccount(s.services, staffActor(s), msg),
};
