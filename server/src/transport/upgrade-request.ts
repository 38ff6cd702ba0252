import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';

/**
 * Lets go of the HTTP request a WebSocket was upgraded from, so an open socket does not keep it
 * (its headers, its Fastify request and reply, their logger) alive for hours: about 6 KiB a socket.
 *
 * Two things hold it. `@fastify/websocket` routes the upgrade through Fastify with a response
 * bound to the TCP socket, which stays bound after the upgrade; and it listens for the socket's
 * errors with a closure over the request and reply. The response is unbound (the upgrade has
 * answered the client, so it will write nothing) and the plugin's listener is replaced by
 * `onError`, which must not refer to the request either.
 */
export function releaseUpgradeRequest(
  socket: WebSocket,
  request: FastifyRequest,
  onError: (error: Error) => void,
): void {
  const tcp = request.raw.socket as Socket & { _httpMessage?: ServerResponse | null };
  tcp._httpMessage?.detachSocket(tcp);
  const pluginListeners = socket.listeners('error');
  socket.on('error', onError);
  for (const listener of pluginListeners) socket.off('error', listener as (error: Error) => void);
}
