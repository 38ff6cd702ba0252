import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Kysely } from 'kysely';
import { migrationsAreCurrent } from '../db/migrate.js';

export interface HealthPluginOptions {
  /** How long the readiness check waits for the database, in ms. Default 2000. */
  readinessTimeoutMs?: number;
}

/** The readiness checks: each true when that part works. */
export interface Readiness {
  ready: boolean;
  checks: {
    /** The database answers. */
    database: boolean;
    /** Every migration this build knows is applied. */
    migrations: boolean;
    /** This node hears other nodes' writes (always true on the single-node embedded Postgres). */
    fanout: boolean;
  };
  /**
   * The read replica, when one is configured. A replica that is away or too far behind does not
   * make the node unready: its reads go to the primary meanwhile (`withinLimit` false).
   */
  replica?: { withinLimit: boolean; reachable: boolean; lagSeconds: number; lagBytes: number };
}

const DEFAULT_READINESS_TIMEOUT_MS = 2000;

class ReadinessTimeout extends Error {
  override name = 'ReadinessTimeout';
}

/**
 * `GET /healthz`: the process is up (for restarts). `GET /readyz`: the node can serve (for load
 * balancers): 200 when the database answers, migrations are current and the fan-out listens,
 * otherwise 503 with the failing checks. With a read replica it also tells the replica's lag and
 * whether reads use it. While the node shuts down every request gets 503.
 */
async function healthPlugin(app: FastifyInstance, options: HealthPluginOptions) {
  const timeoutMs = options.readinessTimeoutMs ?? DEFAULT_READINESS_TIMEOUT_MS;
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) throw new Error('readinessTimeoutMs must be a positive integer');
  // Probes arriving while a check is running share it, so a hung database never piles up queries.
  let running: Promise<Readiness> | null = null;

  const check = async (): Promise<Readiness> => {
    let database = false;
    let migrations = false;
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new ReadinessTimeout()), timeoutMs);
      });
      migrations = await Promise.race([migrationsAreCurrent(app.db as Kysely<unknown>), timeout]);
      database = true;
    } catch (error) {
      app.log.warn({ err: error }, 'readiness: database unreachable');
    } finally {
      clearTimeout(timer);
    }
    const fanout = app.fanout.connected;
    const replica = app.services.reads.replica();
    return {
      ready: database && migrations && fanout,
      checks: { database, migrations, fanout },
      ...(replica ? { replica } : {}),
    };
  };

  app.get('/healthz', { logLevel: 'warn' }, async () => ({ ok: true }));
  app.get('/readyz', { logLevel: 'warn' }, async (_request, reply) => {
    running ??= check().finally(() => {
      running = null;
    });
    const readiness = await running;
    return reply.status(readiness.ready ? 200 : 503).send(readiness);
  });
}

export default fp(healthPlugin, { name: 'booth-health', dependencies: ['booth-database', 'booth-services'] });
