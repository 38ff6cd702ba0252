import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect as connectTcp } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './pg-cluster.js';

/** Debian's nats-server. */
export const NATS_SERVER = '/usr/sbin/nats-server';

/**
 * A NATS server with JetStream of the test's own, on a free port with its own storage folder: a
 * test may kill and restart it without disturbing the NATS other tests share.
 */
export interface ThrowawayNats {
  url: string;
  /** Kills the server outright (SIGKILL): clients see their connection drop with no goodbye. */
  kill(): Promise<void>;
  /** Starts it again on the same port and folder; resolves once it takes connections. */
  start(): Promise<void>;
  /** Kills it and deletes its folder. */
  destroy(): Promise<void>;
}

export function natsServerInstalled(): boolean {
  return existsSync(NATS_SERVER);
}

/** Resolves once something accepts TCP connections on 127.0.0.1:`port`. */
async function accepting(port: number, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`nats-server exited with ${child.exitCode} at start`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connectTcp(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`nats-server did not listen on port ${port}`);
}

export async function startThrowawayNats(): Promise<ThrowawayNats> {
  const dir = await mkdtemp(join(tmpdir(), 'booth-nats-'));
  const port = await freePort();
  let child: ChildProcess | null = null;
  const server: ThrowawayNats = {
    url: `nats://127.0.0.1:${port}`,
    async start() {
      child = spawn(NATS_SERVER, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', dir], { stdio: 'ignore' });
      await accepting(port, child);
    },
    async kill() {
      const running = child;
      child = null;
      if (!running || running.exitCode !== null) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGKILL');
      await exited;
    },
    async destroy() {
      await server.kill();
      await rm(dir, { recursive: true, force: true });
    },
  };
  await server.start();
  return server;
}
