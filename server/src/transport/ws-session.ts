import {
  CLOSE_CODES,
  type ClientMessage,
  DEFAULT_LANGUAGE,
  ERROR_CODES,
  type ErrorBody,
  type Language,
  type Parsed,
  parseClientFrame,
  type ServerMessage,
} from '@booth/shared';
import type { FastifyBaseLogger } from 'fastify';
import type { WebSocket } from 'ws';
import { DomainError } from '../domain/domain-error.js';
import type { Actor, MemberRow, Services, SiteRow } from '../domain/services.js';
import { currentSiteAndMember } from '../domain/sites.js';
import type { ServerMessageKey } from '../i18n/en.js';
import { errorInLanguage } from '../i18n/error-messages.js';
import { serverTranslator } from '../i18n/translators.js';
import type { RequestLimits } from '../limits/request-limits.js';
import { TokenBucket } from '../limits/token-bucket.js';
import type { BellWatcher } from '../live/bell.js';
import type { BoardHub, Subscriber } from '../live/board-hub.js';
import type { LiveSocket } from '../live/live-socket.js';
import type { NodeMetrics } from '../plugins/metrics.js';
import { BatchEncoder, type BatchingSocket, type EventOutbox } from './event-batches.js';
import type { RequestContext, StaffDeps } from './handlers/handler.js';
import { HANDLERS, type Handler } from './handlers/index.js';
import type { SocketCaps } from './socket-caps.js';
import type { SocketLimits } from './socket-limits.js';

/**
 * Writes whose use case checks the writer as stored now inside its own transaction (`WriteCheck`),
 * so the socket does not read the member and site before them.
 */
const CHECKED_IN_TRANSACTION: ReadonlySet<string> = new Set(['post.create']);

/** What every socket of a node shares: one object for all of them. */
export interface SessionDeps {
  services: Services;
  hub: BoardHub;
  /** The node's log; each socket logs through its own (with the upgrade's request id). */
  log: FastifyBaseLogger;
  /** A socket whose unsent data passes this many bytes is cut off as a slow consumer. */
  maxBufferedBytes: number;
  /** Frames a socket may send in a burst, and per second after that. */
  frameBurst: number;
  framesPerSecond: number;
  /** Counters of frames sent and slow consumers cut off. */
  metrics: Pick<NodeMetrics, 'framesOut' | 'slowConsumers'>;
  /** Staff presence, typing and the moderation feed; absent in apps built without it. */
  staff?: StaffDeps;
  /** Rate limits on writes and sign-ins, per member, network and site. */
  limits: RequestLimits;
  /** Timeouts and caps of sockets (invalid frames, boards, sockets per member). */
  socketLimits: SocketLimits;
  /** This node's count of open sockets per network and per member. */
  caps: SocketCaps;
  /** Sends each socket's live events of one turn as one frame. */
  outbox: EventOutbox;
  /** The bell of unread answers and replies; absent in apps built without it. */
  bell?: BellDeps;
}

export interface BellDeps {
  watch(watcher: BellWatcher): void;
  unwatch(watcher: BellWatcher): void;
  /** Marks a followed thread's news as seen by the member, and updates their bells everywhere. */
  markRead(memberId: string, threadId: string): Promise<void>;
}

/** Frames refused in a row (sent while over the frame limit) after which a socket is cut off as a flood. */
export const FLOOD_CUTOFF = 100;

/** What a binary frame is taken for: the protocol is UTF-8 JSON text only. */
const BINARY_FRAME: Parsed<ClientMessage> = {
  ok: false,
  id: null,
  error: { code: 'invalid_message', message: 'frames must be UTF-8 JSON text' },
};

/** Parses a text frame; `null` stands for a binary frame. */
function parseFrame(raw: string | null): Parsed<ClientMessage> {
  return raw === null ? BINARY_FRAME : parseClientFrame(raw);
}

/** One widget's connection: who it is, which boards it follows, and its request handling. */
export class SocketSession implements RequestContext, LiveSocket, BatchingSocket {
  member: MemberRow | null = null;
  private readonly subscriptions = new Map<string, { boardId: string; subscriber: Subscriber }>();
  /** Settles when every request received so far has been handled. */
  private queue: Promise<void> = Promise.resolve();
  /** While the latest requests are a run of side-by-side ones: what settles when those before the run are done. */
  private runStart: Promise<void> | null = null;
  private readonly bucket: TokenBucket;
  /** Work to run once the current reply is on the wire (e.g. start live delivery after a snapshot). */
  private afterReply: (() => void) | null = null;
  closed = false;
  /** Set when the node shuts down: requests still queued finish, new ones are refused. */
  private draining = false;
  /** The moderation view's socket: opened with a staff session cookie (its token is kept to re-check it). */
  staffToken: string | null = null;
  /** True once the moderation view asked for the staff feed (`staff.subscribe`). */
  moderating = false;
  private greeted = false;
  /** Frames refused in a row by the frame limit. */
  private refusedInARow = 0;
  /**
   * Invalid frames allowed in the window; when empty, the next invalid frame closes the socket.
   * Made at the first invalid frame (until then it would be full): most sockets never send one.
   */
  private badFrames: TokenBucket | null = null;
  /** Boards this socket has subscribed to in its life, by name. */
  private readonly boardsSeen = new Set<string>();
  /** The member this socket is counted under in the per-member cap. */
  private countedMember: string | null = null;
  /** Closes a socket that sends no valid request in time after opening. */
  private firstRequestTimer: NodeJS.Timeout | undefined;
  /** The language the socket said it speaks (or its browser's): error messages are sent in it. */
  language: Language = DEFAULT_LANGUAGE;
  /** False from the moment the server pings until the pong comes back (see the heartbeat in ws.ts). */
  answeredPing = true;
  /** This socket's bell, once the widget asked for it. */
  private bellWatcher: BellWatcher | null = null;
  /** Event frames waiting for the end of the turn, to go out as one (null when none wait). */
  private waitingEvents: Buffer[] | null = null;

  constructor(
    readonly socket: WebSocket,
    public site: SiteRow,
    readonly deps: SessionDeps,
    /** The client's network address, which rate limits count by. */
    readonly ip: string,
    /** The Origin of the page that opened the socket (checked before the upgrade). */
    readonly pageOrigin: string | undefined = undefined,
    /** This socket's log (the node's, with the upgrade's request id). */
    readonly log: FastifyBaseLogger = deps.log,
  ) {
    this.bucket = new TokenBucket(deps.frameBurst, deps.framesPerSecond);
    this.firstRequestTimer = setTimeout(() => {
      this.log.info({ ip: this.ip }, 'socket sent no request in time');
      this.send({ type: 'bye', reason: 'timeout', message: this.say('bye.timeout') });
      this.close(CLOSE_CODES.timeout, 'no request in time');
    }, deps.socketLimits.firstRequestTimeoutMs);
    this.firstRequestTimer.unref();
  }

  /**
   * Takes a raw frame, or `null` for a binary frame (which counts against the frame limit like
   * any other, then is refused). Requests of one socket are handled one at a time, in order, but
   * for a run of writes that commit in groups (`WriteGroups.accepts`: replies), which run side by
   * side: the run joins the node's next group together instead of one group each, and the
   * writer's row lock, which each group takes first, keeps one member's writes in order. Every
   * other request still waits for all the socket's requests before it, and they for it.
   */
  receive(raw: string | null): void {
    const parsed = parseFrame(raw);
    if (this.draining) {
      this.sendError(parsed.ok ? parsed.value.id : parsed.id, {
        code: 'unavailable',
        message: ERROR_CODES.unavailable,
      });
      return;
    }
    if (this.closed) return;
    const wait = this.bucket.take();
    if (wait > 0) {
      // A client that keeps sending after being told to wait is flooding: answering each frame
      // would only amplify it, so it is cut off.
      if (++this.refusedInARow >= FLOOD_CUTOFF) {
        this.log.warn({ ip: this.ip }, 'flooding socket cut off');
        this.send({ type: 'bye', reason: 'policy', message: this.say('bye.flood') });
        this.close(CLOSE_CODES.policy, 'too many messages');
        return;
      }
      this.sendError(parsed.ok ? parsed.value.id : parsed.id, {
        code: 'rate_limited',
        message: ERROR_CODES.rate_limited,
        retryAfterMs: wait,
      });
      return;
    }
    this.refusedInARow = 0;
    if (!(parsed.ok && this.deps.services.writeGroups?.accepts(parsed.value))) {
      this.runStart = null;
      this.queue = this.queue.then(() => this.handle(parsed));
      return;
    }
    this.runStart ??= this.queue;
    const handled = this.runStart.then(() => this.handle(parsed));
    this.queue = Promise.all([this.queue, handled]).then(() => undefined);
  }

  /** Handles one request; never rejects (a failure is the request's error reply). */
  private async handle(parsed: Parsed<ClientMessage>): Promise<void> {
    if (this.closed) return;
    if (!parsed.ok) {
      // A client that keeps sending frames the protocol refuses is broken or probing: after the
      // limit it is told why and cut off, and its widget does not reconnect (policy).
      const { badFrameLimit, badFrameWindowMs } = this.deps.socketLimits;
      this.badFrames ??= new TokenBucket(badFrameLimit, (badFrameLimit * 1000) / badFrameWindowMs);
      if (this.badFrames.take() > 0) {
        this.cutOff('too many invalid messages', 'bye.badFrames');
        return;
      }
      this.sendError(parsed.id, parsed.error);
      return;
    }
    this.stopFirstRequestTimer();
    const msg = parsed.value;
    try {
      if (this.staffToken !== null) await this.deps.staff?.revalidate(this);
      // Writes and staff requests see the member as stored now: a ban or role change applies to open sockets too.
      // A reply reads its writer itself, in its transaction (see `createReply`): no read before it.
      const write = 'key' in msg && !CHECKED_IN_TRANSACTION.has(msg.type);
      const rereadMember = this.staffToken === null && this.member !== null && (write || msg.type.startsWith('staff.'));
      // So does the site: closing it to guests stops guests whose sockets are already open.
      const rereadSite = write || msg.type === 'guest.join';
      if (rereadMember || rereadSite) {
        const memberId = rereadMember ? (this.member?.id ?? null) : null;
        const fresh = await currentSiteAndMember(this.deps.services.db, this.site.id, memberId);
        if (rereadMember) this.member = fresh.member ?? null;
        if (rereadSite) this.site = fresh.site ?? this.site;
      }
      // A `hello` says who the socket is now. Signed out first, a refused one (bad token, limit,
      // reserved name) leaves the socket a reader: someone who switched accounts on the host page
      // never goes on acting as the previous one.
      if (msg.type === 'hello') {
        this.member = null;
        this.unwatchBell();
      }
      await this.deps.limits.check({ siteId: this.site.id, ip: this.ip, member: this.member }, msg);
      const handler = HANDLERS[msg.type] as Handler<typeof msg.type>;
      const result = await handler(this, msg as never);
      if (!this.countMember()) {
        this.cutOff('too many sockets for one member', 'bye.tooManySockets');
        return;
      }
      this.send({ type: 'result', id: msg.id, result });
      if (!this.greeted) {
        // After the first reply, so the client is surely listening: are staff at the booth?
        this.greeted = true;
        if (this.staffToken === null) this.deps.staff?.desk.greet(this);
      }
      const after = this.afterReply;
      this.afterReply = null;
      after?.();
    } catch (error) {
      this.afterReply = null;
      // A refused hello left the socket signed out: it no longer counts for its former member.
      this.countMember();
      this.sendError(msg.id, this.publicError(error, msg));
    }
  }

  private publicError(error: unknown, msg: ClientMessage): ErrorBody | DomainError {
    if (error instanceof DomainError) {
      if (error.detail) this.log.info({ code: error.code, detail: error.detail, type: msg.type }, 'request refused');
      return error;
    }
    this.log.error({ err: error, type: msg.type }, 'request failed');
    return { code: 'internal', message: ERROR_CODES.internal };
  }

  send(message: ServerMessage): void {
    this.sendFrame(JSON.stringify(message));
  }

  /** Queues an encoded event frame; the node's outbox sends this turn's events of the socket as one frame. */
  queueEvent(frame: Buffer): void {
    if (this.closed) return;
    if (this.waitingEvents) {
      this.waitingEvents.push(frame);
      return;
    }
    this.waitingEvents = [frame];
    this.deps.outbox.add(this);
  }

  flushEvents(encoder: BatchEncoder): void {
    const frames = this.waitingEvents;
    this.waitingEvents = null;
    if (frames) this.write(encoder.encode(frames));
  }

  /**
   * Sends a text frame (a string, or its UTF-8 bytes). Events waiting for the end of the turn go
   * first: the socket sees every frame in the order the node sent it.
   */
  sendFrame(frame: string | Buffer): void {
    if (this.waitingEvents) this.flushEvents(new BatchEncoder());
    this.write(frame);
  }

  /** Writes a frame unless the socket has fallen too far behind, in which case it is cut off. */
  private write(frame: string | Buffer): void {
    if (this.closed || this.socket.readyState !== this.socket.OPEN) return;
    if (this.socket.bufferedAmount > this.deps.maxBufferedBytes) {
      this.log.warn({ buffered: this.socket.bufferedAmount }, 'slow consumer cut off');
      this.deps.metrics.slowConsumers += 1;
      const bye: ServerMessage = { type: 'bye', reason: 'slow_consumer', message: this.say('bye.slowConsumer') };
      this.socket.send(JSON.stringify(bye));
      this.close(CLOSE_CODES.slowConsumer, 'slow consumer: reconnect and resume');
      return;
    }
    this.deps.metrics.framesOut += 1;
    this.socket.send(frame, { binary: false });
  }

  /** Says why and closes with `policy` (1008): the widget shows the message and does not reconnect. */
  cutOff(logReason: string, message: ServerMessageKey): void {
    if (this.closed) return;
    this.log.warn({ ip: this.ip, memberId: this.member?.id }, `socket cut off: ${logReason}`);
    this.send({ type: 'bye', reason: 'policy', message: this.say(message) });
    this.close(CLOSE_CODES.policy, logReason);
  }

  /**
   * Moves this socket's place in the per-member cap to the member it is signed in as now.
   * False when that member already has their cap of sockets on this node.
   */
  private countMember(): boolean {
    const id = this.member?.id ?? null;
    if (id === this.countedMember) return true;
    if (this.countedMember !== null) this.deps.caps.signOut(this.countedMember);
    this.countedMember = null;
    if (id === null) return true;
    if (!this.deps.caps.signIn(id)) {
      this.member = null;
      return false;
    }
    this.countedMember = id;
    return true;
  }

  /**
   * Counts a board this socket subscribes to. Past the socket's cap of distinct boards it is cut
   * off (and false is returned) before the board is looked up, so it creates no more boards.
   */
  admitBoard(slug: string): boolean {
    if (this.boardsSeen.has(slug)) return true;
    if (this.boardsSeen.size >= this.deps.socketLimits.maxBoardsPerSocket) {
      this.cutOff('too many boards', 'bye.tooManyBoards');
      return false;
    }
    this.boardsSeen.add(slug);
    return true;
  }

  /** Words for the person on the other end, in the socket's language. */
  private say(key: ServerMessageKey): string {
    return serverTranslator(this.language).t(key);
  }

  sendError(id: string | null, error: ErrorBody | DomainError): void {
    this.send({ type: 'error', id, error: errorInLanguage(error, this.language) });
  }

  get services(): Services {
    return this.deps.services;
  }

  get staff(): StaffDeps | undefined {
    return this.deps.staff;
  }

  get bell(): BellDeps | undefined {
    return this.deps.bell;
  }

  get liveSocket(): LiveSocket {
    return this;
  }

  /** Who is writing, or `auth_required`. */
  actor(): Actor {
    if (!this.member) throw new DomainError('auth_required');
    return { site: this.site, member: this.member };
  }

  /**
   * Follows a board from `cursor`. Delivery starts once the current reply is sent, or at once with
   * `now`; `staff` subscribers also get staff-only events.
   */
  subscribe(slug: string, boardId: string, cursor: number, options: { staff?: boolean; now?: boolean } = {}): void {
    this.unsubscribe(slug);
    const subscriber: Subscriber = {
      cursor,
      staff: options.staff === true,
      deliver: (frame) => this.queueEvent(frame),
    };
    this.subscriptions.set(slug, { boardId, subscriber });
    const start = () => {
      if (!this.closed) this.deps.hub.add(boardId, slug, subscriber);
    };
    if (options.now) {
      start();
      return;
    }
    const previous = this.afterReply;
    this.afterReply = () => {
      previous?.();
      start();
    };
  }

  /** True when this socket follows the board. */
  follows(boardId: string): boolean {
    for (const { boardId: id } of this.subscriptions.values()) if (id === boardId) return true;
    return false;
  }

  unsubscribe(slug: string): void {
    const existing = this.subscriptions.get(slug);
    if (!existing) return;
    this.subscriptions.delete(slug);
    this.deps.hub.remove(existing.boardId, existing.subscriber);
  }

  /**
   * For a node shutting down: refuses new requests, lets queued ones finish (up to
   * `timeoutMs`), then says goodbye and closes with 1001 so the widget reconnects elsewhere.
   */
  async drain(timeoutMs: number): Promise<void> {
    this.draining = true;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.queue, new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
    this.send({ type: 'bye', reason: 'shutdown', message: this.say('bye.shutdown') });
    this.close(CLOSE_CODES.shutdown, 'server shutting down');
  }

  /** Closes the socket with a code and reason, dropping all subscriptions. */
  close(code: number, reason: string): void {
    if (this.closed) return;
    this.dispose();
    this.socket.close(code, reason);
    // A consumer that stopped reading will not complete the closing handshake.
    setTimeout(() => this.socket.terminate(), 2000).unref();
  }

  /**
   * Shows the member's bell on this socket: from now on their unread list is pushed when it
   * changes. A socket shows one member's bell; a new identity replaces it.
   */
  watchBell(memberId: string): void {
    if (this.bellWatcher?.memberId === memberId) return;
    this.unwatchBell();
    this.bellWatcher = { memberId, push: (threads) => this.send({ type: 'notices', threads }) };
    this.deps.bell?.watch(this.bellWatcher);
  }

  unwatchBell(): void {
    if (this.bellWatcher) this.deps.bell?.unwatch(this.bellWatcher);
    this.bellWatcher = null;
  }

  /** Clears the first-request timer and lets go of it (a cleared timer object is still about 120 bytes a socket). */
  private stopFirstRequestTimer(): void {
    clearTimeout(this.firstRequestTimer);
    this.firstRequestTimer = undefined;
  }

  /** Drops subscriptions; called when the socket closes. */
  dispose(): void {
    this.stopFirstRequestTimer();
    if (this.countedMember !== null) this.deps.caps.signOut(this.countedMember);
    this.countedMember = null;
    this.closed = true;
    this.unwatchBell();
    this.deps.staff?.desk.leave(this);
    for (const slug of [...this.subscriptions.keys()]) this.unsubscribe(slug);
  }
}
