import type { BoardListing } from '@booth/shared';
import type { SiteRow } from '../db/database.js';

/** How long an entry may be served without being dropped by a change, in ms: a safety net only. */
export const READ_CACHE_TTL_MS = 30_000;

/** Entries kept at most; the oldest go first. */
const MAX_PAGES = 10_000;
const MAX_SITES = 10_000;

/** What a read saw of the cache's changes when it began; its result is kept only if nothing it read changed since. */
export type ReadTicket = number;

interface PageEntry {
  siteId: string;
  boardId: string;
  /** The page as sent: JSON of `{ threads, next }`, or of `{ thread, posts, next }` for a thread. */
  body: string;
  at: number;
}

/**
 * What public reads answer without Postgres on this node: sites by key, each board's anonymous
 * first page per listing, and each thread's anonymous first page, serialized. Every change that
 * can alter them drops them: a board's events, which drop its threads' pages too (from this node
 * after its commit, and from the others through the fan-out), and "listing changed" for a site (renames, erasure, roles, settings). A read that began before
 * a change it might have missed is not kept, so a page read from before a change can never be
 * stored after it. The TTL only bounds the damage of a lost notification; nothing relies on it.
 * While the node cannot hear the others (`live()` false) the cache is neither read nor filled.
 */
export class ReadCache {
  private pages = new Map<string, PageEntry>();
  private pagesOfBoard = new Map<string, Set<string>>();
  private sites = new Map<string, { site: SiteRow; at: number }>();
  /** Counts changes; a ticket is its value when a read began. */
  private version = 0;
  private clearedAt = 0;
  private boardChangedAt = new Map<string, number>();
  private siteChangedAt = new Map<string, number>();
  /** Reads begun and not yet kept or given up; while none, the change marks above can be forgotten. */
  private reading = 0;

  constructor(private readonly options: { now: () => number; live: () => boolean; ttlMs?: number }) {}

  private fresh(at: number): boolean {
    return this.options.now() - at < (this.options.ttlMs ?? READ_CACHE_TTL_MS);
  }

  /** Starts a read whose result may be kept; pair with `keepPage`, `keepSite` or `endRead`. */
  beginRead(): ReadTicket {
    this.reading += 1;
    return this.version;
  }

  /** Ends a read that keeps nothing. */
  endRead(): void {
    this.reading = Math.max(0, this.reading - 1);
    if (this.reading === 0) {
      this.boardChangedAt.clear();
      this.siteChangedAt.clear();
    }
  }

  private unchangedSince(ticket: ReadTicket, siteId: string, boardId: string | null): boolean {
    if (!this.options.live()) return false;
    if (this.clearedAt > ticket) return false;
    if ((this.siteChangedAt.get(siteId) ?? -1) > ticket) return false;
    return boardId === null || (this.boardChangedAt.get(boardId) ?? -1) <= ticket;
  }

  site(key: string): SiteRow | undefined {
    const entry = this.sites.get(key);
    if (!entry || !this.options.live()) return undefined;
    if (this.fresh(entry.at)) return entry.site;
    this.sites.delete(key);
    return undefined;
  }

  keepSite(ticket: ReadTicket, key: string, site: SiteRow): void {
    if (this.unchangedSince(ticket, site.id, null)) {
      if (this.sites.size >= MAX_SITES) this.sites.delete(this.sites.keys().next().value as string);
      this.sites.set(key, { site, at: this.options.now() });
    }
    this.endRead();
  }

  firstPage(siteId: string, slug: string, listing: BoardListing): string | undefined {
    return this.kept(pageKey(siteId, slug, listing));
  }

  keepPage(
    ticket: ReadTicket,
    page: { siteId: string; slug: string; listing: BoardListing; boardId: string; body: string },
  ): void {
    this.keep(ticket, pageKey(page.siteId, page.slug, page.listing), page);
  }

  /** A thread's anonymous first page (JSON of `{ thread, posts, next }`), dropped with its board's pages. */
  threadFirstPage(siteId: string, threadId: string): string | undefined {
    return this.kept(threadKey(siteId, threadId));
  }

  keepThreadPage(ticket: ReadTicket, page: { siteId: string; threadId: string; boardId: string; body: string }): void {
    this.keep(ticket, threadKey(page.siteId, page.threadId), page);
  }

  private kept(key: string): string | undefined {
    const entry = this.pages.get(key);
    if (!entry || !this.options.live()) return undefined;
    if (this.fresh(entry.at)) return entry.body;
    this.dropPage(key);
    return undefined;
  }

  private keep(ticket: ReadTicket, key: string, page: { siteId: string; boardId: string; body: string }): void {
    if (this.unchangedSince(ticket, page.siteId, page.boardId)) {
      if (this.pages.size >= MAX_PAGES) this.dropPage(this.pages.keys().next().value as string);
      this.pages.set(key, { siteId: page.siteId, boardId: page.boardId, body: page.body, at: this.options.now() });
      const keys = this.pagesOfBoard.get(page.boardId) ?? new Set<string>();
      keys.add(key);
      this.pagesOfBoard.set(page.boardId, keys);
    }
    this.endRead();
  }

  private dropPage(key: string): void {
    const entry = this.pages.get(key);
    if (!entry) return;
    this.pages.delete(key);
    const keys = this.pagesOfBoard.get(entry.boardId);
    keys?.delete(key);
    if (keys?.size === 0) this.pagesOfBoard.delete(entry.boardId);
  }

  /** A board has new events: its pages go. */
  boardChanged(boardId: string): void {
    this.version += 1;
    if (this.reading > 0) this.boardChangedAt.set(boardId, this.version);
    for (const key of this.pagesOfBoard.get(boardId) ?? []) this.pages.delete(key);
    this.pagesOfBoard.delete(boardId);
  }

  /** Something every listing of a site may show changed (a member's name, a role, settings): its pages and its row go. */
  siteChanged(siteId: string): void {
    this.version += 1;
    if (this.reading > 0) this.siteChangedAt.set(siteId, this.version);
    for (const [key, entry] of this.pages) if (entry.siteId === siteId) this.dropPage(key);
    for (const [key, entry] of this.sites) if (entry.site.id === siteId) this.sites.delete(key);
  }

  /** Changes may have been missed (the fan-out reconnected): everything goes. */
  clear(): void {
    this.version += 1;
    this.clearedAt = this.version;
    this.pages.clear();
    this.pagesOfBoard.clear();
    this.sites.clear();
  }
}

function pageKey(siteId: string, slug: string, listing: BoardListing): string {
  return `${siteId}\n${slug}\n${listing.sort}\n${listing.filter}`;
}

/** Apart from every board page's key: a slug cannot hold a line break. */
function threadKey(siteId: string, threadId: string): string {
  return `${siteId}\nthread\n${threadId}`;
}
