import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { refusesConnections } from './request-in-flight.js';

/** Debian's nginx. */
export const NGINX = '/usr/sbin/nginx';
export const NO_NGINX_REASON = `skipped: nginx is not installed at ${NGINX} (Debian's nginx package; .ci/run installs it)`;

/** The configuration operators use (docs/operations.md shows it). */
export const BOOTH_NGINX_CONF = fileURLToPath(new URL('../../deploy/nginx/booth.conf', import.meta.url));

export function nginxInstalled(): boolean {
  return existsSync(NGINX);
}

/**
 * The repository's nginx configuration with this test's addresses: the upstream servers become
 * `upstreams` (host:port) and `listen 80` becomes 127.0.0.1:`port`. Everything else is as shipped.
 */
export function renderBoothConf(port: number, upstreams: string[]): string {
  const conf = readFileSync(BOOTH_NGINX_CONF, 'utf8');
  const servers = upstreams.map((u) => `  server ${u} max_fails=1 fail_timeout=10s;`).join('\n');
  const rendered = conf
    .replace(/^ {2}server \d+\.\d+\.\d+\.\d+:\d+[^\n]*\n(?: {2}server \d[^\n]*\n)*/m, `${servers}\n`)
    .replace(/^ {2}listen 80;$/m, `  listen 127.0.0.1:${port};`);
  if (!rendered.includes(servers) || !rendered.includes(`listen 127.0.0.1:${port};`)) {
    throw new Error('deploy/nginx/booth.conf no longer has the upstream and listen lines the test renders');
  }
  return rendered;
}

export interface Nginx {
  port: number;
  url: string;
  stop(): Promise<void>;
}

/**
 * Runs nginx in the foreground as this test's child, with its prefix, pid, logs and temp files in
 * a temporary folder and the repository's booth.conf included, rendered for `port` and `upstreams`.
 */
export async function startNginx(port: number, upstreams: string[]): Promise<Nginx> {
  const dir = mkdtempSync(join(tmpdir(), 'booth-nginx-'));
  writeFileSync(join(dir, 'booth.conf'), renderBoothConf(port, upstreams));
  writeFileSync(
    join(dir, 'nginx.conf'),
    `pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  access_log ${dir}/access.log;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  include ${dir}/booth.conf;
}
`,
  );
  const child: ChildProcess = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  for (let i = 0; i < 200 && (await refusesConnections(`http://127.0.0.1:${port}`)); i++) {
    if (exited) throw new Error(`nginx exited at start: ${readFileSync(join(dir, 'error.log'), 'utf8')}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        const done = () => {
          rmSync(dir, { recursive: true, force: true });
          resolve();
        };
        if (exited) return done();
        child.once('exit', done);
        child.kill('SIGQUIT');
      }),
  };
}
