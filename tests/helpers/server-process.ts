import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SiteRow } from '../../server/src/db/database.js';
import { capturedLog } from './log-capture.js';
import { freePort } from './pg-cluster.js';
import { testDatabaseKind, testDatabaseUrl } from './test-database.js';

/** A Booth server run as its own program (the build, or another release's source), as an operator runs it. */
export interface ServerProcess {
  baseUrl: string;
  wsUrl(site: Pick<SiteRow, 'public_key'>): string;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

export interface ServerProcessOptions {
  /** The program and its arguments, e.g. `node server/dist/main.js`. */
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  /** How long to wait for `/readyz` to answer 200. Default 120 s (a cold embedded Postgres is slow on a busy machine). */
  readyTimeoutMs?: number;
}

/** The environment every spawned server shares: quiet, no demo, nothing inherited that changes its database. */
function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of ['PATH', 'HOME', 'TZ', 'LANG', 'NODE_OPTIONS']) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return { ...env, BOOTH_DEMO: 'false', LOG_LEVEL: 'info' };
}

/** Runs a command to completion and returns its output; throws with the output when it fails. */
export function runToEnd(options: Omit<ServerProcessOptions, 'readyTimeoutMs'>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(options.command, options.args, {
      cwd: options.cwd,
      env: { ...baseEnv(), ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve(output) : reject(new Error(`${options.args.join(' ')} exited with ${code}:\n${output}`)),
    );
  });
}

/** Starts a server process on a free port and resolves once its `/readyz` answers 200. */
export async function startServerProcess(options: ServerProcessOptions): Promise<ServerProcess> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: { ...baseEnv(), ...options.env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const code = await exited;
    // Its log lines join the file's capture, checked for secrets after the file.
    for (const line of output.split('\n')) if (line.startsWith('{')) capturedLog.write(line);
    return code;
  };
  const deadline = Date.now() + (options.readyTimeoutMs ?? 120_000);
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`the server exited with ${child.exitCode} before it was ready:\n${output}`);
    const response = await fetch(`${baseUrl}/readyz`).catch(() => null);
    if (response?.status === 200) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the server was not ready in time:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    baseUrl,
    wsUrl: (site) => `ws://127.0.0.1:${port}/ws?site=${site.public_key}`,
    output: () => output,
    stop,
  };
}

/**
 * Where a server process keeps its data in this test project: a fresh folder of its own
 * embedded Postgres, or `schema` of the test Postgres (reached through the connection's
 * `search_path`, as a server process knows no schema option). `dispose` removes the folder.
 */
export function processDatabaseEnv(schema: string): { env: Record<string, string>; dispose(): void } {
  if (testDatabaseKind() === 'postgres') {
    const url = new URL(testDatabaseUrl());
    url.searchParams.set('options', `-c search_path=${schema}`);
    return { env: { DATABASE_URL: url.toString() }, dispose() {} };
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'booth-process-'));
  return {
    env: { BOOTH_DATA_DIR: dataDir },
    dispose: () => rmSync(dataDir, { recursive: true, force: true }),
  };
}
