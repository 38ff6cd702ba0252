/**
 * The fan-out baseline: a bare `ws` server with no database and no protocol. Every text frame
 * a client sends is broadcast as it is to every other client. Same port-over-IPC contract as
 * booth-node.ts.
 */
import { WebSocketServer } from 'ws';

const server = new WebSocketServer({
  host: '127.0.0.1',
  port: 0,
  maxPayload: 256 * 1024,
  perMessageDeflate: process.env.BENCH_DEFLATE === 'true',
});
server.on('connection', (socket) => {
  socket.on('message', (data, isBinary) => {
    if (isBinary) return;
    for (const client of server.clients)
      if (client !== socket && client.readyState === client.OPEN) client.send(data, { binary: false });
  });
});
server.on('listening', () => {
  const address = server.address();
  process.send?.({ ready: true, port: typeof address === 'object' && address ? address.port : 0 });
});
process.once('SIGTERM', () => server.close(() => process.exit(0)));
// Gone with the benchmark that started it, even if that one was stopped.
process.once('disconnect', () => process.exit(0));
