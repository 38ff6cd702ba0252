import type { ClientMessageOf, ClientMessageType, ResultOf } from '@booth/shared';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type { Actor, MemberRow, Services, SiteRow } from '../../domain/services.js';
import type { LiveSocket } from '../../live/live-socket.js';
import type { StaffDesk } from '../../live/staff-desk.js';

export interface StaffDeps {
  desk: StaffDesk;
  /** Public URL of this server, for the embed snippet. */
  publicUrl: string;
  /** Re-checks a moderation socket's sign-in before each request; throws when it has ended. */
  revalidate(session: { readonly staffToken: string | null; member: MemberRow | null }): Promise<void>;
}

/**
 * What a handler may see and change of the socket it answers: who is asking on which site,
 * its board subscriptions, and the services. Not the socket itself, its queue or its limits.
 */
export interface RequestContext {
  readonly services: Services;
  /** The moderation view's parts; absent when the server runs without it. */
  readonly staff: StaffDeps | undefined;
  readonly site: SiteRow;
  /** The Origin of the page that opened the socket, as checked against the site's allowlist; absent outside browsers. */
  readonly pageOrigin: string | undefined;
  /** Who the socket speaks for; `hello`, `guest.join` and renames change it. */
  member: MemberRow | null;
  /** Set on a moderation view's socket (opened with a staff session). */
  readonly staffToken: string | null;
  /** True once the moderation view asked for the staff feed. */
  moderating: boolean;
  /** The socket as the staff desk sees it, for a moderation view joining the desk. */
  readonly liveSocket: LiveSocket;
  /** The bell of unread answers and replies; absent in apps built without it. */
  readonly bell: { markRead(memberId: string, threadId: string): Promise<void> } | undefined;
  /** Pushes this member's unread list to the socket from now on. */
  watchBell(memberId: string): void;
  /** Who is writing, or `auth_required`. */
  actor(): Actor;
  /** False once the socket has followed as many boards as it may. */
  admitBoard(slug: string): boolean;
  /** Follows a board from `cursor`; delivery starts once the reply is sent. */
  subscribe(slug: string, boardId: string, cursor: number): void;
  unsubscribe(slug: string): void;
}

/** Answers one request type for one socket; throws a DomainError to refuse. */
export type Handler<T extends ClientMessageType> = (
  ctx: RequestContext,
  msg: ClientMessageOf<T>,
) => Promise<ResultOf<T>>;

/** Handlers for a group of request types. */
export type HandlerTable<K extends ClientMessageType> = { [T in K]: Handler<T> };

/** Where this socket's lag-tolerant reads go: the replica, once it shows the member's own writes. */
export function readsOf(ctx: Pick<RequestContext, 'services' | 'member'>): Promise<Kysely<Database>> {
  return ctx.services.reads.forReader(ctx.member?.id ?? null);
}
