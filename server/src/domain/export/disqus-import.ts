/**
 * Imports a Disqus XML export into one board: each Disqus thread with comments becomes a
 * discussion whose replies are its comments (a reply to a reply joins its top-level comment, as
 * Booth nests one level). Comment HTML is turned into markdown and rendered by Booth's own
 * sanitizing renderer; deleted and spam comments are left out.
 */
import { XMLParser } from 'fast-xml-parser';
import type { Kysely } from 'kysely';
import { ensureBoard } from '../../db/boards.queries.js';
import type { Database } from '../../db/database.js';
import {
  findMemberIdByExternalId,
  insertImportedMember,
  insertImportedPost,
  insertImportedThread,
  listImportedDisqusIds,
  recordDisqusThread,
} from '../../db/disqus-import.queries.js';
import { findSiteByKey } from '../../db/sites.queries.js';
import { updateThread } from '../../db/threads.queries.js';
import { DomainError } from '../domain-error.js';
import { plainExcerpt, renderMarkdown } from '../markdown.js';

interface DisqusAuthor {
  name: string;
  username: string | null;
  email: string | null;
  anonymous: boolean;
}

export interface DisqusThread {
  id: string;
  title: string;
  link: string;
  message: string;
  createdAt: Date;
  closed: boolean;
}

export interface DisqusPost {
  id: string;
  threadId: string;
  parentId: string | null;
  message: string;
  createdAt: Date;
  author: DisqusAuthor;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : '';
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** Escapes markdown punctuation in plain text so it reads as written. */
function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_[\]<>#])/g, '\\$1');
}

/**
 * Markdown for the HTML of a Disqus comment: paragraphs, line breaks, links, emphasis, code and
 * quotes; every other tag is dropped and its text kept.
 *
 * @example disqusHtmlToMarkdown('<p>See <a href="https://x.example">this</a></p>') // 'See [this](https://x.example)'
 */
export function disqusHtmlToMarkdown(html: string): string {
  const links: string[] = [];
  let text = html
    .replace(/\r\n?/g, '\n')
    .replace(/<a\s[^>]*href\s*=\s*"([^"]*)"[^>]*>([\s\S]*?)<\/a>/gi, (_, href: string, inner: string) => {
      const label = escapeMarkdown(decodeEntities(inner.replace(/<[^>]*>/g, '')).trim());
      const url = decodeEntities(href).trim();
      if (!/^https?:\/\//i.test(url)) return label;
      links.push(`[${label || url}](${url.replace(/[()\s]/g, encodeURIComponent)})`);
      return `\u0000${links.length - 1}\u0000`;
    })
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p>\s*<p[^>]*>/gi, '\n\n')
    .replace(/<\/?p[^>]*>/gi, '\n\n')
    .replace(/<\/?(b|strong)>/gi, '\u0001')
    .replace(/<\/?(i|em)>/gi, '\u0002')
    .replace(/<\/?code>/gi, '\u0003')
    .replace(/<blockquote[^>]*>([\s\S]*?)<\/blockquote>/gi, (_, inner: string) => `\u0004${inner}\u0005`)
    .replace(/<[^>]*>/g, '');
  text = escapeMarkdown(decodeEntities(text))
    .replace(/\u0001/g, '**')
    .replace(/\u0002/g, '*')
    .replace(/\u0003/g, '`')
    .replace(/\u0004([\s\S]*?)\u0005/g, (_, inner: string) =>
      inner
        .trim()
        .split('\n')
        .map((line) => `> ${line}`)
        .join('\n'),
    )
    .replace(/\u0000(\d+)\u0000/g, (_, i: string) => links[Number(i)] ?? '');
  return text
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const asArray = <T>(x: T | T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);
const text = (x: unknown): string => (x === undefined || x === null ? '' : typeof x === 'object' ? '' : String(x));
const flag = (x: unknown): boolean => text(x).trim() === 'true';

/** Reads the threads and the live (not deleted, not spam) comments of a Disqus export. */
export function parseDisqusExport(xml: string): { threads: DisqusThread[]; posts: DisqusPost[] } {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    removeNSPrefix: true,
    processEntities: true,
    parseTagValue: false,
    trimValues: true,
    isArray: (name) => name === 'thread' || name === 'post' || name === 'category',
  });
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(xml) as Record<string, unknown>;
  } catch (error) {
    throw new DomainError('invalid_message', `Disqus export: not valid XML (${(error as Error).message})`);
  }
  const root = doc.disqus as Record<string, unknown> | undefined;
  if (!root) throw new DomainError('invalid_message', 'Disqus export: no <disqus> element');
  const threads: DisqusThread[] = [];
  for (const t of asArray(root.thread) as Array<Record<string, unknown>>) {
    const id = text(t['@_id']);
    if (!id || flag(t.isDeleted)) continue;
    threads.push({
      id,
      title: text(t.title).trim(),
      link: text(t.link).trim(),
      message: text(t.message),
      createdAt: new Date(text(t.createdAt)),
      closed: flag(t.isClosed),
    });
  }
  const posts: DisqusPost[] = [];
  for (const p of asArray(root.post) as Array<Record<string, unknown>>) {
    const id = text(p['@_id']);
    const thread = p.thread as Record<string, unknown> | Array<Record<string, unknown>> | undefined;
    const threadId = text((Array.isArray(thread) ? thread[0] : thread)?.['@_id']);
    if (!id || !threadId || flag(p.isDeleted) || flag(p.isSpam)) continue;
    const parent = p.parent as Record<string, unknown> | undefined;
    const author = (p.author ?? {}) as Record<string, unknown>;
    posts.push({
      id,
      threadId,
      parentId: text(parent?.['@_id']) || null,
      message: text(p.message),
      createdAt: new Date(text(p.createdAt)),
      author: {
        name: text(author.name).trim() || text(author.username).trim() || 'Anonymous',
        username: text(author.username).trim() || null,
        email: text(author.email).trim().toLowerCase() || null,
        anonymous: flag(author.isAnonymous) || !text(author.username).trim(),
      },
    });
  }
  return { threads, posts };
}

export interface DisqusImportSummary {
  threads: number;
  posts: number;
  members: number;
  /** Discussions left as they are because an earlier import brought them in already. */
  skipped: number;
}

const TITLE_MAX = 200;

/**
 * Imports a Disqus export into board `boardSlug` of the site with key `siteKey`, in one
 * transaction. Disqus threads imported into the board before are skipped, so the same export
 * (or a later one that contains it) can be imported again.
 */
export async function importDisqus(
  db: Kysely<Database>,
  siteKey: string,
  boardSlug: string,
  xml: string,
): Promise<DisqusImportSummary> {
  const { threads, posts } = parseDisqusExport(xml);
  const site = await findSiteByKey(db, siteKey);
  if (!site) throw new DomainError('unknown_site', `No site with key ${siteKey}.`);
  const byThread = new Map<string, DisqusPost[]>();
  for (const p of posts) byThread.set(p.threadId, [...(byThread.get(p.threadId) ?? []), p]);
  const valid = (d: Date) => !Number.isNaN(d.getTime());

  return db.transaction().execute(async (tx) => {
    const board = await ensureBoard(tx, site.id, boardSlug);
    const members = new Map<string, string>();
    let newMembers = 0;
    const memberFor = async (a: DisqusAuthor, at: Date): Promise<string> => {
      const key = a.username ? `disqus:${a.username}` : `guest:${a.name}:${a.email ?? ''}`;
      const known = members.get(key);
      if (known) return known;
      let id: string | undefined;
      if (a.username) {
        id = await findMemberIdByExternalId(tx, site.id, key);
      }
      if (!id) {
        id = await insertImportedMember(tx, {
          site_id: site.id,
          external_id: a.username ? key : null,
          guest: !a.username,
          name: a.name.slice(0, 40),
          avatar_url: null,
          banned_until: null,
          email: null,
          password_hash: null,
          created_at: at,
        });
        newMembers++;
      }
      members.set(key, id);
      return id;
    };

    let threadCount = 0;
    let postCount = 0;
    const imported = new Set(await listImportedDisqusIds(tx, board.id));
    let skipped = 0;
    for (const t of threads) {
      const comments = (byThread.get(t.id) ?? [])
        .filter((p) => valid(p.createdAt))
        .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
      if (comments.length === 0) continue;
      if (imported.has(t.id)) {
        skipped++;
        continue;
      }
      const first = comments[0] as DisqusPost;
      const createdAt = valid(t.createdAt) ? t.createdAt : first.createdAt;
      const title = (t.title || t.link || 'Imported discussion').slice(0, TITLE_MAX);
      const intro = disqusHtmlToMarkdown(t.message) || (t.link ? `Comments from ${t.link}` : title);
      const last = comments.at(-1) as DisqusPost;
      const threadId = await insertImportedThread(tx, {
        board_id: board.id,
        kind: 'discussion',
        title,
        excerpt: plainExcerpt(intro),
        author_id: await memberFor(first.author, first.createdAt),
        root_post_id: null,
        accepted_post_id: null,
        answered_at: null,
        first_staff_reply_at: null,
        locked: t.closed,
        reply_count: comments.length,
        created_at: createdAt,
        last_activity_at: last.createdAt,
      });
      const rootId = await insertImportedPost(tx, {
        thread_id: threadId,
        board_id: board.id,
        parent_id: null,
        author_id: await memberFor(first.author, first.createdAt),
        root: true,
        source: intro,
        html: renderMarkdown(intro),
        created_at: createdAt,
        edited_at: null,
      });
      await updateThread(tx, threadId, { root_post_id: rootId });
      await recordDisqusThread(tx, board.id, t.id, threadId);
      // Disqus id → Booth id of the top-level comment it belongs under.
      const topOf = new Map<string, string>();
      const disqusParent = new Map(comments.map((c) => [c.id, c.parentId]));
      for (const c of comments) {
        let top = c.parentId;
        while (top && disqusParent.get(top)) top = disqusParent.get(top) ?? null;
        const source = disqusHtmlToMarkdown(c.message) || '(empty comment)';
        const postId = await insertImportedPost(tx, {
          thread_id: threadId,
          board_id: board.id,
          parent_id: top ? (topOf.get(top) ?? null) : null,
          author_id: await memberFor(c.author, c.createdAt),
          root: false,
          source,
          html: renderMarkdown(source),
          created_at: c.createdAt,
          edited_at: null,
        });
        if (!c.parentId) topOf.set(c.id, postId);
        postCount++;
      }
      threadCount++;
    }
    return { threads: threadCount, posts: postCount, members: newMembers, skipped };
  });
}
