import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { freePort } from './pg-cluster.js';

/**
 * An S3-compatible server for tests: moto's standalone server (`moto_server`, from the Python
 * package moto), started on a free loopback port. S3 storage is optional, so its cases are
 * skipped on a machine without it.
 */
export const NO_S3_REASON =
  'skipped: moto_server is not installed (pip install "moto[server]"; S3 storage is optional)';

export function s3ServerInstalled(): boolean {
  return spawnSync('moto_server', ['--help'], { stdio: 'ignore' }).status === 0;
}

export interface TestS3 {
  /** http://127.0.0.1:PORT */
  endpoint: string;
  /** Creates a bucket and returns its path-style address. */
  bucket(name: string): Promise<string>;
  stop(): Promise<void>;
}

/** Starts moto_server and waits until it answers. */
export async function startS3Server(): Promise<TestS3> {
  const port = await freePort();
  const child: ChildProcess = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  const endpoint = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt++) {
    try {
      await fetch(`${endpoint}/moto-api/`);
      break;
    } catch (error) {
      if (attempt > 100) throw new Error(`moto_server did not answer at ${endpoint}: ${String(error)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return {
    endpoint,
    async bucket(name) {
      // moto takes any credentials, and a bucket made without a signature.
      const created = await fetch(`${endpoint}/${name}`, { method: 'PUT' });
      if (!created.ok) throw new Error(`could not create bucket ${name}: HTTP ${created.status}`);
      return `${endpoint}/${name}`;
    },
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
