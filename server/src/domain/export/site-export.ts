/**
 * A site's content as one JSON document: settings, members, boards, threads, posts, votes,
 * images (their bytes as base64, see image-export.ts) and the boards' product releases.
 * Ids are the source database's, used only to link records inside the document; an import
 * gives everything new ids. Post HTML is left out: it is rendered again from the markdown on
 * import, so a document can never carry HTML past the sanitizer. API keys are left out: a key
 * signs in to the Booth that made it, so the owner makes new ones on the Booth that imports.
 */
import type { Language, PostStatus, Role, ThreadKind } from '@booth/shared';
import type { Executor } from '../../db/executor.js';
import {
  listBoardsForExport,
  listMembersForExport,
  listPostsForExport,
  listReleasesForExport,
  listThreadsForExport,
  listVotesForExport,
} from '../../db/site-export.queries.js';
import { findSiteByKey } from '../../db/sites.queries.js';
import { DomainError } from '../domain-error.js';
import { type ExportedImage, exportImages, type ImageDeps } from './image-export.js';

export type { ExportedImage, ImageDeps } from './image-export.js';

export const EXPORT_FORMAT = 'booth-site-export';
/** 2 added `images`; an import still takes version 1 documents, which have none. */
export const EXPORT_VERSION = 2;

export interface ExportedSite {
  key: string;
  name: string;
  allowedOrigins: string[];
  guestsAllowed: boolean;
  premoderateFirstPosts: boolean;
  /** Shows the public answer badge (absent in older documents: false). */
  answerBadge: boolean;
  /** Hands questions past the unanswered threshold to the helpdesk (absent in older documents: false). */
  autoEscalate: boolean;
  language: Language;
  shareImageUrl: string | null;
  policy: unknown;
  createdAt: string;
}

export interface ExportedMember {
  id: string;
  externalId: string | null;
  guest: boolean;
  name: string;
  avatarUrl: string | null;
  role: Role;
  trustLevel: number;
  bannedUntil: string | null;
  email: string | null;
  createdAt: string;
}

export interface ExportedBoard {
  id: string;
  slug: string;
  name: string;
  createdAt: string;
}

export interface ExportedThread {
  id: string;
  board: string;
  kind: ThreadKind;
  title: string;
  excerpt: string;
  author: string;
  acceptedPost: string | null;
  answeredAt: string | null;
  firstStaffReplyAt: string | null;
  pinned: boolean;
  locked: boolean;
  hidden: boolean;
  replyCount: number;
  score: number;
  createdAt: string;
  lastActivityAt: string;
  /** The accepted answer predates the board's latest release (absent in older documents: false). */
  answerStale: boolean;
  /** When the accepted answer was accepted or last confirmed (absent in older documents: null). */
  answerCheckedAt: string | null;
}

/** A product release recorded on a board (absent in older documents). */
export interface ExportedRelease {
  board: string;
  name: string;
  releasedAt: string;
}

export interface ExportedPost {
  id: string;
  thread: string;
  parent: string | null;
  author: string;
  root: boolean;
  source: string;
  status: PostStatus;
  score: number;
  createdAt: string;
  editedAt: string | null;
}

export interface ExportedVote {
  post: string;
  member: string;
  value: number;
  /** When it was cast. */
  at: string;
}

export interface SiteExport {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  exportedAt: string;
  site: ExportedSite;
  members: ExportedMember[];
  boards: ExportedBoard[];
  threads: ExportedThread[];
  posts: ExportedPost[];
  votes: ExportedVote[];
  images: ExportedImage[];
  releases: ExportedRelease[];
}

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

/** Everything of the site with key `siteKey`, ordered by id so that parents come before children. */
export async function exportSite(db: Executor, siteKey: string, now: Date, images: ImageDeps): Promise<SiteExport> {
  const site = await findSiteByKey(db, siteKey);
  if (!site) throw new DomainError('unknown_site');
  const boards = await listBoardsForExport(db, site.id);
  const members = await listMembersForExport(db, site.id);
  const boardIds = boards.map((b) => b.id);
  const threads = boardIds.length ? await listThreadsForExport(db, boardIds) : [];
  const posts = boardIds.length ? await listPostsForExport(db, boardIds) : [];
  const votes = boardIds.length ? await listVotesForExport(db, boardIds) : [];
  const releases = boardIds.length ? await listReleasesForExport(db, boardIds) : [];
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: now.toISOString(),
    site: {
      key: site.public_key,
      name: site.name,
      allowedOrigins: site.allowed_origins,
      guestsAllowed: site.guests_allowed,
      premoderateFirstPosts: site.premoderate_first_posts,
      answerBadge: site.answer_badge,
      autoEscalate: site.auto_escalate,
      language: site.language,
      shareImageUrl: site.share_image_url,
      policy: site.policy,
      createdAt: site.created_at.toISOString(),
    },
    members: members.map((m) => ({
      id: m.id,
      externalId: m.external_id,
      guest: m.guest,
      name: m.name,
      avatarUrl: m.avatar_url,
      role: m.role,
      trustLevel: m.trust_level,
      bannedUntil: iso(m.banned_until),
      email: m.email,
      createdAt: m.created_at.toISOString(),
    })),
    boards: boards.map((b) => ({ id: b.id, slug: b.slug, name: b.name, createdAt: b.created_at.toISOString() })),
    threads: threads.map((t) => ({
      id: t.id,
      board: t.board_id,
      kind: t.kind,
      title: t.title,
      excerpt: t.excerpt,
      author: t.author_id,
      acceptedPost: t.accepted_post_id,
      answeredAt: iso(t.answered_at),
      firstStaffReplyAt: iso(t.first_staff_reply_at),
      pinned: t.pinned,
      locked: t.locked,
      hidden: t.hidden,
      replyCount: t.reply_count,
      score: t.score,
      createdAt: t.created_at.toISOString(),
      lastActivityAt: t.last_activity_at.toISOString(),
      answerStale: t.answer_stale,
      answerCheckedAt: iso(t.answer_checked_at),
    })),
    posts: posts.map((p) => ({
      id: p.id,
      thread: p.thread_id,
      parent: p.parent_id,
      author: p.author_id,
      root: p.root,
      source: p.source,
      status: p.status,
      score: p.score,
      createdAt: p.created_at.toISOString(),
      editedAt: iso(p.edited_at),
    })),
    votes: votes.map((v) => ({ post: v.post_id, member: v.member_id, value: v.value, at: v.created_at.toISOString() })),
    images: await exportImages(db, site, images),
    releases: releases.map((r) => ({ board: r.board_id, name: r.name, releasedAt: r.released_at.toISOString() })),
  };
}
