import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { boundAddress, type MetricsAccess, mayScrape, metricsListener, OPEN_METRICS } from './metrics-access.js';

/**
 * What the live path counts. Counters are plain numbers bumped on the hot path (one socket
 * send per subscriber per event) and read only when Prometheus scrapes.
 */
export interface NodeMetrics {
  /** Frames received from widget sockets. */
  framesIn: number;
  /** Frames sent to widget sockets. */
  framesOut: number;
  /** Sockets cut off because their send buffer passed the bound. */
  slowConsumers: number;
  /** Wake-ups heard from the fan-out (this node's own writes included). */
  wakeups: number;
  /** HTTP requests and WebSocket upgrades refused with 503 because the node was overloaded. */
  shed: number;
  /** Records how long a write took, from its transaction's start to its commit. */
  observeWrite(type: string, seconds: number): void;
  /** Records how long after being written an event was handed to this node's subscribers. */
  observeFanoutLag(seconds: number): void;
  /** Counts a read routed to the read replica or to the primary (only with a replica configured). */
  observeRead(target: 'replica' | 'primary'): void;
}

declare module 'fastify' {
  interface FastifyInstance {
    metrics: NodeMetrics;
    /** The separate metrics port's address, when `/metrics` is served there. */
    metricsAddress(): AddressInfo | null;
  }
}

/** Write and fan-out latencies are milliseconds to a few seconds. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** A metric whose value is read from `read()` when Prometheus scrapes. */
function scraped(registry: Registry, kind: 'gauge' | 'counter', name: string, help: string, read: () => number) {
  if (kind === 'gauge') {
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(read());
      },
    });
    return;
  }
  new Counter({
    name,
    help,
    registers: [registry],
    collect() {
      this.reset();
      this.inc(read());
    },
  });
}

/**
 * Prometheus metrics at `GET /metrics`: sockets, subscriptions, frames in and out, slow
 * consumers cut off, write latency, fan-out lag and listener state, plus Node.js process
 * metrics. Each app has its own registry, so several nodes can share one process in tests.
 */
async function metricsPlugin(app: FastifyInstance, options: { access?: MetricsAccess }) {
  const access = options.access ?? OPEN_METRICS;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const writeDuration = new Histogram({
    name: 'booth_write_duration_seconds',
    help: 'Time from the start of a write to its commit, by request type.',
    labelNames: ['type'],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const fanoutLag = new Histogram({
    name: 'booth_fanout_lag_seconds',
    help: 'Time from an event being recorded to this node handing it to its subscribers.',
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const reads = new Counter({
    name: 'booth_db_reads_total',
    help: 'Lag-tolerant reads (pages, search, insights, exports) by the server they went to, with a read replica configured.',
    labelNames: ['target'],
    registers: [registry],
  });
  const metrics: NodeMetrics = {
    framesIn: 0,
    framesOut: 0,
    slowConsumers: 0,
    wakeups: 0,
    shed: 0,
    observeWrite: (type, seconds) => writeDuration.observe({ type }, seconds),
    observeFanoutLag: (seconds) => fanoutLag.observe(seconds),
    observeRead: (target) => reads.inc({ target }),
  };

  const live: Array<[kind: 'gauge' | 'counter', name: string, help: string, read: () => number]> = [
    ['gauge', 'booth_ws_connections', 'Open widget WebSocket connections on this node.', () => app.sessions.size],
    [
      'gauge',
      'booth_ws_subscriptions',
      'Board subscriptions (socket × board) on this node.',
      () => app.hub.subscriptionCount,
    ],
    [
      'gauge',
      'booth_fanout_connected',
      '1 while this node hears wake-ups from the other nodes, 0 while its listener reconnects.',
      () => (app.fanout.connected ? 1 : 0),
    ],
    [
      'gauge',
      'booth_replica_lag_seconds',
      'How long the oldest change the read replica has not replayed has waited (0 when caught up, or without a replica).',
      () => app.services.reads.replica()?.lagSeconds ?? 0,
    ],
    [
      'gauge',
      'booth_replica_lag_bytes',
      "Bytes of the primary's log the read replica has not replayed (0 without a replica).",
      () => app.services.reads.replica()?.lagBytes ?? 0,
    ],
    [
      'counter',
      'booth_write_groups_total',
      'Transactions that committed replies together (a reply alone counts as a group of one).',
      () => app.services.writeGroups?.counts.groups ?? 0,
    ],
    [
      'counter',
      'booth_write_group_writes_total',
      'Replies committed in those transactions: divided by booth_write_groups_total, the mean group size.',
      () => app.services.writeGroups?.counts.writes ?? 0,
    ],
    [
      'counter',
      'booth_write_group_retried_alone_total',
      'Replies run again alone because a reply of their group failed.',
      () => app.services.writeGroups?.counts.retriedAlone ?? 0,
    ],
    [
      'gauge',
      'booth_replica_usable',
      '1 while the read replica answers and is within its lag limit, 0 while reads go to the primary instead (1 without a replica).',
      () => (app.services.reads.replica()?.withinLimit === false ? 0 : 1),
    ],
    ['counter', 'booth_ws_messages_in_total', 'Frames received from widget sockets.', () => metrics.framesIn],
    ['counter', 'booth_ws_messages_out_total', 'Frames sent to widget sockets.', () => metrics.framesOut],
    ['counter', 'booth_ws_slow_consumers_total', 'Sockets cut off for falling behind.', () => metrics.slowConsumers],
    ['counter', 'booth_fanout_wakeups_total', 'Wake-ups heard from the fan-out.', () => metrics.wakeups],
    [
      'counter',
      'booth_shed_total',
      'HTTP requests and WebSocket upgrades refused with 503 because the node was overloaded.',
      () => metrics.shed,
    ],
  ];
  for (const [kind, name, help, read] of live) scraped(registry, kind, name, help, read);

  app.decorate('metrics', metrics);
  const scrape = async () => ({ contentType: registry.contentType, body: await registry.metrics() });
  if (access.port !== null) {
    // Metrics on their own port: the main port, which the public reaches, does not serve them.
    const server = metricsListener(access, scrape);
    app.decorate('metricsAddress', () => boundAddress(server));
    app.addHook('onReady', async () => {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(access.port ?? 0, access.host, () => resolve());
      });
    });
    app.addHook('onClose', async () => {
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    });
    return;
  }
  app.decorate('metricsAddress', () => null);
  app.get('/metrics', { logLevel: 'warn' }, async (request, reply) => {
    if (!mayScrape(access, request.headers.authorization)) {
      reply.header('www-authenticate', 'Bearer');
      return reply.status(401).send({ error: { code: 'forbidden', message: 'A metrics token is required.' } });
    }
    const { contentType, body } = await scrape();
    reply.type(contentType);
    return body;
  });
}

export default fp(metricsPlugin, { name: 'booth-metrics' });
