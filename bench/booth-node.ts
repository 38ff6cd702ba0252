/**
 * A Booth node for the benchmarks: the real app from buildApp, on one schema of the bench
 * database, listening on a free port of 127.0.0.1. It reports its port to the parent over IPC
 * and shuts down gracefully on SIGTERM. `BENCH_DEFLATE=true` offers permessage-deflate. Per-socket frame limits are lifted: the load generator
 * speaks for many visitors over few sockets.
 */
import { buildApp } from '../server/src/app.js';
import { loadConfig } from '../server/src/config.js';
import { openDatabase } from '../server/src/db/connect.js';

// The load generator speaks for thousands of visitors from one address: the per-address HTTP
// (and upgrade) limit and the per-network socket cap are off here; per-site write limits are lifted on the benchmark's site.
const config = loadConfig({
  ...process.env,
  BOOTH_DEMO: 'false',
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'error',
  PORT: '0',
  HTTP_RATE_LIMIT: '0',
  WS_MAX_SOCKETS_PER_NETWORK: '1000000',
});
const database = await openDatabase({
  url: config.databaseUrl,
  dataDir: null,
  schema: process.env.BENCH_SCHEMA ?? 'public',
  poolSize: Number(process.env.BENCH_POOL_SIZE ?? 10),
});
const app = await buildApp({
  config,
  database,
  ws: { frameBurst: 1_000_000, framesPerSecond: 1_000_000, perMessageDeflate: process.env.BENCH_DEFLATE === 'true' },
});
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
process.send?.({ ready: true, port: typeof address === 'object' && address ? address.port : 0 });

// The benchmark asks for the node's memory after a full collection (it starts the node with --expose-gc).
process.on('message', (message: { memory?: boolean }) => {
  if (!message.memory) return;
  const collect = (globalThis as { gc?: () => void }).gc;
  collect?.();
  collect?.();
  process.send?.({ memory: process.memoryUsage() });
});

process.once('SIGTERM', () => {
  app
    .close()
    .then(() => database.close())
    .finally(() => process.exit(0));
});
// Gone with the benchmark that started it, even if that one was stopped mid-run.
process.once('disconnect', () => process.exit(0));
