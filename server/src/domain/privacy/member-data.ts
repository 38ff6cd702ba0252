/**
 * A person's data download: everything Booth keeps about one member of one site, as JSON.
 * It is handed only to the person (through a signed link from one of their emails) or to staff
 * of the site acting on their request, so it includes the person's own address; it never
 * includes anyone else's.
 */
import type { MemberRow, SiteRow } from '../../db/database.js';
import type { Executor } from '../../db/executor.js';
import {
  addressOfMember,
  followsByMember,
  postsByMember,
  reportsByMember,
  votesByMember,
} from '../../db/member-data.queries.js';
import { findMember } from '../../db/members.queries.js';
import { DomainError } from '../domain-error.js';

export const MEMBER_DATA_FORMAT = 'booth-member-data/1';

function signIn(member: MemberRow): 'guest' | 'sso' | 'password' {
  if (member.password_hash !== null) return 'password';
  return member.guest ? 'guest' : 'sso';
}

/** The data download of member `memberId` of `site`; another site's member is not found. */
export async function exportMemberData(db: Executor, site: SiteRow, memberId: string, now: Date) {
  const member = await findMember(db, memberId);
  if (!member || member.site_id !== site.id) throw new DomainError('not_found');
  const [posts, votes, reports, follows, address] = await Promise.all([
    postsByMember(db, member.id),
    votesByMember(db, member.id),
    reportsByMember(db, member.id),
    followsByMember(db, member.id),
    addressOfMember(db, member.id),
  ]);
  return {
    format: MEMBER_DATA_FORMAT,
    exportedAt: now.toISOString(),
    site: { key: site.public_key, name: site.name },
    member: {
      id: member.id,
      name: member.name,
      role: member.role,
      signIn: signIn(member),
      externalId: member.external_id,
      avatarUrl: member.avatar_url,
      email: member.email,
      trustLevel: member.trust_level,
      bannedUntil: member.banned_until?.toISOString() ?? null,
      createdAt: member.created_at.toISOString(),
      erasedAt: member.erased_at?.toISOString() ?? null,
    },
    emailForNotifications: address
      ? {
          address: address.address,
          confirmedAt: address.confirmed_at?.toISOString() ?? null,
          allEmailOffAt: address.all_off_at?.toISOString() ?? null,
          createdAt: address.created_at.toISOString(),
        }
      : null,
    follows: follows.map((f) => ({ threadId: f.thread_id, reason: f.reason, createdAt: f.created_at.toISOString() })),
    posts: posts.map((p) => ({
      id: p.id,
      threadId: p.thread_id,
      threadTitle: p.thread_title,
      board: p.board,
      opening: p.root,
      status: p.status,
      text: p.source,
      createdAt: p.created_at.toISOString(),
      editedAt: p.edited_at?.toISOString() ?? null,
    })),
    votes: votes.map((v) => ({ postId: v.post_id, value: v.value, createdAt: v.created_at.toISOString() })),
    reports: reports.map((r) => ({
      postId: r.post_id,
      reason: r.reason,
      status: r.status,
      createdAt: r.created_at.toISOString(),
    })),
  };
}

export type MemberData = Awaited<ReturnType<typeof exportMemberData>>;
