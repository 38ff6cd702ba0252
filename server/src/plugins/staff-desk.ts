import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { StaffDesk } from '../live/staff-desk.js';

declare module 'fastify' {
  interface FastifyInstance {
    staffDesk: StaffDesk;
  }
}

export interface StaffDeskPluginOptions {
  /** Period of the presence heartbeat: each node repeats its count of moderation views per site, in ms. Default 10000. */
  presenceHeartbeatMs?: number;
  /** Heartbeats missed after which a node's moderation views stop counting (it died without a goodbye). Default 3. */
  presenceExpiryHeartbeats?: number;
}

const DEFAULT_HEARTBEAT_MS = 10_000;
const DEFAULT_EXPIRY_HEARTBEATS = 3;

/**
 * The node's staff desk: moderation views, "Staff online" and "Staff is typing…", shared with the
 * other nodes through the fan-out's signals.
 */
async function staffDeskPlugin(app: FastifyInstance, options: StaffDeskPluginOptions) {
  const heartbeatMs = options.presenceHeartbeatMs ?? DEFAULT_HEARTBEAT_MS;
  const expiryHeartbeats = options.presenceExpiryHeartbeats ?? DEFAULT_EXPIRY_HEARTBEATS;
  if (!Number.isInteger(heartbeatMs) || heartbeatMs < 10) {
    throw new Error(`presenceHeartbeatMs must be an integer of at least 10, not ${heartbeatMs}`);
  }
  if (!Number.isInteger(expiryHeartbeats) || expiryHeartbeats < 2) {
    throw new Error(`presenceExpiryHeartbeats must be an integer of at least 2, not ${expiryHeartbeats}`);
  }
  const desk = new StaffDesk(
    app.db,
    () => app.sessions ?? [],
    (error) => app.log.error({ err: error }, 'staff desk failed'),
    { nodeId: randomUUID(), fanout: app.fanout, heartbeatMs, expiryHeartbeats },
  );
  app.hub.onWakeBoard = (boardId) => desk.onBoardWake(boardId);
  app.hub.onCatchUp = () => desk.catchUp();
  app.fanout.onSignal((signal) => desk.receive(signal));
  app.fanout.onResync(() => desk.presence.resync());
  desk.presence.start();
  app.decorate('staffDesk', desk);
  // Runs before the fan-out closes (hooks run in reverse order), so the goodbye goes out.
  app.addHook('onClose', async () => desk.presence.stop());
}

export default fp(staffDeskPlugin, { name: 'booth-staff-desk', dependencies: ['booth-live'] });
