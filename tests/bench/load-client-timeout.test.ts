/**
 * The benchmarks' load clients give up on a request the server never answers, so a stuck server
 * fails a run instead of hanging it. Servers here take the request and stay silent.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { request } from '../../bench/lib/http-load.js';
import { LoadClient } from '../../bench/lib/load-client.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  // Last opened, first closed: a server waits for its connections to end.
  for (const close of closers.splice(0).reverse()) await close();
});

describe('bench load clients', () => {
  it('fail a socket request that is never answered, and still take answers to others', async () => {
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((resolve) => server.once('listening', resolve));
    closers.push(() => new Promise((resolve) => server.close(() => resolve())));
    server.on('connection', (socket) =>
      socket.on('message', (data: Buffer) => {
        const message = JSON.parse(data.toString()) as { id: string; type: string };
        if (message.type === 'ping') socket.send(JSON.stringify({ type: 'result', id: message.id, result: 'pong' }));
      }),
    );
    const client = await LoadClient.connect(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`, false, 200);
    closers.push(async () => client.close());
    const silent = client.request({ type: 'thread.open' });
    await expect(client.request({ type: 'ping' })).resolves.toBe('pong');
    await expect(silent).rejects.toThrow(/unanswered after 200 ms/);
  });

  it('fail an HTTP request that is never answered', async () => {
    const server = http.createServer(() => {});
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise((resolve) => server.close(() => resolve())));
    const agent = new http.Agent({ keepAlive: true });
    closers.push(async () => {
      agent.destroy();
      server.closeAllConnections();
    });
    const port = (server.address() as AddressInfo).port;
    await expect(request(agent, port, { method: 'GET', path: '/slow' }, undefined, 200)).rejects.toThrow(
      /GET \/slow unanswered after 200 ms/,
    );
  });
});
