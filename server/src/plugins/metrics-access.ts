import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Who may read `/metrics`, and where it is served. */
export interface MetricsAccess {
  /** When set, a scrape must send `Authorization: Bearer <token>`. */
  token: string | null;
  /** When set, `/metrics` is served only on this port (0 picks a free one), not on the main one. */
  port: number | null;
  /** Interface of the separate metrics port. */
  host: string;
}

export const OPEN_METRICS: MetricsAccess = { token: null, port: null, host: '127.0.0.1' };

/** True when the request carries the bearer token (compared in constant time), or none is required. */
export function mayScrape(access: MetricsAccess, authorization: string | undefined): boolean {
  if (access.token === null) return true;
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  if (!match) return false;
  const given = Buffer.from(match[1] as string);
  const expected = Buffer.from(access.token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * A plain HTTP listener that answers only `GET /metrics`, for operators who keep metrics on a
 * port that the load balancer does not expose.
 */
export function metricsListener(
  access: MetricsAccess,
  scrape: () => Promise<{ contentType: string; body: string }>,
): Server {
  return createServer((request: IncomingMessage, response) => {
    const path = (request.url ?? '').split('?')[0];
    if (request.method !== 'GET' || path !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found\n');
      return;
    }
    if (!mayScrape(access, request.headers.authorization)) {
      response.writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Bearer' }).end('Unauthorized\n');
      return;
    }
    scrape().then(
      ({ contentType, body }) => response.writeHead(200, { 'content-type': contentType }).end(body),
      () => response.writeHead(500, { 'content-type': 'text/plain' }).end('Metrics failed\n'),
    );
  });
}

/** The address a started listener is bound to. */
export function boundAddress(server: Server): AddressInfo | null {
  const address = server.address();
  return typeof address === 'object' ? address : null;
}
