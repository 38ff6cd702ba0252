import type { Kysely } from 'kysely';
import type { Database, MemberRow, SiteRow } from '../db/database.js';
import type { StoredEvent } from '../db/events.queries.js';
import type { ReadRouting } from '../db/read-routing.js';
import type { ImageStore } from '../storage/image-store.js';
import type { EventSink } from './event-sink.js';
import type { ViewCounter } from './faq/view-counter.js';
import type { MailSink } from './mail/mail-sink.js';
import type { ReadCache } from './read-cache.js';
import type { SsoTokenRules } from './tokens.js';
import type { WriteGroups } from './write-groups.js';

/** What every use case needs: the database, the clock, and where events go. Built by `createServices`. */
export interface Services {
  db: Kysely<Database>;
  /**
   * Where reads that tolerate a little lag go: the read replica when there is one (with
   * read-your-writes for each member), otherwise `db`. Writes and their reads use `db`.
   */
  reads: ReadRouting;
  now(): Date;
  /** Called once a write has committed, with the board (of site `siteId`) and the events it appended there. */
  published(siteId: string, boardId: string, events: StoredEvent[]): void;
  /**
   * Called once a change that alters what a site's listings show without a board event (a
   * member's name, avatar or role, an erasure, site settings) has committed; every node drops
   * what it keeps of that site's reads.
   */
  listingChanged(siteId: string): void;
  /** What this node keeps of public reads (sites by key, boards' first pages). */
  readCache: ReadCache;
  /** Counts thread openings for the FAQ ranking; absent where nothing counts them. */
  views?: ViewCounter;
  /** Told how long each committed write took, in seconds (for metrics). */
  observeWrite?(type: string, seconds: number): void;
  /** Told of each event inside the write's transaction (webhooks), in this order. */
  sinks: readonly EventSink[];
  /** Commits replies that arrive together in one transaction; absent where each write commits alone. */
  writeGroups?: WriteGroups;
  /** Enqueues a write's notices for followers in its transaction; absent when email is off. */
  mail?: MailSink;
  /** Server secret that signs guest tokens and the session tokens of SSO sign-ins. */
  guestSecret: string;
  /** How old and long-lived a site's SSO tokens may be. */
  ssoTokens: SsoTokenRules;
  /** Public URL of this server: the origin of image addresses in posts. */
  publicUrl: string;
  /** Where uploaded images' bytes are kept. */
  imageStore: ImageStore;
}

/** The database, or a transaction of it: where a use case reads. */
export type { Executor } from '../db/executor.js';
/** A site and a member as use cases take and return them. */
export type { MemberRow, SiteRow };

/** Who is acting, on which site. */
export interface Actor {
  site: SiteRow;
  member: MemberRow;
}
