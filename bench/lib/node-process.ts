import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { residentBytes } from './machine.js';

const BENCH_DIR = fileURLToPath(new URL('..', import.meta.url));

/** A server started as a child process of the benchmark: a Booth node or a baseline server. */
export interface ServerProcess {
  pid: number;
  port: number;
  /** Resident memory now, in bytes. */
  rss(): number;
  /** The process's memory after a full garbage collection (started with `--expose-gc`; else as it is). */
  memoryAfterGc(): Promise<NodeJS.MemoryUsage>;
  stop(): Promise<void>;
}

/**
 * Starts `script` (relative to bench/) under tsx in its own Node process, so the server's CPU and
 * memory are its own; resolves once it reports its port over IPC. `nodeArgs` go to that Node
 * (e.g. `--cpu-prof`).
 */
export async function startServer(
  script: string,
  env: Record<string, string>,
  nodeArgs: string[] = [],
): Promise<ServerProcess> {
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', script], {
    cwd: BENCH_DIR,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start within 60 s`)), 60_000);
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code} before it was ready`)));
    child.on('message', (message: { ready?: boolean; port?: number }) => {
      if (message.ready && message.port) {
        clearTimeout(timer);
        resolve(message.port);
      }
    });
  });
  const pid = child.pid as number;
  return {
    pid,
    port,
    rss: () => residentBytes(pid),
    memoryAfterGc: () =>
      new Promise<NodeJS.MemoryUsage>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${script} did not report its memory`)), 60_000);
        const onMessage = (message: { memory?: NodeJS.MemoryUsage }) => {
          if (!message.memory) return;
          clearTimeout(timer);
          child.off('message', onMessage);
          resolve(message.memory);
        };
        child.on('message', onMessage);
        child.send({ memory: true });
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
        child.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

/**
 * Starts a Booth node on `schema` of the bench database, with `env` added to its environment. With
 * `BENCH_CPU_PROF=<folder>` set, the node writes a V8 CPU profile there when it stops (open it in
 * Chrome's DevTools or speedscope), unless `nodeArgs` says otherwise.
 */
export function startBoothNode(
  databaseUrl: string,
  schema: string,
  env: Record<string, string> = {},
  nodeArgs: string[] = cpuProfileArgs(),
): Promise<ServerProcess> {
  return startServer('booth-node.ts', { DATABASE_URL: databaseUrl, BENCH_SCHEMA: schema, ...env }, nodeArgs);
}

/** Node's options to write a CPU profile into `BENCH_CPU_PROF`'s folder, if it is set. */
export function cpuProfileArgs(): string[] {
  const folder = process.env.BENCH_CPU_PROF;
  return folder ? ['--cpu-prof', `--cpu-prof-dir=${folder}`] : [];
}
