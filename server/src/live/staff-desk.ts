import type { PresenceMessage, TypingMessage } from '@booth/shared';
import { findBoardById, listBoardsOfSites, listSiteBoards } from '../db/boards.queries.js';
import type { Executor } from '../db/executor.js';
import type { Fanout } from '../fanout/fanout.js';
import type { Signal } from '../fanout/signals.js';
import type { LiveSocket } from './live-socket.js';
import { StaffPresence } from './staff-presence.js';

/** How a node's desk reaches the other nodes. */
export interface StaffDeskCluster {
  /** This node's id in its signals. */
  nodeId: string;
  fanout: Pick<Fanout, 'publishSignal'>;
  /** Period of the presence heartbeat, in ms. */
  heartbeatMs: number;
  /** Heartbeats after which a silent node's moderation views stop counting. */
  expiryHeartbeats: number;
}

/**
 * The staff side of a node's live traffic: which sockets have the moderation view open, per
 * site, so customers see "Staff online"; "Staff is typing…" hints; and keeping moderation
 * sockets subscribed to every board of their site, boards created later included.
 *
 * Presence and typing are ephemeral: they are not in the event log. They reach the other nodes
 * as fan-out signals, so a customer on any node sees staff whose moderation view is on another.
 */
export class StaffDesk {
  private readonly desks = new Map<string, Set<LiveSocket>>();
  /** Board id → its site and slug; neither ever changes, so the cache never goes stale. */
  private readonly boards = new Map<string, { siteId: string; slug: string }>();
  /** Moderation views open per site, on this node and the others. */
  readonly presence: StaffPresence;

  constructor(
    private readonly db: Executor,
    /** Every open socket of this node (customers and staff). */
    private readonly sockets: () => Iterable<LiveSocket>,
    private readonly onError: (error: unknown) => void,
    private readonly cluster: StaffDeskCluster,
  ) {
    this.presence = new StaffPresence({ ...cluster, onChange: (siteId, online) => this.announce(siteId, online) });
  }

  /** Staff members with the moderation view open for the site, on every node. */
  count(siteId: string): number {
    return this.presence.total(siteId);
  }

  isOnline(siteId: string): boolean {
    return this.presence.isOnline(siteId);
  }

  /** Takes a signal from the fan-out. A node hears its own signals too; it has acted on them already. */
  receive(signal: Signal): void {
    if (signal.kind === 'bell' || signal.kind === 'listing' || signal.node === this.cluster.nodeId) return;
    if (signal.kind === 'presence') this.presence.receive(signal);
    else this.showTyping(signal.siteId, signal.boardId, signal.board, signal.threadId);
  }

  /** A moderation view starts following the site: every board, staff-only events included. */
  async join(session: LiveSocket): Promise<string[]> {
    const siteId = session.site.id;
    const boards = await listSiteBoards(this.db, siteId);
    // Closed while the boards were read: it has left already, and must not count as present.
    if (session.closed) return [];
    for (const board of boards) {
      this.boards.set(board.id, { siteId, slug: board.slug });
      session.subscribe(board.slug, board.id, Number(board.last_seq), { staff: true });
    }
    let desk = this.desks.get(siteId);
    if (!desk) {
      desk = new Set();
      this.desks.set(siteId, desk);
    }
    desk.add(session);
    this.presence.setLocal(siteId, desk.size);
    return boards.map((b) => b.slug);
  }

  /** The socket closed or stopped moderating. */
  leave(session: LiveSocket): void {
    const desk = this.desks.get(session.site.id);
    if (!desk?.delete(session)) return;
    if (desk.size === 0) this.desks.delete(session.site.id);
    this.presence.setLocal(session.site.id, desk.size);
  }

  /** Tells a customer socket that has just connected whether staff are at the booth. */
  greet(session: LiveSocket): void {
    if (this.isOnline(session.site.id)) session.send({ type: 'presence', staffOnline: true });
  }

  private announce(siteId: string, staffOnline: boolean): void {
    const frame = JSON.stringify({ type: 'presence', staffOnline } satisfies PresenceMessage);
    for (const socket of this.sockets()) {
      if (socket.site.id === siteId && !socket.moderating) socket.sendFrame(frame);
    }
  }

  /** Shows "Staff is typing…" to the customers following the thread's board, on every node. */
  typing(siteId: string, boardId: string, board: string, threadId: string): void {
    this.showTyping(siteId, boardId, board, threadId);
    this.cluster.fanout.publishSignal({ kind: 'typing', node: this.cluster.nodeId, siteId, boardId, board, threadId });
  }

  /** Shows "Staff is typing…" to this node's customers following the board. */
  private showTyping(siteId: string, boardId: string, board: string, threadId: string): void {
    const frame = JSON.stringify({ type: 'typing', board, threadId } satisfies TypingMessage);
    for (const socket of this.sockets()) {
      if (socket.site.id === siteId && !socket.moderating && socket.follows(boardId)) socket.sendFrame(frame);
    }
  }

  /**
   * A board has new events. When it belongs to a site with moderation views open that do not
   * follow it yet, it is a board created after they started: they follow it from its first event.
   */
  onBoardWake(boardId: string): void {
    if (this.desks.size === 0) return;
    const known = this.boards.get(boardId);
    if (known) {
      const desk = this.desks.get(known.siteId);
      if (!desk || [...desk].every((session) => session.follows(boardId))) return;
    }
    void this.followNewBoard(boardId).catch(this.onError);
  }

  private async followNewBoard(boardId: string): Promise<void> {
    let board = this.boards.get(boardId);
    if (!board) {
      const row = await findBoardById(this.db, boardId);
      if (!row) return;
      board = { siteId: row.site_id, slug: row.slug };
      this.boards.set(boardId, board);
    }
    this.follow(boardId, board);
  }

  /**
   * The safety net for a lost wake-up of a brand-new board (the periodic catch-up only re-reads
   * boards someone here already follows): every board of a site with moderation views open
   * here is followed.
   */
  catchUp(): void {
    if (this.desks.size > 0) void this.followMissedBoards().catch(this.onError);
  }

  private async followMissedBoards(): Promise<void> {
    const rows = await listBoardsOfSites(this.db, [...this.desks.keys()]);
    for (const row of rows) {
      const board = { siteId: row.site_id, slug: row.slug };
      this.boards.set(row.id, board);
      this.follow(row.id, board);
    }
  }

  /** Moderation views of the board's site that do not follow it yet follow it from its first event. */
  private follow(boardId: string, board: { siteId: string; slug: string }): void {
    for (const session of this.desks.get(board.siteId) ?? []) {
      if (!session.follows(boardId)) session.subscribe(board.slug, boardId, 0, { staff: true, now: true });
    }
  }
}
