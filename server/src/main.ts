import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';

/** Starts Booth: loads the config, builds the app, listens, and closes gracefully on a signal. */
async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.databaseUrl) {
    process.stdout.write(`No DATABASE_URL: using the embedded Postgres in ${config.dataDir}\n`);
  }
  const app = await buildApp({ config });
  await app.listen({ port: config.port, host: config.host });
  const where = config.demo ? `the demo brand page: ${config.publicUrl}/` : `${config.publicUrl}/embed.js`;
  app.log.info({ url: config.publicUrl, port: config.port }, 'Booth is ready');
  // The banner is for a person: on stdout at a terminal; otherwise on stderr, so stdout stays JSON lines.
  (process.stdout.isTTY ? process.stdout : process.stderr).write(`\nBooth is ready. Open ${where}\n\n`);

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    app.close().then(
      () => process.exit(0),
      (error) => {
        app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(
      `Booth failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  process.exit(1);
});
