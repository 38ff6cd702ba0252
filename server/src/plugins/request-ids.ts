import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** What an incoming `x-request-id` (e.g. from a load balancer) must look like to be kept. */
const INCOMING_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * Fastify's `genReqId`: the load balancer's `x-request-id` when it looks sane, otherwise a
 * fresh UUID, so ids stay unique across nodes. Every log line of the request (and of a
 * WebSocket session, whose logger is its upgrade request's) carries it as `reqId`.
 */
export function requestId(request: IncomingMessage): string {
  const header = request.headers['x-request-id'];
  return typeof header === 'string' && INCOMING_ID.test(header) ? header : randomUUID();
}

/** Echoes the request id in an `x-request-id` response header, so a client report can name it. */
async function requestIdsPlugin(app: FastifyInstance) {
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
}

export default fp(requestIdsPlugin, { name: 'booth-request-ids' });
