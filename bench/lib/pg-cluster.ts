import { execFile, execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { chmod, chown, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Where Debian puts the Postgres 15 server programs. */
const PG_BIN = '/usr/lib/postgresql/15/bin';

/**
 * A throwaway Postgres cluster in a temporary folder, on a free port, with trust auth:
 * a test may stop and restart it without disturbing the Postgres other tests share, and a
 * benchmark may count the CPU of its processes knowing no other work runs on it.
 */
export interface ThrowawayPostgres {
  url: string;
  port: number;
  /** The running server's postmaster process id (from its postmaster.pid). */
  pid(): number;
  /** Stops the server (fast shutdown: open sessions are cut off). */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server and deletes its folder. */
  destroy(): Promise<void>;
  /** The same at once (immediate shutdown), for a process that is exiting and cannot wait. */
  destroyNow(): void;
}

/** A free TCP port on 127.0.0.1 (for servers that must be told their port, and may restart on it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** initdb refuses to run as root, so as root the programs run as the `postgres` user. */
function pgCommand(program: string, args: string[]): [string, string[]] {
  const path = join(PG_BIN, program);
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', path, ...args]] : [path, args];
}

async function pg(program: string, args: string[]): Promise<void> {
  const [command, argv] = pgCommand(program, args);
  await run(command, argv, { timeout: 60_000 });
}

/** A temporary folder the Postgres programs may write (as the `postgres` user when run as root). */
async function clusterFolder(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  if (process.getuid?.() === 0) await chown(dir, ...(await postgresIds()));
  await chmod(dir, 0o700);
  return dir;
}

/** Creates and starts a throwaway cluster. */
export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  const dir = await clusterFolder('booth-pg-');
  const data = join(dir, 'data');
  // initdb's trust setup also lets 127.0.0.1 connect for replication, which a replica needs.
  await pg('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']);
  return startCluster(dir, data);
}

/**
 * Makes a streaming replica of a throwaway cluster (a base backup that follows the primary's
 * log: `pg_basebackup -R`) and starts it as a hot standby on a port of its own.
 */
export async function startStreamingReplica(primary: Pick<ThrowawayPostgres, 'port'>): Promise<ThrowawayPostgres> {
  const dir = await clusterFolder('booth-pg-replica-');
  const data = join(dir, 'data');
  const source = ['-h', '127.0.0.1', '-p', String(primary.port), '-U', 'postgres'];
  await pg('pg_basebackup', [...source, '-D', data, '-R', '-X', 'stream', '--no-sync']);
  return startCluster(dir, data);
}

/** Starts the cluster in `data` on a free port; its folder `dir` goes when it is destroyed. */
async function startCluster(dir: string, data: string): Promise<ThrowawayPostgres> {
  const port = await freePort();
  const options = `-c listen_addresses=127.0.0.1 -c port=${port} -c unix_socket_directories=${dir} -c fsync=on`;
  let running = false;
  const cluster: ThrowawayPostgres = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    pid: () => Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]),
    async start() {
      await pg('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'server.log'), '-w', '-t', '60', 'start']);
      running = true;
    },
    async stop() {
      await pg('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '60', 'stop']);
      running = false;
    },
    async destroy() {
      if (running) await cluster.stop().catch(() => {});
      await rm(dir, { recursive: true, force: true });
    },
    destroyNow() {
      if (running) {
        const [command, argv] = pgCommand('pg_ctl', ['-D', data, '-m', 'immediate', '-w', '-t', '10', 'stop']);
        try {
          execFileSync(command, argv, { stdio: 'ignore', timeout: 15_000 });
        } catch {
          // Already gone.
        }
        running = false;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await cluster.start();
  return cluster;
}

async function postgresIds(): Promise<[number, number]> {
  const { stdout: uid } = await run('id', ['-u', 'postgres']);
  const { stdout: gid } = await run('id', ['-g', 'postgres']);
  return [Number(uid.trim()), Number(gid.trim())];
}

/** True when this machine has the Postgres 15 server programs. */
export async function hasPostgresPrograms(): Promise<boolean> {
  try {
    await run(join(PG_BIN, 'pg_ctl'), ['--version']);
    return true;
  } catch {
    return false;
  }
}
