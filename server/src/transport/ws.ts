import { CLOSE_CODES, check, type Language, LIMITS, type ServerMessage, WsQuery } from '@booth/shared';
import websocket from '@fastify/websocket';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { WebSocket } from 'ws';
import { DomainError } from '../domain/domain-error.js';
import type { SiteRow } from '../domain/services.js';
import { resolveStaffSession, type StaffSession } from '../domain/staff-sessions.js';
import { requestLanguage, serverTranslator } from '../i18n/translators.js';
import { busyError } from '../plugins/overload.js';
import { EventOutbox } from './event-batches.js';
import { siteForRequest } from './site-access.js';
import { SocketCaps } from './socket-caps.js';
import { resolveSocketLimits, type SocketLimits } from './socket-limits.js';
import { releaseUpgradeRequest } from './upgrade-request.js';
import { type SessionDeps, SocketSession } from './ws-session.js';

declare module 'fastify' {
  interface FastifyRequest {
    boothSite?: SiteRow;
    /** The language a socket says it speaks (`/ws?site=KEY&lang=de`). */
    boothLanguage?: Language;
    /** The staff session of a moderation view's socket (`/ws?site=KEY&moderate=1`). */
    boothStaff?: { token: string; session: StaffSession };
  }
}

export interface WsOptions extends Partial<SocketLimits> {
  /** Unsent bytes after which a socket is cut off. Default 1 MiB. */
  maxBufferedBytes?: number;
  /** Frames per socket in a burst and per second. Defaults 40 and 20. */
  frameBurst?: number;
  framesPerSecond?: number;
  /** On shutdown, how long requests already received may take to finish, in ms. Default 5000. */
  drainTimeoutMs?: number;
  /** Public URL of this server, shown in the embed snippet of the site settings. */
  publicUrl?: string;
  /** Open sockets past which new upgrades are refused with 503 and a retry hint; 0 means no cap. Default 0. */
  maxSockets?: number;
  /**
   * Offer permessage-deflate (compression of each frame) to clients that ask for it. Off by
   * default: it costs CPU and memory per socket; the benchmarks measure both ways.
   */
  perMessageDeflate?: boolean;
}

/** What a client refused for the socket cap is told to wait before trying again, in seconds. */
const FULL_RETRY_AFTER_SECONDS = 5;

/** After `bye`, how long sockets get to complete the closing handshake before they are dropped. */
const CLOSE_GRACE_MS = 2000;

/**
 * The widget's WebSocket at `/ws?site=KEY`. The site and the page's Origin are checked before
 * the upgrade; after it, every frame goes through the session, which validates and answers it.
 */

/**
 * Errors on an open socket. Those any client can cause (a frame that is not UTF-8, too large or
 * against the protocol, a connection dropped mid-frame) are logged at warn without a stack: `ws`
 * has already closed the socket with the right code. Anything else is a fault of ours.
 */
function onSocketError(error: Error & { code?: string }, socket: WebSocket, log: FastifyBaseLogger): void {
  if (error.code?.startsWith('WS_ERR_') || error.code === 'ECONNRESET' || error.code === 'EPIPE') {
    log.warn({ code: error.code, reason: error.message }, 'socket error from the client');
  } else {
    log.error({ err: error }, 'socket failed');
  }
  socket.terminate();
}

async function wsTransport(app: FastifyInstance, options: WsOptions) {
  const socketLimits = resolveSocketLimits(options);
  const caps = new SocketCaps(socketLimits);
  // The node's socket registry, made with the services: the staff desk reads it too.
  const sessions = app.sessions;
  const drainTimeoutMs = options.drainTimeoutMs ?? 5000;
  const maxSockets = options.maxSockets ?? 0;
  // Graceful shutdown, in place of the plugin's default (which closes sockets without a reason):
  // stop listening, let each socket finish what it asked, say goodbye with 1001 so widgets
  // reconnect to another node, and wait for the sockets to close.
  const preClose = async () => {
    if (app.server.listening) app.server.close();
    app.log.info({ sockets: sessions.size }, 'draining sockets');
    const closed = [...sessions].map(
      (session) => new Promise<void>((resolve) => session.socket.once('close', () => resolve())),
    );
    await Promise.all([...sessions].map((session) => session.drain(drainTimeoutMs)));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(closed), new Promise((resolve) => (timer = setTimeout(resolve, CLOSE_GRACE_MS)))]);
    clearTimeout(timer);
    for (const session of sessions) session.socket.terminate();
    app.websocketServer.close();
    app.log.info('sockets drained');
  };
  // Frames between the protocol limit and this cap get a typed `too_large` reply; bigger ones close the socket.
  await app.register(websocket, {
    options: { maxPayload: LIMITS.frameBytes * 4, perMessageDeflate: options.perMessageDeflate === true },
    preClose,
    errorHandler: (error, socket, request) => onSocketError(error, socket, request.log),
  });
  const deps: SessionDeps = {
    services: app.services,
    hub: app.hub,
    log: app.log.child({ component: 'ws' }),
    maxBufferedBytes: options.maxBufferedBytes ?? 1024 * 1024,
    frameBurst: options.frameBurst ?? 40,
    framesPerSecond: options.framesPerSecond ?? 20,
    metrics: app.metrics,
    limits: app.requestLimits,
    socketLimits,
    caps,
    outbox: new EventOutbox(),
    bell: {
      watch: (watcher) => app.bell.watch(watcher),
      unwatch: (watcher) => app.bell.unwatch(watcher),
      markRead: (memberId, threadId) => app.bellMarkRead(memberId, threadId),
    },
    staff: {
      desk: app.staffDesk,
      publicUrl: options.publicUrl ?? '',
      async revalidate(session) {
        if (session.staffToken === null) return;
        const current = await resolveStaffSession(app.db, session.staffToken, app.services.now());
        session.member = current.member;
      },
    },
  };

  // The heartbeat: a socket that has not answered the previous ping is dead, stopped reading, or
  // stuck in the middle of a frame (its pong cannot get past the half frame): drop it.
  const heartbeat = setInterval(() => {
    for (const session of sessions) {
      if (!session.answeredPing) {
        app.log.info({ ip: session.ip }, 'socket missed a ping; dropped');
        session.dispose();
        session.socket.terminate();
        continue;
      }
      session.answeredPing = false;
      session.socket.ping();
    }
  }, socketLimits.pingIntervalMs);
  heartbeat.unref();
  app.addHook('onClose', async () => clearInterval(heartbeat));

  app.get(
    '/ws',
    {
      websocket: true,
      // A node at its socket cap refuses the upgrade before any other work, with when to retry;
      // the sockets it holds are served as before.
      onRequest: async () => {
        if (maxSockets > 0 && sessions.size >= maxSockets) {
          app.metrics.shed += 1;
          throw busyError(FULL_RETRY_AFTER_SECONDS, `socket cap ${maxSockets} reached`);
        }
      },
      preValidation: async (request) => {
        const query = check(WsQuery, request.query);
        if (!query.ok) throw new DomainError('invalid_message', query.error.message);
        request.boothLanguage = query.value.lang ?? requestLanguage(request.headers);
        request.boothSite = await siteForRequest(app.db, request, query.value.site, app.refusedOrigins);
        if (query.value.moderate) request.boothStaff = await app.staffAuth.forUpgrade(request, request.boothSite);
      },
    },
    (socket, request) => {
      // Nothing below keeps the upgrade's request: an open socket holds only what it needs.
      const { ip, log } = request;
      releaseUpgradeRequest(socket, request, (error) => onSocketError(error, socket, log));
      const site = request.boothSite as SiteRow;
      // Counted and checked before anything else, so a network at its cap holds no more than that.
      if (!caps.openFrom(ip)) {
        log.warn({ ip }, 'socket refused: too many from this network');
        const bye: ServerMessage = {
          type: 'bye',
          reason: 'busy',
          message: serverTranslator(request.boothLanguage ?? requestLanguage(request.headers)).t('bye.busy'),
        };
        socket.send(JSON.stringify(bye));
        socket.close(CLOSE_CODES.busy, 'too many connections from your network');
        setTimeout(() => socket.terminate(), CLOSE_GRACE_MS).unref();
        return;
      }
      const session = new SocketSession(socket, site, deps, ip, request.headers.origin, log);
      session.language = request.boothLanguage ?? requestLanguage(request.headers);
      sessions.add(session);
      socket.on('pong', () => {
        session.answeredPing = true;
      });
      if (request.boothStaff) {
        session.member = request.boothStaff.session.member;
        session.staffToken = request.boothStaff.token;
      }
      log.debug('socket opened');
      // Attached before any await, so no frame is missed.
      socket.on('message', (data, isBinary) => {
        app.metrics.framesIn += 1;
        // Binary frames go through the session too, so they spend the same frame limit.
        session.receive(isBinary ? null : data.toString());
      });
      socket.on('close', (code) => {
        log.debug({ code }, 'socket closed');
        session.dispose();
        sessions.delete(session);
        caps.closedFrom(ip);
      });
    },
  );
}

export default fp(wsTransport, {
  name: 'booth-ws',
  dependencies: ['booth-services', 'booth-metrics', 'booth-staff-auth'],
});
