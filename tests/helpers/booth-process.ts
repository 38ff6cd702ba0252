import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export { freePort } from './pg-cluster.js';

const MAIN = fileURLToPath(new URL('./booth-node.main.ts', import.meta.url));
/** The server package, where tsx (the loader the node runs under) is installed. */
const SERVER_DIR = fileURLToPath(new URL('../../server/', import.meta.url));

/** A Booth node running as a child process of the test. */
export interface BoothProcess {
  port: number;
  url: string;
  /** Sends SIGTERM and resolves once the process has exited (after its graceful shutdown). */
  terminate(): Promise<number | null>;
  /** Sends SIGKILL and resolves once the process is gone: no drain, no goodbye, as a crashed machine. */
  kill(): Promise<void>;
}

/** Starts a node on `port` with `env` (DATABASE_URL, BOOTH_TEST_SCHEMA, PUBLIC_URL …); resolves once it listens. */
export async function startBoothProcess(port: number, env: Record<string, string>): Promise<BoothProcess> {
  // The fan-out is the test's choice: a NATS_URL in the run's environment (CI sets one) is not inherited.
  const { NATS_URL: _natsUrl, ...inherited } = process.env;
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    cwd: SERVER_DIR,
    // As in test apps, no load shedding on event-loop lag unless a test asks for it: the machine
    // running the suite also runs the browser and the other node, which can lag a node's loop.
    env: { ...inherited, LOG_LEVEL: 'warn', MAX_EVENT_LOOP_DELAY_MS: '0', ...env, PORT: String(port) },
    // stdout carries the demo's sign-in banner and JSON logs; warnings and errors go to stderr too.
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the Booth node on port ${port} exited with ${code} at start`)));
    child.on('message', (message: { ready?: boolean }) => {
      if (message.ready) resolve();
    });
  });
  child.removeAllListeners('exit');
  const exited = new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    child.once('exit', (code) => resolve(code));
  });
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    terminate() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
