/**
 * Imports a site export (see site-export.ts) into this Booth: as a new site, or merged into an
 * existing one. Everything gets new ids; links between records follow the document's ids.
 * The whole import is one transaction: it lands completely or not at all.
 */
import { randomBytes } from 'node:crypto';
import { DEFAULT_LANGUAGE, LANGUAGES, ShareImageUrl } from '@booth/shared';
import type { Kysely } from 'kysely';
import * as v from 'valibot';
import type { Database, SiteRow } from '../../db/database.js';
import { insertImportedImages } from '../../db/images.queries.js';
import {
  insertImportedSite,
  insertVotesKeepingExisting,
  insertWithIds,
  listBoardSlugs,
  listMemberIdentities,
  takeNewIds,
} from '../../db/site-import.queries.js';
import { findSiteByKey } from '../../db/sites.queries.js';
import { DomainError } from '../domain-error.js';
import { imageContextOf } from '../images/image-links.js';
import { renderMarkdown } from '../markdown.js';
import { type ImageDeps, removeStored, rewriteImageAddresses, storeImportedImages } from './image-export.js';
import { EXPORT_FORMAT, EXPORT_VERSION, type SiteExport } from './site-export.js';

const Id = v.pipe(v.string(), v.regex(/^[0-9]{1,18}$/));
const Time = v.pipe(v.string(), v.isoTimestamp());
const Text = (max: number) => v.pipe(v.string(), v.maxLength(max));

const ExportSchema = v.object({
  format: v.literal(EXPORT_FORMAT),
  version: v.picklist([1, EXPORT_VERSION]),
  exportedAt: Time,
  site: v.object({
    key: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{4,64}$/)),
    name: Text(200),
    allowedOrigins: v.array(Text(300)),
    guestsAllowed: v.boolean(),
    premoderateFirstPosts: v.boolean(),
    answerBadge: v.optional(v.boolean(), false),
    autoEscalate: v.optional(v.boolean(), false),
    /** Exports from before sites had a language are English. */
    language: v.optional(v.picklist(LANGUAGES), DEFAULT_LANGUAGE),
    shareImageUrl: v.optional(v.nullable(ShareImageUrl), null),
    policy: v.unknown(),
    createdAt: Time,
  }),
  members: v.array(
    v.object({
      id: Id,
      externalId: v.nullable(Text(300)),
      guest: v.boolean(),
      name: Text(200),
      avatarUrl: v.nullable(Text(1000)),
      role: v.picklist(['customer', 'staff', 'owner']),
      trustLevel: v.pipe(v.number(), v.integer()),
      bannedUntil: v.nullable(Time),
      email: v.nullable(Text(320)),
      createdAt: Time,
    }),
  ),
  boards: v.array(
    v.object({
      id: Id,
      slug: v.pipe(v.string(), v.regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/)),
      name: Text(200),
      createdAt: Time,
    }),
  ),
  threads: v.array(
    v.object({
      id: Id,
      board: Id,
      kind: v.picklist(['question', 'discussion']),
      title: Text(1000),
      excerpt: Text(1000),
      author: Id,
      acceptedPost: v.nullable(Id),
      answeredAt: v.nullable(Time),
      firstStaffReplyAt: v.nullable(Time),
      pinned: v.boolean(),
      locked: v.boolean(),
      hidden: v.boolean(),
      replyCount: v.pipe(v.number(), v.integer(), v.minValue(0)),
      score: v.pipe(v.number(), v.integer()),
      createdAt: Time,
      lastActivityAt: Time,
      // Absent in documents made before answers could go stale.
      answerStale: v.optional(v.boolean(), false),
      answerCheckedAt: v.optional(v.nullable(Time), null),
    }),
  ),
  posts: v.array(
    v.object({
      id: Id,
      thread: Id,
      parent: v.nullable(Id),
      author: Id,
      root: v.boolean(),
      source: Text(100_000),
      status: v.picklist(['visible', 'pending', 'hidden', 'spam', 'deleted']),
      score: v.pipe(v.number(), v.integer()),
      createdAt: Time,
      editedAt: v.nullable(Time),
    }),
  ),
  // `at` is absent in exports made before votes had a time; they are then stamped with the import's time.
  votes: v.array(v.object({ post: Id, member: Id, value: v.picklist([-1, 1]), at: v.optional(Time) })),
  // Absent in documents made before product releases were recorded.
  releases: v.optional(
    v.array(v.object({ board: Id, name: v.pipe(Text(120), v.minLength(1)), releasedAt: Time })),
    () => [],
  ),
  // Absent in version 1 documents.
  images: v.optional(
    v.array(
      v.object({
        id: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{22}$/)),
        url: Text(1000),
        uploader: Id,
        post: v.nullable(Id),
        width: v.pipe(v.number(), v.integer(), v.minValue(1)),
        height: v.pipe(v.number(), v.integer(), v.minValue(1)),
        fallbackType: v.picklist(['image/jpeg', 'image/png']),
        createdAt: Time,
        webp: v.string(),
        fallback: v.string(),
      }),
    ),
    () => [],
  ),
});

export interface ImportOptions {
  /** Merge into this existing site: boards by slug, members by external id or email. */
  into?: string;
  /** Key for the new site; default the exported site's key. */
  key?: string;
}

export interface ImportSummary {
  siteKey: string;
  created: boolean;
  members: number;
  boards: number;
  threads: number;
  posts: number;
  votes: number;
  images: number;
}

/** Checks a parsed JSON document against the export format; throws `invalid_message` naming the field. */
export function parseSiteExport(doc: unknown): SiteExport {
  const result = v.safeParse(ExportSchema, doc);
  if (!result.success) {
    const issue = result.issues[0];
    throw new DomainError('invalid_message', `export: ${v.getDotPath(issue) ?? ''} ${issue.message}`.trim());
  }
  return result.output as SiteExport;
}

const BATCH = 500;

async function insertBatches<T>(rows: T[], insert: (batch: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) await insert(rows.slice(i, i + BATCH));
}

function mapOf(ids: string[], newIdsList: string[]): Map<string, string> {
  return new Map(ids.map((id, i) => [id, newIdsList[i] as string]));
}

function need(map: Map<string, string>, id: string, what: string): string {
  const found = map.get(id);
  if (found === undefined) throw new DomainError('invalid_message', `export: ${what} ${id} is not in the document`);
  return found;
}

/** Imports a site export; returns what it created. */
export async function importSite(
  db: Kysely<Database>,
  input: unknown,
  images: ImageDeps,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const doc = parseSiteExport(input);
  // Image bytes go to the store before the rows commit; a failed import removes them again.
  const written: string[] = [];
  try {
    return await importInTransaction(db, doc, images, options, written);
  } catch (error) {
    await removeStored(images.store, written);
    throw error;
  }
}

async function importInTransaction(
  db: Kysely<Database>,
  doc: SiteExport,
  images: ImageDeps,
  options: ImportOptions,
  written: string[],
): Promise<ImportSummary> {
  return db.transaction().execute(async (tx) => {
    let site: SiteRow;
    let created = false;
    if (options.into) {
      const existing = await findSiteByKey(tx, options.into);
      if (!existing) throw new DomainError('unknown_site', `No site with key ${options.into}.`);
      site = existing;
    } else {
      const key = options.key ?? doc.site.key;
      if (await findSiteByKey(tx, key)) {
        throw new DomainError(
          'conflict',
          `A site with key ${key} exists already: choose another key, or import into it.`,
        );
      }
      site = await insertImportedSite(tx, {
        public_key: key,
        name: doc.site.name,
        allowed_origins: doc.site.allowedOrigins,
        sso_secret: randomBytes(32).toString('base64url'),
        guests_allowed: doc.site.guestsAllowed,
        premoderate_first_posts: doc.site.premoderateFirstPosts,
        answer_badge: doc.site.answerBadge,
        auto_escalate: doc.site.autoEscalate,
        language: doc.site.language,
        share_image_url: doc.site.shareImageUrl,
        policy: (doc.site.policy ?? {}) as SiteRow['policy'],
        created_at: new Date(doc.site.createdAt),
      });
      created = true;
    }

    // Members: in a merge, the same person (external id, or email) keeps their account.
    const memberMap = new Map<string, string>();
    let fresh = doc.members;
    if (options.into) {
      const existing = await listMemberIdentities(tx, site.id);
      const byExternal = new Map(existing.filter((m) => m.external_id).map((m) => [m.external_id, m.id]));
      const byEmail = new Map(existing.filter((m) => m.email).map((m) => [m.email, m.id]));
      fresh = [];
      for (const m of doc.members) {
        const match = (m.externalId && byExternal.get(m.externalId)) || (m.email && byEmail.get(m.email));
        if (match) memberMap.set(m.id, match);
        else fresh.push(m);
      }
    }
    const memberIds = await takeNewIds(tx, 'members', fresh.length);
    for (const [id, to] of mapOf(
      fresh.map((m) => m.id),
      memberIds,
    ))
      memberMap.set(id, to);
    await insertBatches(fresh, (batch) =>
      insertWithIds(
        tx,
        'members',
        batch.map((m) => ({
          id: memberMap.get(m.id) as string,
          site_id: site.id,
          external_id: m.externalId,
          guest: m.guest,
          name: m.name,
          avatar_url: m.avatarUrl,
          role: m.role,
          trust_level: m.trustLevel,
          banned_until: m.bannedUntil,
          email: m.email,
          password_hash: null,
          created_at: new Date(m.createdAt),
        })),
      ),
    );

    // Boards: in a merge, a board with the same slug takes the threads.
    const boardMap = new Map<string, string>();
    const existingBoards = await listBoardSlugs(tx, site.id);
    const bySlug = new Map(existingBoards.map((b) => [b.slug, b.id]));
    const newBoards = doc.boards.filter((b) => {
      const match = bySlug.get(b.slug);
      if (match) boardMap.set(b.id, match);
      return !match;
    });
    for (const [id, to] of mapOf(
      newBoards.map((b) => b.id),
      await takeNewIds(tx, 'boards', newBoards.length),
    ))
      boardMap.set(id, to);
    await insertBatches(newBoards, (batch) =>
      insertWithIds(
        tx,
        'boards',
        batch.map((b) => ({
          id: boardMap.get(b.id) as string,
          site_id: site.id,
          slug: b.slug,
          name: b.name,
          created_at: new Date(b.createdAt),
        })),
      ),
    );

    const threadMap = mapOf(
      doc.threads.map((t) => t.id),
      await takeNewIds(tx, 'threads', doc.threads.length),
    );
    const postMap = mapOf(
      doc.posts.map((p) => p.id),
      await takeNewIds(tx, 'posts', doc.posts.length),
    );
    const stored = await storeImportedImages(doc.images, site, images, {
      member: (id) => need(memberMap, id, 'member'),
      post: (id) => need(postMap, id, 'post'),
    });
    written.push(...stored.keys);
    const imageContext = imageContextOf(images, site);
    const rootOf = new Map(doc.posts.filter((p) => p.root).map((p) => [p.thread, postMap.get(p.id) as string]));
    const threadBoard = new Map<string, string>();
    await insertBatches(doc.threads, (batch) =>
      insertWithIds(
        tx,
        'threads',
        batch.map((t) => {
          const boardId = need(boardMap, t.board, 'board');
          threadBoard.set(t.id, boardId);
          return {
            id: threadMap.get(t.id) as string,
            board_id: boardId,
            kind: t.kind,
            title: t.title,
            excerpt: t.excerpt,
            author_id: need(memberMap, t.author, 'member'),
            root_post_id: rootOf.get(t.id) ?? null,
            accepted_post_id: t.acceptedPost === null ? null : need(postMap, t.acceptedPost, 'post'),
            answered_at: t.answeredAt,
            first_staff_reply_at: t.firstStaffReplyAt,
            pinned: t.pinned,
            locked: t.locked,
            hidden: t.hidden,
            reply_count: t.replyCount,
            score: t.score,
            created_at: new Date(t.createdAt),
            last_activity_at: new Date(t.lastActivityAt),
            answer_stale: t.answerStale,
            answer_checked_at: t.answerCheckedAt,
          };
        }),
      ),
    );
    // Parents come before their replies (the export is ordered by id), so each batch finds them.
    await insertBatches(doc.posts, (batch) =>
      insertWithIds(
        tx,
        'posts',
        batch.map((p) => ({
          id: postMap.get(p.id) as string,
          thread_id: need(threadMap, p.thread, 'thread'),
          board_id: threadBoard.get(p.thread) as string,
          parent_id: p.parent === null ? null : need(postMap, p.parent, 'post'),
          author_id: need(memberMap, p.author, 'member'),
          root: p.root,
          source: rewriteImageAddresses(p.source, stored.addresses),
          html: renderMarkdown(rewriteImageAddresses(p.source, stored.addresses), imageContext),
          status: p.status,
          score: p.score,
          created_at: new Date(p.createdAt),
          edited_at: p.editedAt,
        })),
      ),
    );
    await insertBatches(doc.votes, (batch) =>
      insertVotesKeepingExisting(
        tx,
        batch.map((vote) => ({
          post_id: need(postMap, vote.post, 'post'),
          member_id: need(memberMap, vote.member, 'member'),
          value: vote.value,
          ...(vote.at !== undefined ? { created_at: new Date(vote.at) } : {}),
        })),
      ),
    );
    await insertImportedImages(tx, stored.rows);
    await insertBatches(doc.releases, (batch) =>
      tx
        .insertInto('board_releases')
        .values(
          batch.map((r) => ({
            board_id: need(boardMap, r.board, 'board'),
            name: r.name,
            created_by: null,
            released_at: new Date(r.releasedAt),
          })),
        )
        .execute(),
    );
    return {
      siteKey: site.public_key,
      created,
      members: fresh.length,
      boards: newBoards.length,
      threads: doc.threads.length,
      posts: doc.posts.length,
      votes: doc.votes.length,
      images: stored.rows.length,
    };
  });
}
