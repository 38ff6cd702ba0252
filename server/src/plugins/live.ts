import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { getOrCreateSecret } from '../db/secrets.queries.js';
import type { Services } from '../domain/services.js';
import { DEFAULT_SSO_TOKEN_RULES, type SsoTokenRules } from '../domain/tokens.js';
import { channelName } from '../fanout/channel-names.js';
import type { Fanout } from '../fanout/fanout.js';
import { InProcessFanout } from '../fanout/in-process-fanout.js';
import { PgNotifyFanout } from '../fanout/pg-notify-fanout.js';
import { BoardHub } from '../live/board-hub.js';

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
    hub: BoardHub;
    fanout: Fanout;
  }
}

export interface LivePluginOptions {
  now?: () => Date;
  /** Period of the safety-net re-read of every subscribed board, in ms. Default 5000. */
  catchUpIntervalMs?: number;
  /** First delay before the fan-out's listener reconnects, in ms. Default 500. */
  fanoutReconnectDelayMs?: number;
  /** SSO token age and lifetime limits (from the config). */
  ssoTokens?: SsoTokenRules;
}

/**
 * Live delivery: the node's board hub, the fan-out that wakes it from other nodes, and the
 * services every use case gets. The embedded Postgres serves one node, so it fans out in-process.
 */
async function livePlugin(app: FastifyInstance, options: LivePluginOptions) {
  const log = app.log.child({ component: 'live' });
  const metrics = app.metrics;
  const hub = new BoardHub(
    app.db,
    (error) => log.error({ err: error }, 'event delivery failed'),
    (seconds) => metrics.observeFanoutLag(seconds),
  );
  let fanout: Fanout;
  if (app.database.embedded) {
    fanout = new InProcessFanout();
  } else {
    const pgFanout = new PgNotifyFanout({
      url: app.database.url,
      channel: channelName('events', app.database.schema),
      signalChannel: channelName('signals', app.database.schema),
      ...(options.fanoutReconnectDelayMs !== undefined ? { reconnectDelayMs: options.fanoutReconnectDelayMs } : {}),
      onError: (error) => log.warn({ err: error }, 'fan-out connection problem'),
      onInvalidSignal: (reason) => log.warn({ reason }, 'malformed fan-out signal ignored'),
      onListening: () => log.info('fan-out listening'),
    });
    await pgFanout.start();
    fanout = pgFanout;
  }
  fanout.onWake((boardId, seq) => {
    metrics.wakeups += 1;
    hub.wake(boardId, seq > 0 ? seq : undefined);
  });
  fanout.onResync(() => hub.wakeAll());
  hub.startCatchUp(options.catchUpIntervalMs ?? 5000);

  const services: Services = {
    db: app.db,
    now: options.now ?? (() => new Date()),
    guestSecret: await getOrCreateSecret(app.db, 'guest_token'),
    ssoTokens: options.ssoTokens ?? DEFAULT_SSO_TOKEN_RULES,
    published: (boardId, events) => {
      hub.record(boardId, events);
      const last = events.at(-1);
      if (last && !app.database.embedded) fanout.publish(boardId, last.seq);
    },
    observeWrite: (type, seconds) => metrics.observeWrite(type, seconds),
  };
  app.decorate('hub', hub);
  app.decorate('fanout', fanout);
  app.decorate('services', services);
  app.addHook('onClose', async () => {
    hub.stop();
    await fanout.close();
  });
}

export default fp(livePlugin, { name: 'booth-live', dependencies: ['booth-database', 'booth-metrics'] });
